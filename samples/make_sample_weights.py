#!/usr/bin/env python3
"""Writes the weights files of the samples (seeded, so the output is reproducible).

Usage: python3 samples/make_sample_weights.py   (needs numpy; the files are committed,
so nothing else needs Python).
"""
import json
import pathlib
import struct

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent


SAFETENSORS_DTYPES = {"<f4": "F32", "<i8": "I64"}


def write_safetensors(path, tensors):
    """safetensors: u64 little-endian header length, JSON header, then the raw data. Floats are
    written as F32; int64 arrays keep their type."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        value = np.asarray(tensors[name])
        data = np.ascontiguousarray(value, dtype="<i8" if value.dtype == np.int64 else "<f4")
        raw = data.tobytes()
        dtype = SAFETENSORS_DTYPES[data.dtype.str]
        header[name] = {"dtype": dtype, "shape": list(data.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def linear(rng, fan_in, fan_out):
    """nn.Linear's default initialization: U(-1/sqrt(in), 1/sqrt(in)), weight stored [out, in]."""
    bound = 1 / np.sqrt(fan_in)
    return rng.uniform(-bound, bound, (fan_out, fan_in)), rng.uniform(-bound, bound, fan_out)


def mlp():
    rng = np.random.default_rng(784)
    tensors = {}
    for name, (i, o) in {"fc1": (784, 128), "fc2": (128, 64), "fc3": (64, 10)}.items():
        w, b = linear(rng, i, o)
        tensors[name + ".weight"], tensors[name + ".bias"] = w, b
    write_safetensors(HERE / "mlp.safetensors", tensors)


def encoder():
    rng = np.random.default_rng(64)
    d, f = 64, 256
    tensors = {}
    for p in "qkvo":
        w, b = linear(rng, d, d)
        tensors["W" + p], tensors["b" + p] = w.T, b
    w, b = linear(rng, d, f)
    tensors["W1"], tensors["b1"] = w.T, b
    w, b = linear(rng, f, d)
    tensors["W2"], tensors["b2"] = w.T, b
    for ln in ("ln1", "ln2"):
        tensors[ln + "_gamma"] = 1 + 0.1 * rng.standard_normal(d)
        tensors[ln + "_beta"] = 0.1 * rng.standard_normal(d)
    write_safetensors(HERE / "transformer_encoder.safetensors", tensors)


def weights_dtype():
    """errors/weights_dtype.nn: an f32 parameter bound to a tensor of int64 ids."""
    tensors = {"ids": np.arange(1, 7, dtype=np.int64).reshape(2, 3),
               "W": np.array([[0.5, -1], [2, 0], [1, 3]], dtype=np.float32)}
    write_safetensors(HERE / "errors" / "weights_dtype.safetensors", tensors)


if __name__ == "__main__":
    mlp()
    encoder()
    weights_dtype()
