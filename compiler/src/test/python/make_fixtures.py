#!/usr/bin/env python3
"""Writes the reference fixtures the interpreter is tested against (FixturesTest).

Each case is a folder of compiler/src/test/resources/fixtures/:

    <case>/<case>.nn             the spec
    <case>/<case>.safetensors    its weights (only when the spec has file-bound parameters)
    <case>/inputs/<name>.npy     one float32 array per network input
    <case>/expected/<name>.npy   one float32 array per output checked

Cases:
    mlp            a 20-16-8-3 MLP in PyTorch layout (nn.Linear), batch 7, expected from torch
    transformer    nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64, dropout=0.0,
                   activation="gelu", batch_first=True, norm_first=False) in eval mode, batch 2,
                   sequence 5, causal additive mask as src_mask, expected from torch
    masked_softmax softmax(scores + mask) on [2, 4, 6] with a 0 / -1e9 key-padding mask, from numpy
    activations    layernorm, gelu (tanh), leaky_relu, log_softmax, expected from torch.nn.functional

Every weight and input is drawn as float32 from a seeded generator, so the files are the same on
every run. The references are computed in float64 from those exact float32 values (the modules are
converted with .double()), then rounded to float32 once when stored: what is compared is the
interpreter's semantics, not float32 rounding along torch's own evaluation order. The script
prints, per case, how far torch's float32 evaluation lies from that reference, for scale.

Usage (needs numpy and PyTorch; on Debian: apt-get install python3-torch python3-numpy):

    /usr/bin/python3 compiler/src/test/python/make_fixtures.py

The outputs are committed; the build and CI never run Python.
"""
import json
import pathlib
import shutil
import struct

import numpy as np
import torch
import torch.nn.functional as F

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent / "resources" / "fixtures"


def write_safetensors(path, tensors):
    """safetensors by hand: u64 little-endian header length, a JSON header naming each tensor's
    dtype, shape and byte range, padded with spaces to a multiple of 8, then the tensors' bytes,
    contiguous, in sorted-name order."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype="<f4")
        raw = data.tobytes()
        header[name] = {"dtype": "F32", "shape": list(data.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def write_case(name, spec, weights, inputs, expected):
    folder = OUT / name
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "inputs").mkdir(parents=True)
    (folder / "expected").mkdir()
    (folder / (name + ".nn")).write_text(spec)
    if weights:
        write_safetensors(folder / (name + ".safetensors"), {k: as_f32(v) for k, v in weights.items()})
    for key, value in inputs.items():
        np.save(folder / "inputs" / (key + ".npy"), as_f32(value))
    for key, value in expected.items():
        np.save(folder / "expected" / (key + ".npy"), as_f32(value))


def as_f32(value):
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    return np.ascontiguousarray(value, dtype="<f4")


def f32(generator, *shape, scale=1.0):
    """Standard normal float32 values times scale (rounded to float32), from a seeded generator."""
    return (torch.randn(*shape, generator=generator, dtype=torch.float64) * scale).float()


def report(name, reference, float32_result):
    gap = (reference.double() - float32_result.double()).abs().max().item()
    print(f"{name}: torch float32 differs from the float64 reference by at most {gap:.2e}")


def mlp():
    g = torch.Generator().manual_seed(20)
    model = torch.nn.Sequential(
        torch.nn.Linear(20, 16), torch.nn.ReLU(),
        torch.nn.Linear(16, 8), torch.nn.ReLU(),
        torch.nn.Linear(8, 3))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(f32(g, *p.shape, scale=0.4))
    x = f32(g, 7, 20)
    with torch.no_grad():
        logits = model.double()(x.double())
        report("mlp", logits, model.float()(x))
    sd = model.state_dict()
    weights = {
        "fc1.weight": sd["0.weight"], "fc1.bias": sd["0.bias"],
        "fc2.weight": sd["2.weight"], "fc2.bias": sd["2.bias"],
        "fc3.weight": sd["4.weight"], "fc3.bias": sd["4.bias"],
    }
    spec = """\
/**
 * A 20-16-8-3 perceptron exported from PyTorch: torch.nn.Sequential(Linear(20, 16), ReLU(),
 * Linear(16, 8), ReLU(), Linear(8, 3)), its layers renamed fc1, fc2, fc3. nn.Linear keeps its
 * weight as [out, in], which layout=out_in reads as stored.
 */
network TorchMlp {
  weights "mlp.safetensors"

  input x: f32[N, 20]

  fc1 = dense(x, 16, relu, layout=out_in)
  fc2 = dense(fc1, 8, relu, layout=out_in)
  output logits = dense(fc2, 3, layout=out_in, name="fc3")
}
"""
    write_case("mlp", spec, weights, {"x": x}, {"logits": logits})


def transformer():
    g = torch.Generator().manual_seed(32)
    torch.manual_seed(32)  # the layer's own initialization, overwritten below
    layer = torch.nn.TransformerEncoderLayer(
        d_model=32, nhead=4, dim_feedforward=64, dropout=0.0, activation="gelu",
        batch_first=True, norm_first=False)
    layer.eval()
    # Every parameter random and non-trivial (PyTorch starts biases at 0 and norms at 1, which
    # would leave half of the layer untested); scaled so the activations stay in a useful range.
    with torch.no_grad():
        for name, p in layer.named_parameters():
            if name.startswith("norm") and name.endswith("weight"):
                p.copy_(1 + f32(g, *p.shape, scale=0.2))
            elif name.endswith("bias"):
                p.copy_(f32(g, *p.shape, scale=0.1))
            else:
                p.copy_(f32(g, *p.shape, scale=1 / np.sqrt(p.shape[-1])))
    batch, seq = 2, 5
    x = f32(g, batch, seq, 32)
    # Causal, additive: query t may attend to keys 0..t.
    mask = torch.triu(torch.full((seq, seq), -1e9), diagonal=1).float()
    with torch.no_grad():
        y = layer.double()(x.double(), src_mask=mask.double())
        report("transformer", y, layer.float()(x, src_mask=mask))
    sd = layer.state_dict()
    w, b = sd["self_attn.in_proj_weight"], sd["self_attn.in_proj_bias"]
    weights = {}
    for i, part in enumerate("qkv"):
        weights[f"self_attn.{part}_proj.weight"] = w[32 * i:32 * (i + 1)]
        weights[f"self_attn.{part}_proj.bias"] = b[32 * i:32 * (i + 1)]
    for key in ("self_attn.out_proj.weight", "self_attn.out_proj.bias", "linear1.weight", "linear1.bias",
                "linear2.weight", "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"):
        weights[key] = sd[key]
    spec = """\
/**
 * One post-norm transformer encoder layer, equal to PyTorch's
 * nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64, dropout=0.0,
 * activation="gelu", batch_first=True, norm_first=False) in eval mode:
 *   h = norm1(x + self_attn(x, x, x, attn_mask=mask))
 *   y = norm2(h + linear2(gelu(linear1(h))))
 *
 * Weights keep PyTorch's state_dict names and its [out, in] layout (hence layout=out_in), except
 * that the packed self_attn.in_proj_weight [96, 32] and in_proj_bias [96] are split into their
 * three blocks of 32 rows, in PyTorch's order q, k, v: self_attn.q_proj.weight, .k_proj, .v_proj.
 */
network TorchEncoderLayer {
  weights "transformer.safetensors"

  dim d_model = 32
  dim heads = 4
  dim d_k = d_model / heads
  dim d_ff = 64

  input x: f32[N, T, d_model]
  // src_mask: added to every head's scores; 0 keeps a key, -1e9 hides it.
  input mask: f32[T, T]

  param norm1_weight: f32[d_model] from "norm1.weight"
  param norm1_bias: f32[d_model] from "norm1.bias"
  param norm2_weight: f32[d_model] from "norm2.weight"
  param norm2_bias: f32[d_model] from "norm2.bias"

  // Project, then split the features into heads: [N, T, d_model] -> [N, heads, T, d_k].
  q_proj = dense(x, d_model, layout=out_in, name="self_attn.q_proj")
  k_proj = dense(x, d_model, layout=out_in, name="self_attn.k_proj")
  v_proj = dense(x, d_model, layout=out_in, name="self_attn.v_proj")
  q = transpose(reshape(q_proj, [N, T, heads, d_k]), [0, 2, 1, 3])
  k = transpose(reshape(k_proj, [N, T, heads, d_k]), [0, 2, 1, 3])
  v = transpose(reshape(v_proj, [N, T, heads, d_k]), [0, 2, 1, 3])

  // softmax(q @ k.T / sqrt(d_k) + mask) @ v, per head; then merge the heads back.
  context = scaled_dot_product_attention(q, k, v, mask)
  merged = reshape(transpose(context, [0, 2, 1, 3]), [N, T, d_model])
  attended = dense(merged, d_model, layout=out_in, name="self_attn.out_proj")
  h = layernorm(x + attended, norm1_weight, norm1_bias, eps=1e-5)

  // The feed-forward block, exact (erf) GELU as activation="gelu" is in PyTorch.
  hidden = dense(h, d_ff, gelu, layout=out_in, name="linear1")
  ff = dense(hidden, d_model, layout=out_in, name="linear2")
  output y = layernorm(h + ff, norm2_weight, norm2_bias, eps=1e-5)
}
"""
    write_case("transformer", spec, weights, {"x": x, "mask": mask}, {"y": y})


def masked_softmax():
    rng = np.random.default_rng(46)
    scores = (rng.standard_normal((2, 4, 6)) * 3).astype(np.float32)
    # Key padding, shared by every query of a sample: sample 0 has 4 real keys, sample 1 all 6.
    mask = np.zeros((2, 1, 6), dtype=np.float32)
    mask[0, 0, 4:] = -1e9
    z = scores.astype(np.float64) + mask.astype(np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    p = e / e.sum(axis=-1, keepdims=True)
    spec = """\
/** Softmax over keys with an additive key-padding mask: 0 keeps a key, -1e9 hides it. */
network MaskedSoftmax {
  input scores: f32[N, 4, 6]
  input mask: f32[N, 1, 6]     // broadcast over the 4 queries of each sample

  output p = softmax(scores + mask)
}
"""
    write_case("masked_softmax", spec, None, {"scores": scores, "mask": mask}, {"p": p})


def activations():
    g = torch.Generator().manual_seed(10)
    x = f32(g, 5, 10, scale=2)
    gamma = 1 + f32(g, 10, scale=0.3)
    beta = f32(g, 10, scale=0.3)
    xd, gd, bd = x.double(), gamma.double(), beta.double()
    n = F.layer_norm(xd, (10,), gd, bd, eps=1e-5)
    a = F.gelu(n, approximate="tanh")
    l = F.leaky_relu(a, negative_slope=0.2)
    y = F.log_softmax(3 * l, dim=-1)
    y32 = F.log_softmax(3 * F.leaky_relu(F.gelu(F.layer_norm(x, (10,), gamma, beta, eps=1e-5),
                                                approximate="tanh"), 0.2), dim=-1)
    report("activations", y, y32)
    spec = """\
/** layernorm, then the tanh form of GELU, leaky_relu and log_softmax, as torch.nn.functional computes them. */
network Activations {
  weights "activations.safetensors"

  input x: f32[N, 10]
  param gamma: f32[10] from "ln.weight"
  param beta: f32[10] from "ln.bias"

  output n = layernorm(x, gamma, beta, eps=1e-5)
  output a = gelu(n, approximate="tanh")
  output l = leaky_relu(a, alpha=0.2)
  output y = log_softmax(3 * l)
}
"""
    write_case("activations", spec, {"ln.weight": gamma, "ln.bias": beta}, {"x": x},
               {"n": n, "a": a, "l": l, "y": y})


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    mlp()
    transformer()
    masked_softmax()
    activations()
