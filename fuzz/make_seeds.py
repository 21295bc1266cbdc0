"""Writes the weights seeds of the fuzz targets (run from the repository root; numpy only).

Small, valid files of every kind the readers take, including the NumPy layouts netc reads
besides the common one (Fortran order, big-endian), and a few archives a hostile file would
start from (a huge declared size, duplicate names, an entry that is not .npy). The fuzzer
mutates them; keep each under a few kilobytes.
"""
import io
import json
import os
import struct
import zipfile

import numpy as np

ROOT = "fuzz/src/test/resources/dev/netc/fuzz/WeightsFuzzTestInputs"


def out(kind, name, data):
    with open(os.path.join(ROOT, kind, name), "wb") as f:
        f.write(data)


def npy(a):
    b = io.BytesIO()
    np.save(b, a, allow_pickle=False)
    return b.getvalue()


def npy_raw(descr, shape, data, fortran=False):
    """A version 1.0 .npy whose header says what it is told, true or not."""
    h = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shape)
    h += " " * (63 - (10 + len(h)) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h.encode("latin1") + data


def npz(compressed=False, **arrays):
    b = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(b, **arrays)
    return b.getvalue()


def safetensors(tensors, metadata=None):
    header, offset, data = {}, 0, b""
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        data += raw
    if metadata:
        header["__metadata__"] = metadata
    h = json.dumps(header, separators=(",", ":")).encode()
    return struct.pack("<Q", len(h)) + h + data


w = np.arange(12, dtype=np.float32).reshape(3, 4) / 7
out("npy", "f4.npy", npy(w))
out("npy", "f8_fortran.npy", npy(np.asfortranarray(w.astype(np.float64))))
out("npy", "f4_big_endian.npy", npy(w.astype(">f4")))
out("npy", "f8_big_endian_fortran.npy", npy(np.asfortranarray(w.astype(">f8")).T))
out("npy", "f2.npy", npy(w.astype(np.float16)))
out("npy", "i8.npy", npy(np.array([[1, -2], [3, 2**40]], dtype=np.int64)))
out("npy", "i4_big_endian.npy", npy(np.array([7, -8, 9], dtype=">i4")))
out("npy", "i1_3d_fortran.npy", npy(np.asfortranarray(np.arange(24, dtype=np.int8).reshape(2, 3, 4))))
out("npy", "scalar.npy", npy(np.float32(2.5)))
out("npy", "empty.npy", npy(np.zeros((0, 5), dtype=np.float32)))
out("npy", "huge_shape.npy", npy_raw("<f4", "(1000000000000,)", b"\0" * 4))

out("npz", "savez.npz", npz(w=w, b=np.ones(4, np.float32)))
out("npz", "savez_compressed.npz", npz(True, w=w, ids=np.arange(5, dtype=np.int64)))
out("npz", "fortran_big_endian.npz", npz(w=np.asfortranarray(w.astype(">f4")), i=np.array([1, 2], ">i8")))
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("w.npy", npy(w))
    z.writestr("readme.txt", b"not an array")
out("npz", "not_npy_entry.npz", b.getvalue())
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_STORED) as z:
    z.writestr("w.npy", npy(w))
    z.writestr("w.npy", npy(w * 2))
out("npz", "duplicate_names.npz", b.getvalue())
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
    # A bomb in miniature: a header declaring 10^12 floats, then a megabyte of zeros that
    # deflates to about a kilobyte.
    z.writestr("bomb.npy", npy_raw("<f4", "(1000000000000,)", bytes(1 << 20)))
out("npz", "bomb.npz", b.getvalue())

f4 = w.tobytes()
out("safetensors", "f32.safetensors", safetensors({"w": ("F32", [3, 4], f4), "b": ("F32", [4], np.ones(4, np.float32).tobytes())}))
out("safetensors", "mixed.safetensors", safetensors({
    "h": ("F16", [2, 2], np.ones(4, np.float16).tobytes()),
    "bf": ("BF16", [3], b"\x80\x3f\x00\x40\x40\x40"),
    "d": ("F64", [2], np.array([1.5, -2], np.float64).tobytes()),
    "ids": ("I64", [2], np.array([1, 2**40], np.int64).tobytes()),
    "pos": ("I32", [2], np.array([3, 4], np.int32).tobytes()),
    "q": ("I8", [3], np.array([-1, 0, 1], np.int8).tobytes())}, {"format": "pt"}))
out("safetensors", "huge_shape.safetensors", safetensors({"w": ("F32", [1000000, 1000000], b"")}))
out("safetensors", "empty.safetensors", safetensors({}))
