#!/usr/bin/env python3
"""Writes the reference weight files that the Java weight-reader tests compare against.

NumPy writes the .npy and .npz files itself, and computes every expected float32 value
(F16 and F64 through astype, BF16 by keeping the top 16 bits of a float32), so the tests check
the Java conversions against NumPy rather than against themselves. Integer tensors (int64,
int32, int8) are expected back exactly as NumPy holds them. There is no safetensors
package here, so the safetensors files are laid out by hand following the format's reference
implementation: an 8-byte little-endian header length, compact JSON with "__metadata__" first
and tensors in name order, spaces padding the header to a multiple of 8 bytes, then the data.

The outputs are committed; the build has no Python. Rerun after changing this script:

    python3 runtime/src/test/python/make_weight_fixtures.py
"""

import json
import pathlib
import struct

import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "weights"

# Rows of the expected-values file: (file, tensor, float32 array as read).
expected = []

# Rows of the expected-integers file: (file, tensor, safetensors dtype name, array as stored).
expected_integers = []

SAFETENSORS_NAMES = {np.dtype("<i8"): "I64", np.dtype("<i4"): "I32", np.dtype("|i1"): "I8"}


def record(file, tensor, values):
    expected.append((file, tensor, np.array(values, dtype=np.float32, order="C")))


def record_integers(file, tensor, values):
    # Big-endian arrays are recorded by their values, under the little-endian type's name.
    values = np.array(values, dtype=values.dtype.newbyteorder("<"), order="C")
    expected_integers.append((file, tensor, SAFETENSORS_NAMES[values.dtype], values))


def safetensors(path, tensors, metadata=None):
    """tensors: list of (name, safetensors dtype, shape, raw little-endian bytes), any order."""
    header = {}
    if metadata:
        header["__metadata__"] = dict(sorted(metadata.items()))
    data = b""
    for name, dtype, shape, raw in sorted(tensors, key=lambda t: t[0]):
        header[name] = {
            "dtype": dtype,
            "shape": list(shape),
            "data_offsets": [len(data), len(data) + len(raw)],
        }
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + data)


def main():
    OUT.mkdir(parents=True, exist_ok=True)

    # A lone .npy of float32; the Java NpyWriter must reproduce it byte for byte.
    f4 = np.array([[1.0, -2.5, 0.0], [-0.0, 3.4028235e38, 1e-45]], dtype="<f4")
    np.save(OUT / "f4.npy", f4)
    record("f4.npy", "f4", f4)

    # float64 narrowed to float32: underflow to -0, overflow to inf, ties to even.
    f8 = np.array([0.1, -1e-50, 1e300, np.pi, 1 + 2.0**-24, 1 + 3 * 2.0**-24], dtype="<f8")
    np.save(OUT / "f8.npy", f8)
    record("f8.npy", "f8", f8.astype(np.float32))

    # np.savez: stored zip entries.
    weight = (np.arange(6, dtype="<f4").reshape(2, 3) / 7).astype("<f4")
    bias = np.array([0.5, -0.25], dtype="<f8")
    np.savez(OUT / "savez.npz", weight=weight, bias=bias)
    record("savez.npz", "weight", weight)
    record("savez.npz", "bias", bias.astype(np.float32))

    # np.savez_compressed: deflated zip entries, including a half-precision array and a scalar.
    kernel = (np.arange(6, dtype="<f4").reshape(3, 2) - 2.5).astype("<f4")
    half = np.array([65504, 6e-8, -np.inf, 0.1], dtype="<f4").astype("<f2")
    scalar = np.array(42.0, dtype="<f4")
    np.savez_compressed(OUT / "savez_compressed.npz", kernel=kernel, half=half, scalar=scalar)
    record("savez_compressed.npz", "kernel", kernel)
    record("savez_compressed.npz", "half", half.astype(np.float32))
    record("savez_compressed.npz", "scalar", scalar)

    # Safetensors with every supported dtype; F16 and F32 data deliberately unaligned.
    f16 = np.array(
        [65504, 6e-8, -6e-8, np.inf, -np.inf, -0.0, np.nan, 1 / 3, 6.1035156e-05],
        dtype="<f4",
    ).astype("<f2").reshape(3, 3)
    bf16_source = np.array([1.0, -2.0, np.pi, 1e38, np.inf, np.nan], dtype="<f4")
    bf16_bits = (bf16_source.view("<u4") >> 16).astype("<u2").reshape(2, 3)
    bf16 = (bf16_bits.astype("<u4") << 16).view("<f4")
    f32 = np.array([[1.5, -0.0], [1e-45, -np.inf]], dtype="<f4")
    f64 = np.array([0.1, 1e300, -5e-324], dtype="<f8")
    empty = np.zeros((0, 4), dtype="<f4")
    safetensors(
        OUT / "mixed.safetensors",
        [
            ("f16", "F16", f16.shape, f16.tobytes()),
            ("bf16", "BF16", bf16_bits.shape, bf16_bits.tobytes()),
            ("f32", "F32", f32.shape, f32.tobytes()),
            ("f64", "F64", f64.shape, f64.tobytes()),
            ("empty", "F32", empty.shape, empty.tobytes()),
        ],
        metadata={"format": "pt", "producer": "make_weight_fixtures.py"},
    )
    record("mixed.safetensors", "f16", f16.astype(np.float32))
    record("mixed.safetensors", "bf16", bf16)
    record("mixed.safetensors", "f32", f32)
    record("mixed.safetensors", "f64", f64.astype(np.float32))
    record("mixed.safetensors", "empty", empty)

    # An F32-only file laid out as the reference writer would; SafetensorsWriter must match it.
    a_weight = (np.arange(6, dtype="<f4").reshape(2, 3) * 0.5).astype("<f4")
    a_bias = np.array([-1.0, 0.0, 1.0], dtype="<f4")
    safetensors(
        OUT / "reference.safetensors",
        [
            ("a.weight", "F32", a_weight.shape, a_weight.tobytes()),
            ("a.bias", "F32", a_bias.shape, a_bias.tobytes()),
        ],
        metadata={"k": "v"},
    )
    record("reference.safetensors", "a.weight", a_weight)
    record("reference.safetensors", "a.bias", a_bias)

    # Integer tensors at the limits of their types. The .npy files are what np.save writes for
    # each integer dtype ('<i8', '<i4', '|i1'); the Java NpyWriter must reproduce them byte for
    # byte. Named by NumPy type, not by descr: '<i8' is int64, while netc's I8 is int8.
    i64 = np.iinfo(np.int64)
    int64 = np.array([[i64.min, -1, 0], [1, 2**31, i64.max]], dtype="<i8")
    int32 = np.array([-(2**31), -1, 0, 2**31 - 1], dtype="<i4")
    int8 = np.array([[-128, -1, 0], [1, 100, 127]], dtype="|i1")
    for name, array in [("int64", int64), ("int32", int32), ("int8", int8)]:
        np.save(OUT / f"{name}.npy", array)
        record_integers(f"{name}.npy", name, array)

    # Integer .npz entries, stored and deflated; "positions" holds int64 values that fit an int,
    # "wide" the int64 limits, which do not.
    arrays = {
        "positions": np.array([0, 1, -(2**31), 2**31 - 1, -7], dtype="<i8"),
        "wide": np.array([i64.min, i64.max], dtype="<i8"),
        "ids": np.array([[2, 3, 5], [-(2**31), 11, 2**31 - 1]], dtype="<i4"),
        "codes": np.array([-128, 127, 0, -5], dtype="|i1"),
    }
    np.savez(OUT / "savez_integers.npz", **arrays)
    np.savez_compressed(OUT / "savez_compressed_integers.npz", **arrays)
    for file in ["savez_integers.npz", "savez_compressed_integers.npz"]:
        for name, array in arrays.items():
            record_integers(file, name, array)

    # Safetensors with each integer dtype; the odd-length I8 tensor leaves the others unaligned.
    st_codes = np.array([-128, 127, 3], dtype="|i1")
    st_ids = np.array([[i64.min, i64.max], [-(2**31) - 1, 2**31]], dtype="<i8")
    st_positions = np.array([2**31 - 1, -(2**31), 0], dtype="<i4")
    safetensors(
        OUT / "integers.safetensors",
        [
            ("codes", "I8", st_codes.shape, st_codes.tobytes()),
            ("ids", "I64", st_ids.shape, st_ids.tobytes()),
            ("positions", "I32", st_positions.shape, st_positions.tobytes()),
        ],
    )
    record_integers("integers.safetensors", "codes", st_codes)
    record_integers("integers.safetensors", "ids", st_ids)
    record_integers("integers.safetensors", "positions", st_positions)

    # The layouts np.save writes besides C order and little-endian: Fortran order (what saving a
    # transposed view gives, np.save("w.npy", W.T)) and big-endian types. The values are what
    # NumPy holds, row-major, whatever order the file stores them in.
    w = (np.arange(12, dtype="<f4").reshape(3, 4) / 7 - 0.5).astype("<f4")
    layouts = {
        "fortran_f4.npy": w.T,
        "fortran_f8_3d.npy": np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4) * 0.1),
        "big_endian_f4.npy": w.astype(">f4"),
        "big_endian_f8.npy": np.array([0.1, -1e-50, np.pi], dtype=">f8"),
        "big_endian_f2.npy": np.array([1.5, -65504, 6e-8], dtype=">f2"),
        "big_endian_fortran_f4.npy": np.asfortranarray(w.astype(">f4")),
    }
    for name, array in layouts.items():
        assert array.flags.f_contiguous or array.dtype.byteorder == ">", name
        np.save(OUT / name, array)
        record(name, name[:-4], array)
    int_layouts = {
        "big_endian_i8.npy": np.array([[i64.min, -1], [2**40, i64.max]], dtype=">i8"),
        "big_endian_i4.npy": np.array([-(2**31), 7, 2**31 - 1], dtype=">i4"),
        "fortran_i4.npy": np.arange(12, dtype="<i4").reshape(3, 4).T,
        "big_endian_fortran_i8_3d.npy": np.asfortranarray(np.arange(-12, 12, dtype=">i8").reshape(2, 3, 4)),
    }
    for name, array in int_layouts.items():
        np.save(OUT / name, array)
        record_integers(name, name[:-4], array)
    np.savez_compressed(OUT / "savez_layouts.npz", weight=w.T.astype(">f4"), ids=int_layouts["fortran_i4.npy"])
    record("savez_layouts.npz", "weight", w.T)
    record_integers("savez_layouts.npz", "ids", int_layouts["fortran_i4.npy"])

    lines = [
        "# Integer values NumPy holds for each integer fixture tensor, in decimal.",
        "# Written by make_weight_fixtures.py. Columns (tab-separated):",
        "# file, tensor, safetensors dtype, shape, values in row-major order (space-separated).",
    ]
    for file, tensor, dtype, values in expected_integers:
        shape = "[" + ", ".join(str(d) for d in values.shape) + "]"
        numbers = " ".join(str(int(v)) for v in values.reshape(-1))
        lines.append(f"{file}\t{tensor}\t{dtype}\t{shape}\t{numbers}")
    (OUT / "expected-integers.tsv").write_text("\n".join(lines) + "\n")

    lines = [
        "# Float32 values NumPy computed for each fixture tensor, as IEEE 754 bit patterns.",
        "# Written by make_weight_fixtures.py. Columns (tab-separated):",
        "# file, tensor, shape, bit patterns in row-major order (space-separated hex).",
    ]
    for file, tensor, values in expected:
        shape = "[" + ", ".join(str(d) for d in values.shape) + "]"
        bits = " ".join(f"{b:08x}" for b in values.reshape(-1).view("<u4"))
        lines.append(f"{file}\t{tensor}\t{shape}\t{bits}")
    (OUT / "expected-floats.tsv").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    # Overflow to infinity is one of the conversions under test, not an accident.
    with np.errstate(over="ignore"):
        main()
