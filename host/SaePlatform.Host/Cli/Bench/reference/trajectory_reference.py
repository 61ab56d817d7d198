#!/usr/bin/env python3
"""PyTorch autograd trajectories of SAE training, in float64 and float32, for the trajectory test.

Written from the math in SAE_REFERENCE.md and the plugins' documented options, not from the C# code. The test
(tests/SaePlatform.Plugins.Tests/TorchTrajectoryTests.cs) writes the rows, each case's initial
weights (.npy) and a spec; this script trains every case from those weights on those rows, in file order, with
Adam and global-norm clipping, and writes every loss term of every step:

    python3 trajectory_reference.py spec.json out.json

spec.json: {"rows": "rows.npy", "batch": 256, "steps": 200, "lr": 1e-3, "clip": 1.0,
            "cases": [{"name": ..., "architecture": "standard", "coefficient": 2.0, "options": {...},
                       "weights": {"W_enc": "file.npy", ...}, "trainable": ["W_enc", ...]}]}
out.json:  {"torch": "1.13.0", "cases": {name: {"float64": {term: [per step]}, "float32": {...}, "margin": [per step],
                                                "masks": "masks_<name>.npy"}}}

"masks" names an .npy file beside out.json, uint8 [steps, 2, ceil(rows * d_sae / 8)]: per step of the float64 run,
np.packbits of which codes are non-zero, and of which codes were decided within NEAR of their boundary (a ReLU kink, a
gate, a JumpReLU threshold, the k-th against the (k+1)-th TopK or BatchTopK score). "margin" is, per step, how close the
decisions that the codes do not show came to theirs (the AuxK selection, a JumpReLU kernel edge), relative. Where it is
about float32 rounding, float32 arithmetic may take the other branch (one feature more or less in one row), after
which the trajectories legitimately part: past such a step a float32 run says nothing about correctness.

Needs numpy and PyTorch (Debian: apt-get install python3-numpy python3-torch).
"""
import json
import math
import os
import sys

import numpy as np
import torch

MSE = "losses/mse_loss"
SPARSITY = "losses/l1_loss"
AUX = "losses/auxiliary_reconstruction_loss"
OVERALL = "losses/overall_loss"


def mse(x_hat, x):
    """SAE_REFERENCE.md's MSE: squared error summed over d_in, mean over rows."""
    return (x_hat - x).pow(2).sum(dim=1).mean()


def decoder_norms(p):
    return p["W_dec"].norm(dim=1)


def centred(p, x, o):
    return x - p["b_dec"] if o.get("apply_b_dec_to_input", True) else x


# A decision whose value lies this close to its boundary (relative to the batch's largest value) can go either way in
# float32: the test forgives a float32 run that takes it the other way, and compares only the steps before.
NEAR = 1e-5


def near_zero(h):
    """Entries within NEAR of a ReLU kink or a gate's step."""
    a = h.detach().abs()
    return a < NEAR * a.max().clamp(min=1e-30)


def near_selection_boundary(scores, k):
    """Per row, the k-th and (k+1)-th largest scores when they are within NEAR of each other (a near-tie)."""
    scores = scores.detach()
    if k <= 0 or k >= scores.shape[-1]:
        return torch.zeros_like(scores, dtype=torch.bool)
    top = scores.topk(k + 1, dim=-1).values
    kth, nxt = top[..., k - 1:k], top[..., k:k + 1]
    tie = (kth - nxt).abs() < NEAR * scores.abs().max().clamp(min=1e-30)
    return tie & ((scores == kth) | (scores == nxt))


def gap_margin(scores, k):
    """Per row, the gap between the k-th and (k+1)-th largest scores relative to the k-th; the smallest."""
    if k <= 0 or k >= scores.shape[-1]:
        return math.inf
    top = scores.detach().topk(k + 1, dim=-1).values
    kth, nxt = top[..., k - 1], top[..., k]
    finite = torch.isfinite(kth) & torch.isfinite(nxt) & (kth != 0)
    if not bool(finite.any()):
        return math.inf
    return float(((kth - nxt).abs() / kth.abs().clamp(min=1e-30))[finite].min())


class Standard:
    """f = ReLU(x_c W_enc + b_enc); loss = MSE + lambda mean_b sum_i f_i ||W_dec,i||."""

    def __init__(self, o, d_in, d_sae):
        self.o = o

    def losses(self, p, x, coefficient):
        h = centred(p, x, self.o) @ p["W_enc"] + p["b_enc"]
        self.margin = math.inf
        self.fragile = near_zero(h)
        f = torch.relu(h)
        x_hat = f @ p["W_dec"] + p["b_dec"]
        self.fired = f.detach() != 0
        weights = decoder_norms(p) if self.o.get("decoder_norm") != "unit_norm" else torch.ones_like(p["b_enc"])
        return [(MSE, mse(x_hat, x)), (SPARSITY, coefficient * (f * weights).sum(dim=1).mean())]

    def after_step(self, p):
        pass


class SparseAutoencoder(Standard):
    """The classic sparse autoencoder with ReLU codes and the decoder-norm weighted L1 (untied weights)."""


class Gated:
    """Rajamanoharan et al. 2024, SAELens's form (the auxiliary decoder is not detached)."""

    def __init__(self, o, d_in, d_sae):
        self.o = o

    def losses(self, p, x, coefficient):
        xc = centred(p, x, self.o)
        pi_gate = xc @ p["W_enc"] + p["b_gate"]
        pi_mag = xc @ (p["W_enc"] * torch.exp(p["r_mag"])) + p["b_mag"]
        gate_act = torch.relu(pi_gate)
        self.margin = math.inf
        self.fragile = near_zero(pi_gate) | near_zero(pi_mag)
        f = (pi_gate > 0).to(x.dtype) * torch.relu(pi_mag)
        x_hat = f @ p["W_dec"] + p["b_dec"]
        self.fired = f.detach() != 0
        aux = mse(gate_act @ p["W_dec"] + p["b_dec"], x)
        penalty = (gate_act * decoder_norms(p)).sum(dim=1).mean()
        return [(AUX, aux), (MSE, mse(x_hat, x)), (SPARSITY, coefficient * penalty)]

    def after_step(self, p):
        pass


class DeadFeatures:
    """Steps since each feature last fired; dead once that reaches the window (read before the step's batch)."""

    def __init__(self, d_sae, window):
        self.since = np.zeros(d_sae, dtype=np.int64)
        self.window = window

    def dead(self):
        return torch.from_numpy(self.since >= self.window)

    def observe(self, f):
        fired = (f != 0).any(dim=0).numpy()
        self.since += 1
        self.since[fired] = 0


def aux_k(p, h, x, x_hat, dead, o, d_in, rank=None):
    """AuxK (Gao et al. 2024): the dead features' top-k_aux raw pre-activations reconstruct the detached residual.
    SAELens's form, chosen by aux_k_rank_by_decoder_norm and aux_k_decoder_bias: the dead features are ranked by the
    main selection's score h * ||W_dec,i|| (`rank`), and the auxiliary reconstruction is the SAE's decode, b_dec included."""
    n_dead = int(dead.sum())
    alpha = o.get("aux_k_coefficient", 1.0)
    if n_dead == 0 or alpha == 0:
        return torch.zeros((), dtype=x.dtype)
    k_aux = min(o.get("aux_k", 0) or max(1, d_in // 2), n_dead)
    scale = min(n_dead / max(1, d_in // 2), 1.0)
    scores = rank if rank is not None and o.get("aux_k_rank_by_decoder_norm", False) else h
    masked = torch.where(dead[None, :], scores, torch.full_like(scores, -math.inf))
    indices = masked.topk(k_aux, dim=1).indices
    aux_k.margin = gap_margin(masked, k_aux)
    a = torch.zeros_like(h).scatter(1, indices, h.gather(1, indices))
    residual = (x - x_hat).detach()
    decoded = a @ p["W_dec"] + (p["b_dec"] if o.get("aux_k_decoder_bias", False) else 0)
    return alpha * scale * mse(decoded, residual)


class TopK:
    """Keep the k largest h_i ||W_dec,i|| of each row, ReLU them; loss = MSE + alpha AuxK."""

    def __init__(self, o, d_in, d_sae):
        self.o, self.d_in = o, d_in
        self.tracker = DeadFeatures(d_sae, o.get("dead_feature_window", 1000))

    def losses(self, p, x, coefficient):
        h = centred(p, x, self.o) @ p["W_enc"] + p["b_enc"]
        rank = h
        if self.o.get("rescale_acts_by_decoder_norm", True) and self.o.get("decoder_norm") != "unit_norm":
            rank = h * decoder_norms(p).detach()
        indices = rank.topk(self.o["k"], dim=1).indices
        f = torch.zeros_like(h).scatter(1, indices, torch.relu(h.gather(1, indices)))
        x_hat = f @ p["W_dec"] + p["b_dec"]
        self.fired = f.detach() != 0
        aux_k.margin = math.inf
        aux = aux_k(p, h, x, x_hat, self.tracker.dead(), self.o, self.d_in, rank)
        self.margin = aux_k.margin
        self.fragile = near_selection_boundary(rank, self.o["k"]) | near_zero(h)
        self.tracker.observe(f.detach())
        return [(MSE, mse(x_hat, x)), (AUX, aux)]

    def after_step(self, p):
        pass


class BatchTopK:
    """ReLU(h), then the floor(k B) largest positive entries of the whole batch (Bussmann et al. 2024)."""

    def __init__(self, o, d_in, d_sae):
        self.o, self.d_in = o, d_in
        self.tracker = DeadFeatures(d_sae, o.get("dead_feature_window", 1000))

    def codes(self, p, x):
        h = centred(p, x, self.o) @ p["W_enc"] + p["b_enc"]
        r = torch.relu(h).flatten()
        keep = min(int(math.floor(self.o["k"] * x.shape[0])), r.numel())
        indices = r.topk(keep).indices
        mask = torch.zeros_like(r)
        mask[indices] = 1.0
        f = (r * mask).view_as(h)
        self.fragile = (near_selection_boundary(r[None, :], keep)[0] | near_zero(r)).view_as(h)
        return h, f

    def losses(self, p, x, coefficient):
        h, f = self.codes(p, x)
        x_hat = f @ p["W_dec"] + p["b_dec"]
        self.fired = f.detach() != 0
        aux_k.margin = math.inf
        aux = aux_k(p, h, x, x_hat, self.tracker.dead(), self.o, self.d_in)
        self.margin = aux_k.margin
        self.tracker.observe(f.detach())
        return [(MSE, mse(x_hat, x)), (AUX, aux)]

    def after_step(self, p):
        pass  # the inference threshold's EMA does not enter training


class Matryoshka(BatchTopK):
    """BatchTopK plus the MSE of each prefix reconstruction (features 0..m-1), m = d_sae/8, /4, /2 by default."""

    def __init__(self, o, d_in, d_sae):
        super().__init__(o, d_in, d_sae)
        widths = o.get("prefix_widths") or [d_sae // 8, d_sae // 4, d_sae // 2]
        self.prefixes = sorted({m for m in widths if 1 <= m < d_sae})

    def losses(self, p, x, coefficient):
        h, f = self.codes(p, x)
        x_hat = f @ p["W_dec"] + p["b_dec"]
        self.fired = f.detach() != 0
        terms = [(MSE, mse(x_hat, x))]
        for m in self.prefixes:
            terms.append((f"{MSE}_prefix_{m}", mse(f[:, :m] @ p["W_dec"][:m] + p["b_dec"], x)))
        aux_k.margin = math.inf
        terms.append((AUX, aux_k(p, h, x, x_hat, self.tracker.dead(), self.o, self.d_in)))
        self.margin = aux_k.margin
        self.tracker.observe(f.detach())
        return terms


def rectangle(u):
    return (u.abs() < 0.5).to(u.dtype)


class JumpReluFunction(torch.autograd.Function):
    """f = h 1[h > theta]; d/dh = 1[h > theta]; d/dtheta = -(theta/eps) K((h - theta)/eps) (SAELens)."""

    @staticmethod
    def forward(ctx, h, theta, eps):
        ctx.save_for_backward(h, theta)
        ctx.eps = eps
        return h * (h > theta).to(h.dtype)

    @staticmethod
    def backward(ctx, g):
        h, theta = ctx.saved_tensors
        eps = ctx.eps
        dh = (h > theta).to(h.dtype) * g
        dtheta = (-(theta / eps) * rectangle((h - theta) / eps) * g).sum(dim=0)
        return dh, dtheta, None


class StepFunction(torch.autograd.Function):
    """H(h - theta); no gradient to h; d/dtheta = -(1/eps) K((h - theta)/eps) (SAELens)."""

    @staticmethod
    def forward(ctx, h, theta, eps):
        ctx.save_for_backward(h, theta)
        ctx.eps = eps
        return (h > theta).to(h.dtype)

    @staticmethod
    def backward(ctx, g):
        h, theta = ctx.saved_tensors
        eps = ctx.eps
        dtheta = (-(1.0 / eps) * rectangle((h - theta) / eps) * g).sum(dim=0)
        return torch.zeros_like(h), dtheta, None


class JumpRelu:
    """f = JumpReLU(h, theta), theta a direct parameter kept >= 0; sparsity lambda mean_b sum_i H(h_i - theta_i)."""

    def __init__(self, o, d_in, d_sae):
        self.o = o
        self.eps = o.get("bandwidth", 0.05)

    def losses(self, p, x, coefficient):
        h = centred(p, x, self.o) @ p["W_enc"] + p["b_enc"]
        u = (h - p["threshold"]).detach()
        self.fragile = near_zero(u)
        # The threshold's pseudo-gradient steps at the kernel's edges |h - theta| = eps/2.
        self.margin = float(((u.abs() - self.eps / 2).abs() / self.eps).min())
        f = JumpReluFunction.apply(h, p["threshold"], self.eps)
        x_hat = f @ p["W_dec"] + p["b_dec"]
        self.fired = f.detach() != 0
        l0 = StepFunction.apply(h, p["threshold"], self.eps).sum(dim=1).mean()
        return [(MSE, mse(x_hat, x)), (SPARSITY, coefficient * l0)]

    def after_step(self, p):
        with torch.no_grad():
            p["threshold"].clamp_(min=0.0)


ARCHITECTURES = {
    "standard": Standard, "gated": Gated, "topk": TopK, "batchtopk": BatchTopK, "matryoshka": Matryoshka,
    "jumprelu": JumpRelu, "sparse_ae": SparseAutoencoder,
}


def train(spec, case, rows, dtype, folder):
    weights = {name: torch.from_numpy(np.load(os.path.join(folder, file)).astype(np.float64)).to(dtype)
               for name, file in case["weights"].items()}
    trainable = [name for name in case["trainable"] if name in weights]
    for name in trainable:
        weights[name].requires_grad_(True)
    d_in, d_sae = weights["W_enc"].shape
    arch = ARCHITECTURES[case["architecture"]](case.get("options", {}), d_in, d_sae)
    params = [weights[name] for name in trainable]
    adam = torch.optim.Adam(params, lr=spec["lr"], betas=(0.9, 0.999), eps=1e-8)
    data = torch.from_numpy(rows).to(dtype)
    batch, n = spec["batch"], rows.shape[0]
    history, margins, masks = {}, [], []
    for step in range(spec["steps"]):
        first = step * batch % n
        x = data[first:first + batch]
        terms = arch.losses(weights, x, case["coefficient"])
        total = terms[0][1]
        for _, value in terms[1:]:
            total = total + value
        for name, value in terms + [(OVERALL, total)]:
            history.setdefault(name, []).append(float(value))
        margins.append(arch.margin if math.isfinite(arch.margin) else None)
        fired = arch.fired.flatten().numpy()
        masks.append(np.stack([np.packbits(fired), np.packbits(arch.fragile.flatten().numpy())]))
        adam.zero_grad(set_to_none=True)
        total.backward()
        if spec["clip"] > 0:
            torch.nn.utils.clip_grad_norm_(params, spec["clip"])
        adam.step()
        arch.after_step(weights)
    return history, margins, np.stack(masks)


def main():
    spec_path, out_path = sys.argv[1], sys.argv[2]
    folder = os.path.dirname(os.path.abspath(spec_path))
    with open(spec_path) as f:
        spec = json.load(f)
    torch.set_num_threads(1)
    rows = np.load(os.path.join(folder, spec["rows"])).astype(np.float64)
    cases = {}
    for case in spec["cases"]:
        history64, margins, masks = train(spec, case, rows, torch.float64, folder)
        history32, _, _ = train(spec, case, rows, torch.float32, folder)
        masks_file = f"masks_{case['name']}.npy"
        np.save(os.path.join(os.path.dirname(os.path.abspath(out_path)), masks_file), masks)
        cases[case["name"]] = {"float64": history64, "float32": history32, "margin": margins, "masks": masks_file}
    with open(out_path, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f)


if __name__ == "__main__":
    main()
