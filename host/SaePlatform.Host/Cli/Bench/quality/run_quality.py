"""Quality benchmark: trains architectures with their defaults on each data class and prints, per run, one JSON
line with the held-out (test split) explained variance, L0 and dead fraction, plus the run's verdict.

    python3 run_quality.py DATA_FOLDER [--arch standard,topk,...] [--data toy,residual,embeddings,mlp]
        [--variant NAME:key=value,key=value ...] [--set key=value ...] [--sae "dotnet .../sae.dll"] [--work DIR]

DATA_FOLDER holds the .npy files of make_data.py (the toy needs none). Only the data, the architecture and,
for the topk family, k (32) are set: everything else is the platform's default, which is what is measured.
--set adds the same override to every run (e.g. training.steps=300 for a quick pass: say so when you report);
each --variant runs every case again with its overrides (e.g. saelens_auxk:architecture.aux_k_decoder_bias=true,
architecture.aux_k_rank_by_decoder_norm=true).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ARCHITECTURES = ["standard", "gated", "jumprelu", "topk", "batchtopk", "matryoshka", "sparse_ae"]
DATA = ["toy", "residual", "embeddings", "mlp"]
K = 32

REPO = Path(__file__).resolve().parents[5]
DEFAULT_SAE = f"dotnet {REPO / 'host/SaePlatform.Host/bin/Release/net10.0/sae.dll'}"


def data_section(name, folder):
    if name == "toy":
        return "data:\n  type: synthetic\n  d_in: 64\n  n_features: 256\n  rows: 100000\n"
    return f"data:\n  type: npy\n  paths: [{folder / (name + '.npy')}]\n"


def architecture_section(arch):
    text = f"architecture:\n  type: {arch}\n"
    if arch in ("topk", "batchtopk", "matryoshka"):
        text += f"  k: {K}\n"
    if arch in ("gated", "sparse_ae"):
        text += "penalty:\n  type: l1\n"
    return text


def run(sae, work, data_name, folder, arch, variant, overrides):
    name = f"{data_name}_{arch}_{variant}"
    run_dir = work / name
    run_dir.mkdir(parents=True, exist_ok=True)
    config = run_dir / "config.yaml"
    config.write_text(
        f"run:\n  model: quality\n  layer: {name}\n  seed: 1\n  output_dir: {run_dir / 'out'}\n"
        + data_section(data_name, folder) + architecture_section(arch) + "visualizers: []\n")
    args = sae.split() + ["train", str(config)]
    for o in overrides:
        args += ["--set", o]
    started = time.time()
    proc = subprocess.run(args, capture_output=True, text=True)
    seconds = time.time() - started
    result = {"data": data_name, "arch": arch, "variant": variant, "exit_code": proc.returncode, "seconds": round(seconds, 1)}
    evaluation = run_dir / "out" / "quality" / f"{name}_evaluation.json"
    health = run_dir / "out" / "quality" / f"{name}_run_health.json"
    if evaluation.exists():
        e = json.loads(evaluation.read_text())
        result.update(test_ev=round(e["explained_variance"], 4), l0=round(e["l0"], 2), dead=round(e["dead_fraction"], 4), steps=e.get("step"))
    if health.exists():
        h = json.loads(health.read_text())
        result["verdict"] = h.get("verdict")
    if proc.returncode != 0:
        result["error"] = (proc.stderr or proc.stdout).strip().splitlines()[-1:] 
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_folder")
    parser.add_argument("--arch", default=",".join(ARCHITECTURES))
    parser.add_argument("--data", default=",".join(DATA))
    parser.add_argument("--variant", action="append", default=[])
    parser.add_argument("--set", action="append", default=[])
    parser.add_argument("--sae", default=os.environ.get("SAE", DEFAULT_SAE))
    parser.add_argument("--work", default="quality-runs")
    parser.add_argument("--no-defaults", action="store_true", help="run only the --variant runs, not the plain defaults")
    a = parser.parse_args()
    variants = [] if a.no_defaults else [("defaults", [])]
    for v in a.variant:
        label, _, pairs = v.partition(":")
        variants.append((label, [p for p in pairs.split(",") if p]))
    folder = Path(a.data_folder).resolve()
    work = Path(a.work).resolve()
    for data_name in a.data.split(","):
        if data_name != "toy" and not (folder / (data_name + ".npy")).exists():
            print(json.dumps({"data": data_name, "skipped": f"{folder / (data_name + '.npy')} missing (make_data.py)"}), flush=True)
            continue
        for arch in a.arch.split(","):
            for label, overrides in variants:
                print(json.dumps(run(a.sae, work, data_name, folder, arch, label, a.set + overrides)), flush=True)


if __name__ == "__main__":
    sys.exit(main())
