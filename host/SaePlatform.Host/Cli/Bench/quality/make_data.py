"""Benchmark activation sets for the quality benchmark, one .npy per data class (float32 [rows, d_in]).

    /usr/bin/python3 make_data.py OUT_FOLDER [--fashion-mnist /usr/share/datasets/fashion-mnist]

- residual.npy: 60,000 x 256 rows shaped like a transformer's residual stream: a large shared mean, three
  "massive" dimensions, sparse features on random unit directions, heavy-tailed (Student-t, 3 dof) noise and
  row norms varying about 2x.
- embeddings.npy: 50,000 x 128 unit-norm rows (sentence-embedding-like): a sparse mix of 1,024 atoms plus noise,
  L2-normalised.
- mlp.npy (needs torch and Fashion-MNIST): the 512-unit post-ReLU hidden layer of a 784-512-10 MLP trained for
  two epochs on Fashion-MNIST's 60,000 training images, over all 70,000 images.
The synthetic toy comes from the built-in `synthetic` data source, so it needs no file.
"""

import gzip
import sys
from pathlib import Path

import numpy as np


def residual_like(rng, rows=60_000, d=256, features=2_048, active=24):
    directions = rng.standard_normal((features, d))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    mean = rng.standard_normal(d) * 2.0
    x = np.empty((rows, d), np.float64)
    for start in range(0, rows, 10_000):
        n = min(10_000, rows - start)
        codes = np.zeros((n, features))
        idx = rng.integers(0, features, size=(n, active))
        np.put_along_axis(codes, idx, rng.exponential(1.0, size=(n, active)), axis=1)
        block = codes @ directions + 0.3 * rng.standard_t(3, size=(n, d))
        block *= rng.uniform(0.7, 1.4, size=(n, 1))          # row norms vary ~2x
        x[start:start + n] = block + mean
    x[:, [3, 77, 191]] += np.array([40.0, -25.0, 60.0])      # massive dimensions
    return x.astype(np.float32)


def embeddings_like(rng, rows=50_000, d=128, atoms=1_024, active=8):
    dictionary = rng.standard_normal((atoms, d))
    dictionary /= np.linalg.norm(dictionary, axis=1, keepdims=True)
    codes = np.zeros((rows, atoms))
    idx = rng.integers(0, atoms, size=(rows, active))
    np.put_along_axis(codes, idx, rng.uniform(0.2, 1.0, size=(rows, active)), axis=1)
    x = codes @ dictionary + 0.05 * rng.standard_normal((rows, d))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32)


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * dims).reshape(shape)


def mlp_activations(folder, seed=0):
    import torch
    torch.manual_seed(seed)
    folder = Path(folder)
    train = read_idx(folder / "train-images-idx3-ubyte.gz").reshape(-1, 784) / 255.0
    labels = read_idx(folder / "train-labels-idx1-ubyte.gz").astype(np.int64)
    test = read_idx(folder / "t10k-images-idx3-ubyte.gz").reshape(-1, 784) / 255.0
    x = torch.tensor(train, dtype=torch.float32)
    y = torch.tensor(labels)
    hidden = torch.nn.Linear(784, 512)
    head = torch.nn.Linear(512, 10)
    opt = torch.optim.Adam(list(hidden.parameters()) + list(head.parameters()), lr=1e-3)
    for _ in range(2):
        order = torch.randperm(len(x))
        for start in range(0, len(x), 128):
            batch = order[start:start + 128]
            loss = torch.nn.functional.cross_entropy(head(torch.relu(hidden(x[batch]))), y[batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        everything = torch.tensor(np.concatenate([train, test]), dtype=torch.float32)
        return torch.relu(hidden(everything)).numpy().astype(np.float32)


def main(argv):
    if not argv:
        sys.exit(__doc__)
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    fmnist = argv[argv.index("--fashion-mnist") + 1] if "--fashion-mnist" in argv else "/usr/share/datasets/fashion-mnist"
    rng = np.random.default_rng(0)
    np.save(out / "residual.npy", residual_like(rng))
    np.save(out / "embeddings.npy", embeddings_like(rng))
    try:
        np.save(out / "mlp.npy", mlp_activations(fmnist))
    except (ImportError, FileNotFoundError) as e:
        print(f"mlp.npy skipped: {e}", file=sys.stderr)
    for f in sorted(out.glob("*.npy")):
        a = np.load(f, mmap_mode="r")
        print(f"{f.name}: {a.shape[0]} x {a.shape[1]}")


if __name__ == "__main__":
    main(sys.argv[1:])
