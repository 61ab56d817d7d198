#!/usr/bin/env python3
"""PyTorch reference for `sae bench`'s training-step cases, to compare on the same machine in the same session.

The steps mirror StepBench.cs: x uniform in [-1, 1], weights uniform in [-0.05, 0.05], zero biases, Adam (lr 1e-4),
global-norm clipping at 1, weights restored after a 2 s warm-up, median of the measured steps. One JSON line per case.

    python3 pytorch_step_bench.py --size mid --arch gated --threads 2
    python3 pytorch_step_bench.py --size large --size xl --arch standard --arch topk --device cuda

On a GPU (--device cuda) each timed step ends with torch.cuda.synchronize(), as `sae bench`'s steps end with a read.

Needs PyTorch (Debian: apt-get install python3-torch, which uses the system OpenBLAS).
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

SIZES = {"small": (64, 512, 1024), "mid": (512, 4096, 4096), "large": (768, 16384, 4096), "xl": (4096, 65536, 4096)}
REPEATS = {"small": 200, "mid": 10, "large": 5, "xl": 5}
DEFAULT_SIZES = ["small", "mid", "large"]  # xl (an LLM-sized SAE) is for GPUs: name it with --size xl
DEVICE = "cpu"
TOPK = 32
SPARSITY_COEFFICIENT = 5.0


def standard(p, x):
    f = torch.relu((x - p["b_dec"]) @ p["W_enc"] + p["b_enc"])
    x_hat = f @ p["W_dec"] + p["b_dec"]
    mse = (x_hat - x).pow(2).sum(-1).mean()
    return mse + SPARSITY_COEFFICIENT * (f * p["W_dec"].norm(dim=1)).sum(-1).mean()


def topk_codes(p, x):
    h = (x - p["b_dec"]) @ p["W_enc"] + p["b_enc"]
    values, indices = h.topk(TOPK, dim=-1, sorted=False)
    return torch.relu(values), indices


def topk_dense(p, x):
    values, indices = topk_codes(p, x)
    f = torch.zeros(x.shape[0], p["W_enc"].shape[1], device=x.device).scatter_(-1, indices, values)
    x_hat = f @ p["W_dec"] + p["b_dec"]
    return (x_hat - x).pow(2).sum(-1).mean()


def topk_sparse(p, x):
    values, indices = topk_codes(p, x)
    x_hat = F.embedding_bag(indices, p["W_dec"], per_sample_weights=values, mode="sum") + p["b_dec"]
    return (x_hat - x).pow(2).sum(-1).mean()


def gated_loss(p, x, pi_gate, pi_mag, decode_both):
    gate_act = torch.relu(pi_gate)
    f = (pi_gate > 0).to(x.dtype) * torch.relu(pi_mag)
    x_hat, x_aux = decode_both(f, gate_act)
    return gated_terms(p, x, gate_act, x_hat, x_aux)


def gated_terms(p, x, gate_act, x_hat, x_aux):
    mse = (x_hat - x).pow(2).sum(-1).mean()
    penalty = (gate_act * p["W_dec"].norm(dim=1)).sum(-1).mean()
    aux = (x_aux - x).pow(2).sum(-1).mean()
    return mse + SPARSITY_COEFFICIENT * penalty + aux


def decode_separately(p):
    return lambda f, g: (f @ p["W_dec"] + p["b_dec"], g @ p["W_dec"] + p["b_dec"])


def decode_stacked(p):
    def decode(f, g):
        both = torch.cat([f, g]) @ p["W_dec"] + p["b_dec"]
        return both[: f.shape[0]], both[f.shape[0]:]
    return decode


def gated_saelens(p, x):
    # As SAELens's GatedTrainingSAE computes it: the magnitude path has its own encoder product with
    # W_enc * exp(r_mag), and the auxiliary loss recomputes the gate pre-activation.
    x_c = x - p["b_dec"]
    pi_gate = x_c @ p["W_enc"] + p["b_gate"]
    f = (pi_gate > 0).to(x.dtype) * torch.relu(x_c @ (p["W_enc"] * torch.exp(p["r_mag"])) + p["b_mag"])
    x_hat = f @ p["W_dec"] + p["b_dec"]
    gate_act = torch.relu(x_c @ p["W_enc"] + p["b_gate"])
    return gated_terms(p, x, gate_act, x_hat, gate_act @ p["W_dec"] + p["b_dec"])


def gated_shared(p, x):
    # One encoder product: x_c (W_enc * exp(r)) = (x_c W_enc) * exp(r).
    h = (x - p["b_dec"]) @ p["W_enc"]
    return gated_loss(p, x, h + p["b_gate"], h * torch.exp(p["r_mag"]) + p["b_mag"], decode_separately(p))


def gated_shared_stacked(p, x):
    h = (x - p["b_dec"]) @ p["W_enc"]
    return gated_loss(p, x, h + p["b_gate"], h * torch.exp(p["r_mag"]) + p["b_mag"], decode_stacked(p))


def gated_detached(p, x):
    # The paper's auxiliary loss: the gate path reconstructs through stop-gradient copies of W_dec and b_dec, so the
    # auxiliary term trains the encoder only (no second W_dec gradient).
    h = (x - p["b_dec"]) @ p["W_enc"]
    pi_gate = h + p["b_gate"]
    gate_act = torch.relu(pi_gate)
    f = (pi_gate > 0).to(x.dtype) * torch.relu(h * torch.exp(p["r_mag"]) + p["b_mag"])
    x_hat = f @ p["W_dec"] + p["b_dec"]
    x_aux = gate_act @ p["W_dec"].detach() + p["b_dec"].detach()
    return gated_terms(p, x, gate_act, x_hat, x_aux)


CASES = {
    "standard": [("standard", standard)],
    "topk": [("topk-dense-decode", topk_dense), ("topk-sparse-decode", topk_sparse)],
    "gated": [("gated-saelens", gated_saelens), ("gated-shared-encoder", gated_shared),
              ("gated-shared-stacked-decode", gated_shared_stacked)],
    "gated-detached": [("gated-detached-aux", gated_detached)],
}


def parameters(arch, d_in, d_sae, gen):
    def uniform(*shape):
        return (torch.rand(*shape, generator=gen, device=DEVICE) * 0.1 - 0.05).requires_grad_()

    p = {"W_enc": uniform(d_in, d_sae), "W_dec": uniform(d_sae, d_in), "b_dec": torch.zeros(d_in, device=DEVICE, requires_grad=True)}
    names = ["b_gate", "b_mag", "r_mag"] if arch.startswith("gated") else ["b_enc"]
    for name in names:
        p[name] = torch.zeros(d_sae, device=DEVICE, requires_grad=True)
    return p


def run(arch, variant, loss_fn, size, repeats):
    d_in, d_sae, batch = SIZES[size]
    gen = torch.Generator(device=DEVICE).manual_seed(7)
    x = torch.rand(batch, d_in, generator=gen, device=DEVICE) * 2 - 1
    p = parameters(arch, d_in, d_sae, gen)
    initial = {k: v.detach().clone() for k, v in p.items()}
    optimizer = torch.optim.Adam(p.values(), lr=1e-4)

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss_fn(p, x).backward()
        torch.nn.utils.clip_grad_norm_(p.values(), 1.0)
        optimizer.step()
        if DEVICE.startswith("cuda"):
            torch.cuda.synchronize()

    start = time.perf_counter()
    warm = 0
    while warm < 3 or time.perf_counter() - start < 2.0:
        step()
        warm += 1
    with torch.no_grad():
        for k, v in p.items():
            v.copy_(initial[k])
    seconds = []
    for _ in range(repeats):
        t = time.perf_counter()
        step()
        seconds.append(time.perf_counter() - t)
    median = statistics.median(seconds)
    return {"case": f"pytorch/{variant}/{size}", "d_in": d_in, "d_sae": d_sae, "batch": batch, "steps": repeats,
            "samples_per_second_median": round(batch / median), "step_seconds_median": median,
            "step_seconds_min": min(seconds), "threads": torch.get_num_threads(), "torch": torch.__version__, "device": DEVICE,
            "tf32": torch.backends.cuda.matmul.allow_tf32}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", action="append", choices=list(SIZES), help="default: all")
    parser.add_argument("--arch", action="append", choices=list(CASES), help="default: all")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=0, help="measured steps per case (default: by size)")
    parser.add_argument("--device", default="cpu", help="torch device: cpu (default) or cuda")
    parser.add_argument("--tf32", action="store_true", help="allow TF32 matmuls on cuda (sae bench --gemm-precision tf32)")
    args = parser.parse_args()
    global DEVICE
    DEVICE = args.device
    torch.backends.cuda.matmul.allow_tf32 = args.tf32
    torch.set_num_threads(args.threads)
    for size in args.size or DEFAULT_SIZES:
        for arch in args.arch or list(CASES):
            for variant, loss_fn in CASES[arch]:
                print(json.dumps(run(arch, variant, loss_fn, size, args.repeats or REPEATS[size])), flush=True)


if __name__ == "__main__":
    main()
