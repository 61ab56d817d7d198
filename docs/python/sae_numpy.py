"""Load an SAE folder in SAELens v6's format with only numpy, and encode/decode it as SAELens does.

Written from SAELens's documented inference formulas (SAE_REFERENCE.md, SAELens 6.18's StandardSAE,
GatedSAE, TopKSAE and JumpReLUSAE), not from SaePlatform's code, so it doubles as an independent check:

    python3 docs/python/sae_numpy.py check SAE_FOLDER ROWS.npy OUT_PREFIX [SAE_FOLDER ROWS.npy OUT_PREFIX ...]

writes OUT_PREFIX_codes.npy, OUT_PREFIX_recon.npy and OUT_PREFIX_margin.npy (per row, the distance of
the nearest pre-activation to a decision boundary: top-k cut, JumpReLU threshold or gate; rows with a tiny
margin may legitimately differ in support between two float implementations).

As a library (numpy only; float64 arithmetic unless dtype=np.float32):

    from sae_numpy import load_sae
    sae = load_sae("results/saes/quickstart/synthetic")
    codes = sae.encode(x)        # [rows, d_sae], as SAELens's SAE.encode
    x_hat = sae.decode(codes)    # [rows, d_in], raw units, as SAELens's SAE.decode after that encode
"""

import json
import struct
import sys
from pathlib import Path

import numpy as np

_SAFETENSORS_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "U8": "u1"}


def read_safetensors(path):
    """Every tensor of a .safetensors file: 8-byte little-endian header length, JSON header, raw data."""
    raw = Path(path).read_bytes()
    (header_length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + header_length])
    data = raw[8 + header_length :]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype=_SAFETENSORS_DTYPES[info["dtype"]]).reshape(info["shape"])
    return tensors


class NumpySae:
    """An SAE folder (sae_weights.safetensors + cfg.json) with SAELens's encode and decode."""

    def __init__(self, folder, dtype=np.float64):
        folder = Path(folder)
        self.cfg = json.loads((folder / "cfg.json").read_text())
        self.dtype = dtype
        self.w = {k: v.astype(dtype) for k, v in read_safetensors(folder / "sae_weights.safetensors").items()}
        self.architecture = self.cfg["architecture"]
        self.apply_b_dec = bool(self.cfg.get("apply_b_dec_to_input", True))
        self.normalize = self.cfg.get("normalize_activations", "none")
        self._restore = None

    # SAELens's run_time_activation_norm_fn_in / _out. expected_average_only_in needs nothing here: its scale is
    # folded into the saved weights (cfg.json then says "none").
    def _normalise(self, x):
        d_in = x.shape[-1]
        if self.normalize == "constant_norm_rescale":
            coeff = np.sqrt(d_in) / np.linalg.norm(x, axis=-1, keepdims=True)
            self._restore = lambda y: y / coeff
            return x * coeff
        if self.normalize == "layer_norm":
            mu = x.mean(axis=-1, keepdims=True)
            centred = x - mu
            std = centred.std(axis=-1, ddof=1, keepdims=True)  # torch's unbiased std
            self._restore = lambda y: y * std + mu
            return centred / (std + 1e-5)
        self._restore = lambda y: y
        return x

    def _decoder_norms(self):
        return np.linalg.norm(self.w["W_dec"], axis=1)

    def pre_activations(self, x):
        """The normalised, centred input and the pre-activation h the architecture selects from."""
        x = self._normalise(np.asarray(x, dtype=self.dtype))
        sae_in = x - self.w["b_dec"] * self.apply_b_dec
        if self.architecture == "gated":
            return sae_in, sae_in @ self.w["W_enc"] + self.w["b_gate"]
        h = sae_in @ self.w["W_enc"] + self.w["b_enc"]
        if self.architecture == "topk" and self.cfg.get("rescale_acts_by_decoder_norm", False):
            h = h * self._decoder_norms()
        return sae_in, h

    def encode(self, x):
        sae_in, h = self.pre_activations(x)
        arch = self.architecture
        if arch == "standard":
            return np.maximum(h, 0)
        if arch == "jumprelu":
            return np.maximum(h, 0) * (h > self.w["threshold"])
        if arch == "gated":
            magnitude = sae_in @ (self.w["W_enc"] * np.exp(self.w["r_mag"])) + self.w["b_mag"]
            return (h > 0) * np.maximum(magnitude, 0)
        if arch == "topk":
            k = int(self.cfg["k"])
            keep = np.argpartition(-h, k - 1, axis=-1)[:, :k]
            codes = np.zeros_like(h)
            np.put_along_axis(codes, keep, np.maximum(np.take_along_axis(h, keep, axis=-1), 0), axis=-1)
            return codes
        if arch == "sparse_ae":  # SaePlatform's classic SAE with a sigmoid code; SAELens has no such class
            if self.cfg.get("activation") == "sigmoid":
                return 1 / (1 + np.exp(-h))
            return np.maximum(h, 0)
        raise ValueError(f"architecture {arch!r} is not one this loader knows")

    def decode(self, codes):
        codes = np.asarray(codes, dtype=self.dtype)
        if self.architecture == "topk" and self.cfg.get("rescale_acts_by_decoder_norm", False):
            codes = codes / self._decoder_norms()
        out = codes @ self.w["W_dec"] + self.w["b_dec"]
        return self._restore(out) if self._restore is not None else out

    def boundary_margin(self, x):
        """Per row, how close a pre-activation is to flipping in or out of the support."""
        sae_in, h = self.pre_activations(x)
        rows = h.shape[0]
        if self.architecture == "topk":
            k = int(self.cfg["k"])
            ordered = -np.sort(-h, axis=-1)
            return ordered[:, k - 1] - ordered[:, k] if k < h.shape[1] else np.full(rows, np.inf)
        if self.architecture == "jumprelu":
            return np.abs(h - self.w["threshold"]).min(axis=-1)
        if self.architecture == "gated":
            return np.abs(h).min(axis=-1)
        return np.full(rows, np.inf)


def load_sae(folder, dtype=np.float64):
    return NumpySae(folder, dtype)


def _check(args):
    if len(args) == 0 or len(args) % 3 != 0:
        sys.exit("usage: sae_numpy.py check SAE_FOLDER ROWS.npy OUT_PREFIX [...]")
    for i in range(0, len(args), 3):
        folder, rows, prefix = args[i : i + 3]
        sae = load_sae(folder)
        x = np.load(rows)
        codes = sae.encode(x)
        recon = sae.decode(codes)
        margin = sae.boundary_margin(x)
        np.save(prefix + "_codes.npy", codes.astype(np.float64))
        np.save(prefix + "_recon.npy", recon.astype(np.float64))
        np.save(prefix + "_margin.npy", np.asarray(margin, dtype=np.float64))


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "check":
        _check(sys.argv[2:])
    else:
        sys.exit(__doc__)
