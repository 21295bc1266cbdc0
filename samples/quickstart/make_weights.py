#!/usr/bin/env python3
"""Trains the quickstart's penguin classifier and writes the files the project commits.

    python3 make_weights.py        (needs numpy; run it from anywhere)

It writes, reproducibly (every random draw is seeded):
  src/main/nn/com/example/penguins/penguins.safetensors
      the weights penguins.nn reads: mean and std of the measurements, then the
      dense layers hidden.weight [4, 16], hidden.bias [16], species.weight [16, 3],
      species.bias [3] ([in, out], the layout dense() reads by default)
  src/test/resources/com/example/penguins/expected.csv
      a few penguins and the probabilities numpy computes for them with those
      weights: the test checks the generated Java class against them

The training data is synthetic: measurements drawn per species from normal
distributions close to those of the Palmer penguins data set.
"""
import json
import pathlib
import struct

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
WEIGHTS = HERE / "src/main/nn/com/example/penguins/penguins.safetensors"
EXPECTED = HERE / "src/test/resources/com/example/penguins/expected.csv"

SPECIES = ["Adelie", "Chinstrap", "Gentoo"]
# bill length (mm), bill depth (mm), flipper length (mm), body mass (g): mean and standard deviation
MEANS = np.array([[38.8, 18.3, 190.0, 3700.0], [48.8, 18.4, 195.8, 3733.0], [47.5, 15.0, 217.2, 5076.0]])
STDS = np.array([[2.7, 1.2, 6.5, 460.0], [3.3, 1.1, 7.1, 384.0], [3.1, 1.0, 6.5, 504.0]])

# Penguins the test classifies: one typical of each species, then some in between.
EXAMPLES = np.array([
    [39.1, 18.7, 181.0, 3750.0],
    [49.5, 19.0, 200.0, 3800.0],
    [46.1, 13.2, 211.0, 4500.0],
    [44.0, 17.5, 195.0, 3900.0],
    [46.0, 16.0, 205.0, 4400.0],
    [42.0, 18.0, 210.0, 4200.0],
])


def synthetic_penguins(rng, per_species=200):
    x = np.concatenate([rng.normal(MEANS[s], STDS[s], (per_species, 4)) for s in range(3)])
    y = np.repeat(np.arange(3), per_species)
    return x, y


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def forward(params, x):
    """The network of penguins.nn, in float64."""
    scaled = (x - params["mean"]) / params["std"]
    hidden = np.maximum(0, scaled @ params["hidden.weight"] + params["hidden.bias"])
    return softmax(hidden @ params["species.weight"] + params["species.bias"])


def train(x, y, rng, steps=2000, rate=0.01):
    """Full-batch Adam on the cross-entropy; the inputs are standardized by the network itself."""
    params = {
        "mean": x.mean(axis=0),
        "std": x.std(axis=0),
        "hidden.weight": rng.normal(0, np.sqrt(2 / 4), (4, 16)),
        "hidden.bias": np.zeros(16),
        "species.weight": rng.normal(0, np.sqrt(1 / 16), (16, 3)),
        "species.bias": np.zeros(3),
    }
    trained = ["hidden.weight", "hidden.bias", "species.weight", "species.bias"]
    m = {k: np.zeros_like(params[k]) for k in trained}
    v = {k: np.zeros_like(params[k]) for k in trained}
    onehot = np.eye(3)[y]
    scaled = (x - params["mean"]) / params["std"]
    for t in range(1, steps + 1):
        pre = scaled @ params["hidden.weight"] + params["hidden.bias"]
        hidden = np.maximum(0, pre)
        p = softmax(hidden @ params["species.weight"] + params["species.bias"])
        d_logits = (p - onehot) / len(x)
        d_hidden = (d_logits @ params["species.weight"].T) * (pre > 0)
        grads = {
            "species.weight": hidden.T @ d_logits,
            "species.bias": d_logits.sum(axis=0),
            "hidden.weight": scaled.T @ d_hidden,
            "hidden.bias": d_hidden.sum(axis=0),
        }
        for k in trained:
            m[k] = 0.9 * m[k] + 0.1 * grads[k]
            v[k] = 0.999 * v[k] + 0.001 * grads[k] ** 2
            params[k] -= rate * (m[k] / (1 - 0.9 ** t)) / (np.sqrt(v[k] / (1 - 0.999 ** t)) + 1e-8)
    return params


def write_safetensors(path, tensors):
    """safetensors: u64 little-endian header length, JSON header, then the raw data."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype="<f4")
        raw = data.tobytes()
        header[name] = {"dtype": "F32", "shape": list(data.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    rng = np.random.default_rng(2024)
    x, y = synthetic_penguins(rng)
    params = train(x, y, rng)
    # What the Java class holds: every tensor rounded to float32.
    params = {k: v.astype(np.float32).astype(np.float64) for k, v in params.items()}
    accuracy = (forward(params, x).argmax(axis=1) == y).mean()
    held_out_x, held_out_y = synthetic_penguins(np.random.default_rng(7), 100)
    held_out = (forward(params, held_out_x).argmax(axis=1) == held_out_y).mean()
    print(f"accuracy: {accuracy:.3f} on the training data, {held_out:.3f} on new penguins")

    write_safetensors(WEIGHTS, params)
    examples = EXAMPLES.astype(np.float32).astype(np.float64)
    probabilities = forward(params, examples)
    EXPECTED.parent.mkdir(parents=True, exist_ok=True)
    with EXPECTED.open("w") as out:
        out.write("# bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,"
                  "p_adelie,p_chinstrap,p_gentoo,species (written by make_weights.py)\n")
        for row, p in zip(examples, probabilities):
            values = [f"{v:g}" for v in row] + [f"{v:.7f}" for v in p] + [SPECIES[int(p.argmax())]]
            out.write(",".join(values) + "\n")
    print(f"wrote {WEIGHTS.relative_to(HERE)} and {EXPECTED.relative_to(HERE)}")


if __name__ == "__main__":
    main()
