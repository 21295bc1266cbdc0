#!/usr/bin/env python3
"""Generate the ONNX test fixtures of the netc `onnx` module.

How to run (from the repository root; needs Python 3 with torch 1.13,
onnx 1.12 and NumPy, e.g. Debian's python3-torch and python3-onnx):

    python3 onnx/src/test/python/make_fixtures.py            # writes the fixtures
    python3 onnx/src/test/python/make_fixtures.py --out DIR  # writes them elsewhere

The output folder (by default onnx/src/test/resources/fixtures/, found
relative to this file) is deleted and written anew on every run. The run is
deterministic: every model and every input comes from a fixed seed, and
PyTorch runs on one thread.

What it makes:

  fixtures/<model>/       small PyTorch models exported with torch.onnx.export
                          (constant folding on, symbolic `batch` / `sequence`
                          dims); the expected outputs are PyTorch's results.
  fixtures/ops/<case>/    single-operator graphs built with onnx.helper; the
                          expected outputs are computed with NumPy.
  fixtures/INDEX.txt      one line per fixture: opset, inputs, outputs and the
                          node op types with their counts.

Each fixture folder holds `model.onnx`, one `<input>.npy` per graph input
(float32 or int64, as the graph declares) and one `<output>.npy` per graph
output (float32, the reference result). The `unsupported_*` cases have inputs
but no expected outputs: an importer is expected to refuse them.

Before writing INDEX.txt the script evaluates every fixture that has expected
outputs with a small NumPy interpreter of the ONNX operators (see `Evaluator`
below) and fails if the graph does not reproduce its reference outputs. The
exported models are thereby checked against PyTorch, and the hand-built
graphs against their separately written NumPy references.
"""

import argparse
import collections
import io
import math
import os
import shutil
import sys
import warnings

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "fixtures"))

INT64_MAX = np.iinfo(np.int64).max
INT64_MIN = np.iinfo(np.int64).min

NP_TO_ONNX = {
    np.dtype(np.float32): TensorProto.FLOAT,
    np.dtype(np.float64): TensorProto.DOUBLE,
    np.dtype(np.int64): TensorProto.INT64,
    np.dtype(np.int32): TensorProto.INT32,
    np.dtype(np.bool_): TensorProto.BOOL,
}
ONNX_TO_NP = {v: k for k, v in NP_TO_ONNX.items()}

# Fixtures whose model.onnx is not passed through onnx.checker.check_model,
# with the reason; filled in while the fixtures are written.
UNCHECKED = {}


# --------------------------------------------------------------------------
# Writing fixtures
# --------------------------------------------------------------------------

def write_fixture(folder, model_bytes, inputs, outputs):
    """Write model.onnx, <input>.npy and <output>.npy into `folder`.

    `inputs` and `outputs` map graph input/output names to arrays; they must
    name exactly the graph's inputs (and, unless `outputs` is empty, its
    outputs), in any order.
    """
    model = onnx.load_from_string(model_bytes)
    graph_inputs = [i.name for i in model.graph.input]
    graph_outputs = [o.name for o in model.graph.output]
    assert sorted(graph_inputs) == sorted(inputs), (folder, graph_inputs, list(inputs))
    if outputs:
        assert sorted(graph_outputs) == sorted(outputs), (folder, graph_outputs, list(outputs))
    os.makedirs(folder)
    with open(os.path.join(folder, "model.onnx"), "wb") as f:
        f.write(model_bytes)
    declared = {i.name: ONNX_TO_NP[i.type.tensor_type.elem_type] for i in model.graph.input}
    for name, value in inputs.items():
        value = np.ascontiguousarray(value)
        assert value.dtype == declared[name], (folder, name, value.dtype, declared[name])
        np.save(os.path.join(folder, name + ".npy"), value)
    for name, value in outputs.items():
        value = np.ascontiguousarray(value, dtype=np.float32)
        np.save(os.path.join(folder, name + ".npy"), value)


def rng_for(seed):
    return np.random.default_rng(seed)


# --------------------------------------------------------------------------
# Part 1: PyTorch models
# --------------------------------------------------------------------------

def perturb(module, scale=0.1):
    """Move LayerNorm weights/biases away from 1/0 and give the attention
    biases (zero-initialised by PyTorch) non-zero values, so that a fixture
    notices if an importer drops or swaps them."""
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, nn.LayerNorm):
                m.weight.add_(scale * torch.randn_like(m.weight))
                m.bias.add_(scale * torch.randn_like(m.bias))
            elif isinstance(m, nn.MultiheadAttention):
                m.in_proj_bias.add_(scale * torch.randn_like(m.in_proj_bias))
                m.out_proj.bias.add_(scale * torch.randn_like(m.out_proj.bias))


def export_model(out_dir, name, model, inputs, output_names, opset, dynamic):
    """Export `model` (already in eval mode) and write its fixture.

    `inputs` is an ordered dict name -> NumPy array; `dynamic` maps every
    input and output name to its {axis: dim_name} dict.

    The reference output is computed with grad mode on (the default), the
    same as during export: PyTorch 1.13's TransformerEncoderLayer and
    MultiheadAttention take their fused "fast path" only when grad mode is
    off (or no weight requires grad), so both the export and the reference
    follow the plain, decomposable math.
    """
    assert not model.training
    args = tuple(torch.from_numpy(v) for v in inputs.values())
    with torch.enable_grad():
        result = model(*args)
    if isinstance(result, torch.Tensor):
        result = (result,)
    outputs = collections.OrderedDict(
        (n, r.detach().numpy().astype(np.float32)) for n, r in zip(output_names, result))

    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model, args, buf,
            opset_version=opset,
            do_constant_folding=True,
            input_names=list(inputs),
            output_names=list(output_names),
            dynamic_axes=dynamic,
        )
    model_bytes = buf.getvalue()
    proto = onnx.load_from_string(model_bytes)
    onnx.checker.check_model(proto)
    leftovers = [n.op_type for n in proto.graph.node if n.domain not in ("", "ai.onnx")]
    assert not leftovers, (name, leftovers)
    write_fixture(os.path.join(out_dir, name), model_bytes, inputs, outputs)


BATCH = {0: "batch"}
BATCH_SEQ = {0: "batch", 1: "sequence"}


def make_mlp(softmax_dim):
    # Same seed for mlp_gemm and mlp_matmul: both fixtures share their weights.
    torch.manual_seed(101)
    return nn.Sequential(
        nn.Linear(20, 32), nn.ReLU(),
        nn.Linear(32, 16), nn.ReLU(),
        nn.Linear(16, 5), nn.Softmax(dim=softmax_dim),
    ).eval()


# mlp_gemm -----------------------------------------------------------------
# Linear(20,32)+ReLU+Linear(32,16)+ReLU+Linear(16,5)+Softmax(dim=1) on a 2-D
# input x [batch, 20]. On 2-D inputs each Linear exports as one Gemm
# (transB=1, weight kept in PyTorch's [out, in] layout). Opset 13.
def fixture_mlp_gemm(out):
    x = rng_for(1001).standard_normal((2, 20)).astype(np.float32)
    export_model(out, "mlp_gemm", make_mlp(1), {"x": x}, ["y"], 13,
                 {"x": BATCH, "y": BATCH})


# mlp_matmul ---------------------------------------------------------------
# The same layers and weights on a 3-D input x [batch, sequence, 20]; softmax
# over the last dim. On 3-D inputs each Linear exports as MatMul (weight
# constant-folded to the pre-transposed [in, out] layout) + Add. Opset 13.
def fixture_mlp_matmul(out):
    x = rng_for(1002).standard_normal((2, 5, 20)).astype(np.float32)
    export_model(out, "mlp_matmul", make_mlp(-1), {"x": x}, ["y"], 13,
                 {"x": BATCH_SEQ, "y": BATCH_SEQ})


def make_encoder(norm_first):
    torch.manual_seed(103)
    layer = nn.TransformerEncoderLayer(
        d_model=32, nhead=4, dim_feedforward=64, dropout=0.0,
        activation="gelu", batch_first=True, norm_first=norm_first)
    perturb(layer)
    return layer.eval()


# encoder_post_op13 --------------------------------------------------------
# nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64,
# dropout=0, activation="gelu", batch_first=True, norm_first=False) on
# x [batch, sequence, 32]. Opset 13, so each LayerNorm is decomposed
# (ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div/Mul/Add) and GELU is the exact
# erf form (Div/Erf/Add/Mul/Mul). The stock module is exported as is: the
# fused fast path (torch._transformer_encoder_layer_fwd) is not taken because
# grad mode stays on during export and the weights require grad (see
# export_model), so the graph holds the plain attention math (in-projection
# MatMul+Add, Reshape/Transpose to heads, MatMul, Softmax, MatMul, out
# projection Gemm) with the Shape/Gather/Concat chains that the batch-first
# reshapes produce.
def fixture_encoder_post_op13(out):
    x = rng_for(1003).standard_normal((2, 5, 32)).astype(np.float32)
    export_model(out, "encoder_post_op13", make_encoder(False), {"x": x}, ["y"], 13,
                 {"x": BATCH_SEQ, "y": BATCH_SEQ})


# encoder_pre_op17 ---------------------------------------------------------
# The same layer (same seed, same weights) with norm_first=True, exported at
# opset 17 (the highest that torch 1.13 and onnx 1.12 know), so the two
# LayerNorms export as LayerNormalization (axis=-1, epsilon=1e-5).
def fixture_encoder_pre_op17(out):
    x = rng_for(1004).standard_normal((2, 5, 32)).astype(np.float32)
    export_model(out, "encoder_pre_op17", make_encoder(True), {"x": x}, ["y"], 17,
                 {"x": BATCH_SEQ, "y": BATCH_SEQ})


class SelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(embed_dim=32, num_heads=4, batch_first=True)

    def forward(self, x):
        return self.attn(x, x, x, need_weights=False)[0]


# mha ----------------------------------------------------------------------
# nn.MultiheadAttention(embed_dim=32, num_heads=4, batch_first=True) used as
# self-attention, mha(x, x, x, need_weights=False), on x [batch, sequence, 32].
# In-projection and out-projection biases are perturbed away from zero. The
# fast path is avoided as for the encoder fixtures. Opset 13.
def fixture_mha(out):
    torch.manual_seed(105)
    model = SelfAttention()
    perturb(model)
    x = rng_for(1005).standard_normal((2, 5, 32)).astype(np.float32)
    export_model(out, "mha", model.eval(), {"x": x}, ["y"], 13,
                 {"x": BATCH_SEQ, "y": BATCH_SEQ})


class EmbedPool(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(50, 16)
        self.head = nn.Linear(16, 3)

    def forward(self, ids):
        return self.head(self.embed(ids).mean(dim=1))


# embed_pool ---------------------------------------------------------------
# Token-id classifier: nn.Embedding(50, 16) on ids [batch, sequence] (int64),
# mean over the sequence (ReduceMean axes=[1], keepdims=0), Linear(16, 3)
# (Gemm). Output y [batch, 3]. Opset 13. Reference ids are in [0, 50).
def fixture_embed_pool(out):
    torch.manual_seed(106)
    model = EmbedPool().eval()
    ids = rng_for(1006).integers(0, 50, size=(2, 5), dtype=np.int64)
    export_model(out, "embed_pool", model, {"ids": ids}, ["y"], 13,
                 {"ids": BATCH_SEQ, "y": BATCH})


# gelu_tanh ----------------------------------------------------------------
# Linear(16,32) + GELU(approximate="tanh") + Linear(32,8) on x [batch, 16].
# Opset 13: torch 1.13 writes the tanh GELU as
# 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x*x*x))) with Mul/Add/Tanh
# nodes (the cube is two Muls, not a Pow).
def fixture_gelu_tanh(out):
    torch.manual_seed(107)
    model = nn.Sequential(nn.Linear(16, 32), nn.GELU(approximate="tanh"),
                          nn.Linear(32, 8)).eval()
    x = rng_for(1007).standard_normal((2, 16)).astype(np.float32)
    export_model(out, "gelu_tanh", model, {"x": x}, ["y"], 13,
                 {"x": BATCH, "y": BATCH})


class TinyBertSelfAttention(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        self.num_heads = heads
        self.head_size = hidden // heads
        self.all_head_size = hidden
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)

    def to_heads(self, t):
        shape = t.size()[:-1] + (self.num_heads, self.head_size)
        return t.view(shape).permute(0, 2, 1, 3)

    def forward(self, hidden, extended_mask):
        q = self.to_heads(self.query(hidden))
        k = self.to_heads(self.key(hidden))
        v = self.to_heads(self.value(hidden))
        scores = torch.matmul(q, k.transpose(-1, -2))
        scores = scores / math.sqrt(self.head_size)
        scores = scores + extended_mask
        probs = F.softmax(scores, dim=-1)
        context = torch.matmul(probs, v).permute(0, 2, 1, 3).contiguous()
        return context.view(context.size()[:-2] + (self.all_head_size,))


def erf_gelu(x):
    return x * 0.5 * (1.0 + torch.erf(x / math.sqrt(2.0)))


class TinyBertLayer(nn.Module):
    def __init__(self, hidden, heads, ffn, eps):
        super().__init__()
        self.attention = TinyBertSelfAttention(hidden, heads)
        self.attention_dense = nn.Linear(hidden, hidden)
        self.attention_norm = nn.LayerNorm(hidden, eps=eps)
        self.intermediate = nn.Linear(hidden, ffn)
        self.output_dense = nn.Linear(ffn, hidden)
        self.output_norm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, hidden, extended_mask):
        attended = self.attention_dense(self.attention(hidden, extended_mask))
        hidden = self.attention_norm(attended + hidden)
        ffn = self.output_dense(erf_gelu(self.intermediate(hidden)))
        return self.output_norm(ffn + hidden)


class TinyBert(nn.Module):
    def __init__(self, vocab=64, max_positions=16, type_vocab=2, hidden=32,
                 heads=4, ffn=64, layers=2, eps=1e-12):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab, hidden)
        self.position_embeddings = nn.Embedding(max_positions, hidden)
        self.token_type_embeddings = nn.Embedding(type_vocab, hidden)
        self.embedding_norm = nn.LayerNorm(hidden, eps=eps)
        self.register_buffer("position_ids", torch.arange(max_positions).expand((1, -1)))
        self.layers = nn.ModuleList(
            TinyBertLayer(hidden, heads, ffn, eps) for _ in range(layers))

    def forward(self, input_ids, attention_mask, token_type_ids):
        seq_len = input_ids.size(1)
        position_ids = self.position_ids[:, :seq_len]
        embeddings = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids)
        embeddings = embeddings + self.position_embeddings(position_ids)
        hidden = self.embedding_norm(embeddings)
        extended_mask = (1.0 - attention_mask[:, None, None, :].float()) * -10000.0
        for layer in self.layers:
            hidden = layer(hidden, extended_mask)
        return hidden


# bert_tiny_mask -----------------------------------------------------------
# A miniature of a BERT encoder as Hugging Face exports it, written by hand:
# inputs input_ids, attention_mask, token_type_ids (all int64 [batch,
# sequence]); word (vocab 64), position (16 positions, through the registered
# buffer position_ids = arange(16)[None] sliced [:, :seq_len]) and token-type
# (2) embeddings summed, LayerNorm(eps=1e-12); 2 layers of 4-head
# self-attention over hidden 32 (scores / sqrt(8) + extended mask, with
# extended mask = (1 - attention_mask[:, None, None, :].float()) * -10000),
# dense + residual + LayerNorm, FFN 64 with the exact erf GELU, residual +
# LayerNorm. Output last_hidden_state [batch, sequence, 32]. Opset 11 (as the
# common all-MiniLM-L6-v2 export): LayerNorms decomposed, Unsqueeze with
# axes attributes, Slice with starts/ends inputs.
# Reference input: batch 2, sequence 7; row 0 unpadded, row 1 padded for its
# last 3 positions (attention_mask 0, input_ids 0 = pad id, token type 0).
def fixture_bert_tiny_mask(out):
    torch.manual_seed(108)
    model = TinyBert()
    perturb(model)
    model.eval()
    rng = rng_for(1008)
    input_ids = rng.integers(1, 64, size=(2, 7), dtype=np.int64)
    attention_mask = np.ones((2, 7), dtype=np.int64)
    attention_mask[1, 4:] = 0
    input_ids[1, 4:] = 0
    token_type_ids = np.array([[0, 0, 0, 0, 1, 1, 1],
                               [0, 0, 1, 1, 0, 0, 0]], dtype=np.int64)
    inputs = collections.OrderedDict([
        ("input_ids", input_ids),
        ("attention_mask", attention_mask),
        ("token_type_ids", token_type_ids),
    ])
    export_model(out, "bert_tiny_mask", model, inputs, ["last_hidden_state"], 11,
                 {"input_ids": BATCH_SEQ, "attention_mask": BATCH_SEQ,
                  "token_type_ids": BATCH_SEQ, "last_hidden_state": BATCH_SEQ})


MODEL_FIXTURES = [
    fixture_mlp_gemm,
    fixture_mlp_matmul,
    fixture_encoder_post_op13,
    fixture_encoder_pre_op17,
    fixture_mha,
    fixture_embed_pool,
    fixture_gelu_tanh,
    fixture_bert_tiny_mask,
]


# --------------------------------------------------------------------------
# Part 2: single-operator graphs (onnx.helper), references from NumPy
# --------------------------------------------------------------------------

def value_info(name, dtype, shape):
    return helper.make_tensor_value_info(name, NP_TO_ONNX[np.dtype(dtype)], shape)


def build_case(out_dir, name, opset, nodes, inputs, outputs, initializers=None,
               input_shapes=None, output_shapes=None, check=True, why_unchecked=None):
    """Build, check and write one single-operator graph.

    inputs:        ordered dict name -> array (written as <name>.npy).
    outputs:       ordered dict name -> expected float32 array, or
                   name -> (dtype, shape) for cases without a reference.
    initializers:  ordered dict name -> array.
    input_shapes / output_shapes: optional name -> shape overrides (to
                   declare symbolic dims such as "batch").
    """
    initializers = initializers or {}
    input_shapes = input_shapes or {}
    output_shapes = output_shapes or {}
    graph_inputs = [value_info(n, v.dtype, input_shapes.get(n, list(v.shape)))
                    for n, v in inputs.items()]
    graph_outputs = []
    expected = collections.OrderedDict()
    for n, v in outputs.items():
        if isinstance(v, tuple):
            dtype, shape = v
        else:
            dtype, shape = np.float32, list(v.shape)
            expected[n] = v.astype(np.float32)
        graph_outputs.append(value_info(n, dtype, output_shapes.get(n, shape)))
    graph = helper.make_graph(
        nodes, name, graph_inputs, graph_outputs,
        initializer=[numpy_helper.from_array(np.asarray(v), n) for n, v in initializers.items()])
    model = helper.make_model(graph, producer_name="netc make_fixtures.py",
                              opset_imports=[helper.make_opsetid("", opset)])
    if check:
        onnx.checker.check_model(model)
    else:
        UNCHECKED["ops/" + name] = why_unchecked
    write_fixture(os.path.join(out_dir, "ops", name), model.SerializeToString(),
                  inputs, expected)


def od(*pairs):
    return collections.OrderedDict(pairs)


def f32(a):
    return np.asarray(a, dtype=np.float32)


def np_softmax(x, axis):
    x = x.astype(np.float64)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def np_erf(x):
    return np.vectorize(math.erf, otypes=[np.float64])(x.astype(np.float64))


def ops_cases(out):
    rng = rng_for(2000)

    def randn(*shape):
        return rng.standard_normal(shape).astype(np.float32)

    # gemm_all_attrs: Y = 0.5 * A^T @ B^T + 2 * C with transA=1, transB=1.
    # A [4, 3] is a graph input, B [5, 4] an initializer, C [1, 5] a row
    # initializer broadcast over the 3 rows. Y [3, 5]. Opset 13.
    a, b, c = randn(4, 3), randn(5, 4), randn(1, 5)
    build_case(out, "gemm_all_attrs", 13,
               [helper.make_node("Gemm", ["A", "B", "C"], ["Y"],
                                 alpha=0.5, beta=2.0, transA=1, transB=1)],
               od(("A", a)),
               od(("Y", 0.5 * (a.T.astype(np.float64) @ b.T) + 2.0 * c)),
               initializers=od(("B", b), ("C", c)))

    # gemm_c_scalar: Y = A @ B + C with C a 0-d (scalar) initializer 0.25;
    # A [3, 4] and B [4, 5] are both graph inputs. Default attributes.
    a, b = randn(3, 4), randn(4, 5)
    build_case(out, "gemm_c_scalar", 13,
               [helper.make_node("Gemm", ["A", "B", "C"], ["Y"])],
               od(("A", a), ("B", b)),
               od(("Y", a.astype(np.float64) @ b + 0.25)),
               initializers=od(("C", f32(0.25))))

    # matmul_1d_left: x [4] @ W [4, 5] -> y [5] (the 1-D left operand is
    # promoted to a row and the added axis removed again).
    x, w = randn(4), randn(4, 5)
    build_case(out, "matmul_1d_left", 13,
               [helper.make_node("MatMul", ["x", "W"], ["y"])],
               od(("x", x)), od(("y", x.astype(np.float64) @ w)),
               initializers=od(("W", w)))

    # matmul_1d_right: x [3, 4] @ w [4] -> y [3].
    x, w = randn(3, 4), randn(4)
    build_case(out, "matmul_1d_right", 13,
               [helper.make_node("MatMul", ["x", "W"], ["y"])],
               od(("x", x)), od(("y", x.astype(np.float64) @ w)),
               initializers=od(("W", w)))

    # matmul_batched: two MatMuls in one graph.
    #   y3 = x3 [2, 3, 4] @ W [4, 5]             -> [2, 3, 5] (W an initializer)
    #   y4 = a4 [2, 3, 4, 5] @ b4 [2, 3, 5, 6]   -> [2, 3, 4, 6] (both inputs)
    x3, w, a4, b4 = randn(2, 3, 4), randn(4, 5), randn(2, 3, 4, 5), randn(2, 3, 5, 6)
    build_case(out, "matmul_batched", 13,
               [helper.make_node("MatMul", ["x3", "W"], ["y3"]),
                helper.make_node("MatMul", ["a4", "b4"], ["y4"])],
               od(("x3", x3), ("a4", a4), ("b4", b4)),
               od(("y3", x3.astype(np.float64) @ w), ("y4", a4.astype(np.float64) @ b4)),
               initializers=od(("W", w)))

    # softmax_axis1_rank3_op11: opset 11 Softmax(axis=1) on x [2, 3, 4]
    # flattens x to [2, 12] (dims before axis / from axis on), takes the
    # softmax over each row of 12 and reshapes back: every x[i] sums to 1 as a
    # whole, not per column.
    x = randn(2, 3, 4)
    build_case(out, "softmax_axis1_rank3_op11", 11,
               [helper.make_node("Softmax", ["x"], ["y"], axis=1)],
               od(("x", x)), od(("y", np_softmax(x.reshape(2, 12), 1).reshape(2, 3, 4))))

    # softmax_axis1_rank3_op13: the same input at opset 13, where Softmax
    # normalises along axis 1 alone. Same x as the opset 11 case, so the two
    # expected outputs differ only through the semantics.
    build_case(out, "softmax_axis1_rank3_op13", 13,
               [helper.make_node("Softmax", ["x"], ["y"], axis=1)],
               od(("x", x)), od(("y", np_softmax(x, 1))))

    # logsoftmax_op13: LogSoftmax without an axis attribute (default -1 at
    # opset 13) on x [2, 3, 4].
    x = randn(2, 3, 4)
    build_case(out, "logsoftmax_op13", 13,
               [helper.make_node("LogSoftmax", ["x"], ["y"])],
               od(("x", x)), od(("y", np.log(np_softmax(x, -1)))))

    # reshape_zero_and_minus1: x [2, 3, 4] reshaped with the shape
    # initializer [0, -1, 2]: 0 copies dim 0 (2), -1 is inferred (6) -> [2, 6, 2].
    x = randn(2, 3, 4)
    build_case(out, "reshape_zero_and_minus1", 13,
               [helper.make_node("Reshape", ["x", "shape"], ["y"])],
               od(("x", x)), od(("y", x.reshape(2, 6, 2))),
               initializers=od(("shape", np.array([0, -1, 2], dtype=np.int64))))

    # transpose_perm: x [2, 3, 4], perm=[2, 0, 1] -> y [4, 2, 3].
    x = randn(2, 3, 4)
    build_case(out, "transpose_perm", 13,
               [helper.make_node("Transpose", ["x"], ["y"], perm=[2, 0, 1])],
               od(("x", x)), od(("y", x.transpose(2, 0, 1))))

    # flatten_axis2: x [2, 3, 4, 5], axis=2 -> y [6, 20].
    x = randn(2, 3, 4, 5)
    build_case(out, "flatten_axis2", 13,
               [helper.make_node("Flatten", ["x"], ["y"], axis=2)],
               od(("x", x)), od(("y", x.reshape(6, 20))))

    # squeeze_unsqueeze_op11: axes as attributes (opset 11).
    # x [2, 1, 3, 1] -Squeeze(axes=[1, 3])-> [2, 3] -Unsqueeze(axes=[0, -1])->
    # y [1, 2, 3, 1]; Unsqueeze's axes count in the output rank, so -1 is 3.
    x = randn(2, 1, 3, 1)
    y = x.reshape(1, 2, 3, 1)
    build_case(out, "squeeze_unsqueeze_op11", 11,
               [helper.make_node("Squeeze", ["x"], ["s"], axes=[1, 3]),
                helper.make_node("Unsqueeze", ["s"], ["y"], axes=[0, -1])],
               od(("x", x)), od(("y", y)))

    # squeeze_unsqueeze_op13: the same with axes as int64 initializer inputs
    # (opset 13).
    build_case(out, "squeeze_unsqueeze_op13", 13,
               [helper.make_node("Squeeze", ["x", "squeeze_axes"], ["s"]),
                helper.make_node("Unsqueeze", ["s", "unsqueeze_axes"], ["y"])],
               od(("x", x)), od(("y", y)),
               initializers=od(("squeeze_axes", np.array([1, 3], dtype=np.int64)),
                               ("unsqueeze_axes", np.array([0, -1], dtype=np.int64))))

    # concat_axis1: a [2, 3, 2] and b [2, 1, 2] (inputs) and c [2, 2, 2] (an
    # initializer) concatenated along axis 1 -> y [2, 6, 2].
    a, b, c = randn(2, 3, 2), randn(2, 1, 2), randn(2, 2, 2)
    build_case(out, "concat_axis1", 13,
               [helper.make_node("Concat", ["a", "b", "c"], ["y"], axis=1)],
               od(("a", a), ("b", b)), od(("y", np.concatenate([a, b, c], axis=1))),
               initializers=od(("c", c)))

    # slice_op9_attrs: the attribute form of Slice (opsets 1-9: starts, ends
    # and axes are attributes, there are no steps). x [3, 4, 5],
    # starts=[1, -3], ends=[INT64_MAX, -1], axes=[0, 2] -> x[1:, :, -3:-1]
    # = y [2, 4, 2]. Opset 9.
    x = randn(3, 4, 5)
    build_case(out, "slice_op9_attrs", 9,
               [helper.make_node("Slice", ["x"], ["y"], starts=[1, -3],
                                 ends=[int(INT64_MAX), -1], axes=[0, 2])],
               od(("x", x)), od(("y", x[1:, :, -3:-1])))

    # slice_op11_attrs: from opset 10 on Slice has no attributes; this is the
    # opset-11 form that exporters emit for the same slice: starts, ends and
    # axes as int64 initializer inputs, no steps input. Same x and slice as
    # slice_op9_attrs (end INT64_MAX clamps to the dim; negative start/end
    # count from the end).
    build_case(out, "slice_op11_attrs", 11,
               [helper.make_node("Slice", ["x", "starts", "ends", "axes"], ["y"])],
               od(("x", x)), od(("y", x[1:, :, -3:-1])),
               initializers=od(("starts", np.array([1, -3], dtype=np.int64)),
                               ("ends", np.array([INT64_MAX, -1], dtype=np.int64)),
                               ("axes", np.array([0, 2], dtype=np.int64))))

    # slice_op13_steps: positive steps. x [3, 4, 5], starts=[0, 1],
    # ends=[3, 5], axes=[1, 2], steps=[2, 2] -> x[:, 0:3:2, 1:5:2] = y [3, 2, 2]
    # (axis 0 not listed: taken whole).
    x = randn(3, 4, 5)
    build_case(out, "slice_op13_steps", 13,
               [helper.make_node("Slice", ["x", "starts", "ends", "axes", "steps"], ["y"])],
               od(("x", x)), od(("y", x[:, 0:3:2, 1:5:2])),
               initializers=od(("starts", np.array([0, 1], dtype=np.int64)),
                               ("ends", np.array([3, 5], dtype=np.int64)),
                               ("axes", np.array([1, 2], dtype=np.int64)),
                               ("steps", np.array([2, 2], dtype=np.int64))))

    # slice_negative_step: negative steps (an importer may refuse them).
    # x [3, 4, 5], starts=[-1, 3], ends=[INT64_MIN, 0], axes=[1, 2],
    # steps=[-1, -2] -> x[:, ::-1, 3:0:-2] = y [3, 4, 2] (axis 1 reversed
    # whole: an end below -dim clamps to "before the first element").
    x = randn(3, 4, 5)
    build_case(out, "slice_negative_step", 13,
               [helper.make_node("Slice", ["x", "starts", "ends", "axes", "steps"], ["y"])],
               od(("x", x)), od(("y", x[:, ::-1, 3:0:-2])),
               initializers=od(("starts", np.array([-1, 3], dtype=np.int64)),
                               ("ends", np.array([INT64_MIN, 0], dtype=np.int64)),
                               ("axes", np.array([1, 2], dtype=np.int64)),
                               ("steps", np.array([-1, -2], dtype=np.int64))))

    # split_op13: x [2, 6] split along axis 1 into [2, 1], [2, 2], [2, 3] by
    # the int64 initializer input split=[1, 2, 3] (opset 13: split is an
    # input, no longer an attribute). Outputs y0, y1, y2.
    x = randn(2, 6)
    build_case(out, "split_op13", 13,
               [helper.make_node("Split", ["x", "split"], ["y0", "y1", "y2"], axis=1)],
               od(("x", x)), od(("y0", x[:, :1]), ("y1", x[:, 1:3]), ("y2", x[:, 3:])),
               initializers=od(("split", np.array([1, 2, 3], dtype=np.int64))))

    # gather_embedding: an embedding lookup. table [10, 4] (initializer),
    # ids [2, 3] (int64 graph input, values in [0, 10)), axis 0 -> y [2, 3, 4].
    table = randn(10, 4)
    ids = rng.integers(0, 10, size=(2, 3), dtype=np.int64)
    build_case(out, "gather_embedding", 13,
               [helper.make_node("Gather", ["table", "ids"], ["y"], axis=0)],
               od(("ids", ids)), od(("y", table[ids])),
               initializers=od(("table", table)))

    # gather_constant_index: x [2, 3, 4] gathered on axis 1 with the 0-d
    # int64 initializer index 1 (as exporters write x[:, 1]): the axis is
    # dropped -> y [2, 4].
    x = randn(2, 3, 4)
    build_case(out, "gather_constant_index", 13,
               [helper.make_node("Gather", ["x", "index"], ["y"], axis=1)],
               od(("x", x)), od(("y", x[:, 1])),
               initializers=od(("index", np.array(1, dtype=np.int64))))

    # reducemean_op13_axes_attr: axes as an attribute (opset 13). x [2, 3, 4]:
    #   y  = ReduceMean(axes=[1])                  -> [2, 1, 4] (keepdims default 1)
    #   y2 = ReduceMean(axes=[-1], keepdims=0)     -> [2, 3]
    x = randn(2, 3, 4)
    build_case(out, "reducemean_op13_axes_attr", 13,
               [helper.make_node("ReduceMean", ["x"], ["y"], axes=[1]),
                helper.make_node("ReduceMean", ["x"], ["y2"], axes=[-1], keepdims=0)],
               od(("x", x)),
               od(("y", x.astype(np.float64).mean(axis=1, keepdims=True)),
                  ("y2", x.astype(np.float64).mean(axis=-1))))

    # reducemean_op18_axes_input: opset 18 moved ReduceMean's axes to an
    # (optional) input. x [2, 3, 4], axes initializer [0, 2], keepdims=1 ->
    # y [1, 3, 1]. onnx 1.12 knows opsets up to 17 only, so the opset import
    # says 18 by hand and onnx.checker.check_model is skipped for this model
    # (it would reject the ReduceMean node's extra input).
    x = randn(2, 3, 4)
    build_case(out, "reducemean_op18_axes_input", 18,
               [helper.make_node("ReduceMean", ["x", "axes"], ["y"], keepdims=1)],
               od(("x", x)), od(("y", x.astype(np.float64).mean(axis=(0, 2), keepdims=True))),
               initializers=od(("axes", np.array([0, 2], dtype=np.int64))),
               check=onnx.defs.onnx_opset_version() >= 18,
               why_unchecked="opset 18 is newer than onnx %s knows" % onnx.__version__)

    # reducesum_op13_axes_input: ReduceSum-13 takes axes as an input.
    # x [2, 3, 4], axes initializer [0, 2], keepdims=0 -> y [3].
    x = randn(2, 3, 4)
    build_case(out, "reducesum_op13_axes_input", 13,
               [helper.make_node("ReduceSum", ["x", "axes"], ["y"], keepdims=0)],
               od(("x", x)), od(("y", x.astype(np.float64).sum(axis=(0, 2)))),
               initializers=od(("axes", np.array([0, 2], dtype=np.int64))))

    # layernorm_op17_axis_minus2: LayerNormalization(axis=-2, epsilon=1e-5)
    # on x [2, 3, 4] normalises over the last two dims (12 values per row);
    # scale and bias are [3, 4] initializers. Only the Y output is used.
    x, scale, bias = randn(2, 3, 4), 1.0 + 0.5 * randn(3, 4), 0.5 * randn(3, 4)
    xd = x.astype(np.float64)
    mean = xd.mean(axis=(1, 2), keepdims=True)
    var = ((xd - mean) ** 2).mean(axis=(1, 2), keepdims=True)
    build_case(out, "layernorm_op17_axis_minus2", 17,
               [helper.make_node("LayerNormalization", ["x", "scale", "bias"], ["y"],
                                 axis=-2, epsilon=1e-5)],
               od(("x", x)), od(("y", (xd - mean) / np.sqrt(var + 1e-5) * scale + bias)),
               initializers=od(("scale", scale), ("bias", bias)))

    # pow_sqrt_erf_exp_reciprocal_neg: a chain on x [2, 3] with x in [0.2, 2):
    # y = -1 / exp(erf(sqrt(x ** 3))) with the exponent a 0-d float
    # initializer 3.0.
    x = rng.uniform(0.2, 2.0, size=(2, 3)).astype(np.float32)
    chain = -1.0 / np.exp(np_erf(np.sqrt(x.astype(np.float64) ** 3)))
    build_case(out, "pow_sqrt_erf_exp_reciprocal_neg", 13,
               [helper.make_node("Pow", ["x", "exponent"], ["p"]),
                helper.make_node("Sqrt", ["p"], ["s"]),
                helper.make_node("Erf", ["s"], ["e"]),
                helper.make_node("Exp", ["e"], ["x_exp"]),
                helper.make_node("Reciprocal", ["x_exp"], ["r"]),
                helper.make_node("Neg", ["r"], ["y"])],
               od(("x", x)), od(("y", chain)),
               initializers=od(("exponent", f32(3.0))))

    # leakyrelu_sigmoid_tanh: three parallel nodes on x [2, 5]:
    # y_leaky = LeakyRelu(x, alpha=0.1), y_sigmoid = Sigmoid(x), y_tanh = Tanh(x).
    x = 2.0 * randn(2, 5)
    xd = x.astype(np.float64)
    build_case(out, "leakyrelu_sigmoid_tanh", 13,
               [helper.make_node("LeakyRelu", ["x"], ["y_leaky"], alpha=0.1),
                helper.make_node("Sigmoid", ["x"], ["y_sigmoid"]),
                helper.make_node("Tanh", ["x"], ["y_tanh"])],
               od(("x", x)),
               od(("y_leaky", np.where(xd >= 0, xd, 0.1 * xd)),
                  ("y_sigmoid", 1.0 / (1.0 + np.exp(-xd))),
                  ("y_tanh", np.tanh(xd))))

    # where_const_cond: Where(cond, x, other) with a constant bool condition
    # (as exporters write masked_fill). cond [1, 4] (bool initializer),
    # x [2, 3, 4] (input), other [3, 1] (initializer); all three broadcast
    # -> y [2, 3, 4].
    x, other = randn(2, 3, 4), randn(3, 1)
    cond = np.array([[True, False, False, True]])
    build_case(out, "where_const_cond", 13,
               [helper.make_node("Where", ["cond", "x", "other"], ["y"])],
               od(("x", x)), od(("y", np.where(cond, x, other))),
               initializers=od(("cond", cond), ("other", other)))

    # cast_int_to_float: Cast(to=FLOAT) of an int64 input x [2, 3] (values in
    # [-5, 5]) -> float32 y [2, 3].
    x = rng.integers(-5, 6, size=(2, 3), dtype=np.int64)
    build_case(out, "cast_int_to_float", 13,
               [helper.make_node("Cast", ["x"], ["y"], to=TensorProto.FLOAT)],
               od(("x", x)), od(("y", x.astype(np.float32))))

    # constantofshape: x [batch, 3] (symbolic batch) -Shape-> shape,
    # filled = ConstantOfShape(shape, value=0.5 float) [batch, 3],
    # y = x + filled. Two outputs: filled and y.
    x = randn(2, 3)
    build_case(out, "constantofshape", 13,
               [helper.make_node("Shape", ["x"], ["shape"]),
                helper.make_node("ConstantOfShape", ["shape"], ["filled"],
                                 value=numpy_helper.from_array(f32([0.5]), "value")),
                helper.make_node("Add", ["x", "filled"], ["y"])],
               od(("x", x)), od(("filled", np.full((2, 3), 0.5)), ("y", x + np.float32(0.5))),
               input_shapes={"x": ["batch", 3]},
               output_shapes={"filled": ["batch", 3], "y": ["batch", 3]})

    # shape_arithmetic: the chain exporters emit for x.view(x.size(0), -1):
    # x [batch, 3, 4] -Shape-> [3] -Gather(index 0-d 0, axis 0)-> batch (0-d)
    # -Unsqueeze(axes=[0])-> [1] -Concat with [-1]-> [batch, -1] -Reshape(x)->
    # y [batch, 12]. Opset 13 (Unsqueeze axes as an input).
    x = randn(2, 3, 4)
    build_case(out, "shape_arithmetic", 13,
               [helper.make_node("Shape", ["x"], ["x_shape"]),
                helper.make_node("Gather", ["x_shape", "zero"], ["batch_dim"], axis=0),
                helper.make_node("Unsqueeze", ["batch_dim", "unsqueeze_axes"], ["batch_1d"]),
                helper.make_node("Concat", ["batch_1d", "minus_one"], ["new_shape"], axis=0),
                helper.make_node("Reshape", ["x", "new_shape"], ["y"])],
               od(("x", x)), od(("y", x.reshape(2, 12))),
               initializers=od(("zero", np.array(0, dtype=np.int64)),
                               ("unsqueeze_axes", np.array([0], dtype=np.int64)),
                               ("minus_one", np.array([-1], dtype=np.int64))),
               input_shapes={"x": ["batch", 3, 4]},
               output_shapes={"y": ["batch", 12]})

    # identity_dedup: two Identity nodes read one initializer w [3] (as
    # exporters write tied weights); y = x * w_a + w_b with x [2, 3].
    x, w = randn(2, 3), randn(3)
    build_case(out, "identity_dedup", 13,
               [helper.make_node("Identity", ["w"], ["w_a"]),
                helper.make_node("Identity", ["w"], ["w_b"]),
                helper.make_node("Mul", ["x", "w_a"], ["xw"]),
                helper.make_node("Add", ["xw", "w_b"], ["y"])],
               od(("x", x)), od(("y", x.astype(np.float64) * w + w)),
               initializers=od(("w", w)))

    # ---- unsupported operators: inputs only, no expected outputs ----------

    # unsupported_conv: Conv(kernel 3x3, pads 1) of x [1, 2, 6, 6] with
    # W [3, 2, 3, 3] and B [3] -> y [1, 3, 6, 6].
    build_case(out, "unsupported_conv", 13,
               [helper.make_node("Conv", ["x", "W", "B"], ["y"],
                                 kernel_shape=[3, 3], pads=[1, 1, 1, 1])],
               od(("x", randn(1, 2, 6, 6))), od(("y", (np.float32, [1, 3, 6, 6]))),
               initializers=od(("W", randn(3, 2, 3, 3)), ("B", randn(3))))

    # unsupported_lstm: a one-direction LSTM, hidden 5, over x [3, 2, 4]
    # (sequence, batch, features) with W [1, 20, 4], R [1, 20, 5], B [1, 40];
    # output Y [3, 1, 2, 5].
    build_case(out, "unsupported_lstm", 13,
               [helper.make_node("LSTM", ["x", "W", "R", "B"], ["y"], hidden_size=5)],
               od(("x", randn(3, 2, 4))), od(("y", (np.float32, [3, 1, 2, 5]))),
               initializers=od(("W", randn(1, 20, 4)), ("R", randn(1, 20, 5)),
                               ("B", randn(1, 40))))

    # unsupported_if: cond = ReduceSum(x) > 0 (keepdims=0, all axes -> 0-d);
    # If(cond) then y = x else y = -x, the branches reading x from the outer
    # scope. x [2, 3].
    then_graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["then_y"])], "then_branch", [],
        [value_info("then_y", np.float32, [2, 3])])
    else_graph = helper.make_graph(
        [helper.make_node("Neg", ["x"], ["else_y"])], "else_branch", [],
        [value_info("else_y", np.float32, [2, 3])])
    build_case(out, "unsupported_if", 13,
               [helper.make_node("ReduceSum", ["x"], ["total"], keepdims=0),
                helper.make_node("Greater", ["total", "zero"], ["cond"]),
                helper.make_node("If", ["cond"], ["y"],
                                 then_branch=then_graph, else_branch=else_graph)],
               od(("x", randn(2, 3))), od(("y", (np.float32, [2, 3]))),
               initializers=od(("zero", f32(0.0))))

    # ---- cases added later: at the end, so the ones above keep their values --

    # gelu_op20: Gelu arrived in opset 20, with approximate="none" (the erf
    # form, x * (1 + erf(x / sqrt 2)) / 2) and "tanh" (0.5 x (1 + tanh(
    # sqrt(2 / pi) (x + 0.044715 x^3)))). x [2, 5] -> y, y_tanh. onnx 1.12
    # knows opsets up to 17 only, so check_model is skipped here.
    x = randn(2, 5) * 2
    xd = x.astype(np.float64)
    build_case(out, "gelu_op20", 20,
               [helper.make_node("Gelu", ["x"], ["y"]),
                helper.make_node("Gelu", ["x"], ["y_tanh"], approximate="tanh")],
               od(("x", x)),
               od(("y", 0.5 * xd * (1 + np_erf(xd / math.sqrt(2)))),
                  ("y_tanh", 0.5 * xd * (1 + np.tanh(math.sqrt(2 / math.pi) * (xd + 0.044715 * xd ** 3))))),
               check=onnx.defs.onnx_opset_version() >= 20,
               why_unchecked="opset 20 is newer than onnx %s knows" % onnx.__version__)


# --------------------------------------------------------------------------
# Self-check: a small NumPy interpreter of the operators the fixtures use
# --------------------------------------------------------------------------

class Evaluator:
    """Runs an ONNX graph on NumPy arrays, for the operators and opset
    semantics that occur in these fixtures (nothing more)."""

    def __init__(self, model):
        self.model = model
        self.opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))

    def run(self, feeds):
        env = {t.name: numpy_helper.to_array(t) for t in self.model.graph.initializer}
        env.update(feeds)
        for node in self.model.graph.node:
            args = [env[n] if n else None for n in node.input]
            attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
            fn = getattr(self, "op_" + node.op_type, None)
            if fn is None:
                raise NotImplementedError(node.op_type)
            results = fn(args, attrs, len(node.output))
            if not isinstance(results, list):
                results = [results]
            for name, value in zip(node.output, results):
                env[name] = np.asarray(value)
        return {o.name: env[o.name] for o in self.model.graph.output}

    @staticmethod
    def _axes(axes, rank):
        return sorted(int(a) + rank if a < 0 else int(a) for a in axes)

    # elementwise
    def op_Add(self, a, at, n): return a[0] + a[1]
    def op_Sub(self, a, at, n): return a[0] - a[1]
    def op_Mul(self, a, at, n): return a[0] * a[1]

    def op_Div(self, a, at, n):
        x, y = a
        if np.issubdtype(x.dtype, np.integer):
            return (np.sign(x) * np.sign(y) * (np.abs(x) // np.abs(y))).astype(x.dtype)
        return x / y

    def op_Pow(self, a, at, n): return np.power(a[0], a[1]).astype(a[0].dtype)
    def op_Sqrt(self, a, at, n): return np.sqrt(a[0])
    def op_Exp(self, a, at, n): return np.exp(a[0])
    def op_Neg(self, a, at, n): return -a[0]
    def op_Reciprocal(self, a, at, n): return (1.0 / a[0]).astype(a[0].dtype)
    def op_Tanh(self, a, at, n): return np.tanh(a[0])
    def op_Relu(self, a, at, n): return np.maximum(a[0], 0).astype(a[0].dtype)
    def op_Erf(self, a, at, n): return np_erf(a[0]).astype(a[0].dtype)
    def op_Gelu(self, a, at, n):
        x = a[0].astype(np.float64)
        if at.get("approximate", b"none") in (b"tanh", "tanh"):
            y = 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
        else:
            y = 0.5 * x * (1 + np_erf(x / math.sqrt(2)))
        return y.astype(a[0].dtype)
    def op_Sigmoid(self, a, at, n): return (1.0 / (1.0 + np.exp(-a[0]))).astype(a[0].dtype)

    def op_LeakyRelu(self, a, at, n):
        x = a[0]
        return np.where(x >= 0, x, x * np.float32(at.get("alpha", 0.01))).astype(x.dtype)

    def op_Equal(self, a, at, n): return a[0] == a[1]
    def op_Greater(self, a, at, n): return a[0] > a[1]
    def op_Where(self, a, at, n): return np.where(a[0], a[1], a[2])
    def op_Identity(self, a, at, n): return a[0].copy()

    def op_Cast(self, a, at, n):
        return a[0].astype(ONNX_TO_NP[at["to"]])

    # constants and shapes
    def op_Constant(self, a, at, n):
        if "value" in at:
            return numpy_helper.to_array(at["value"])
        if "value_float" in at:
            return np.array(at["value_float"], dtype=np.float32)
        if "value_int" in at:
            return np.array(at["value_int"], dtype=np.int64)
        if "value_ints" in at:
            return np.array(at["value_ints"], dtype=np.int64)
        raise NotImplementedError("Constant %s" % sorted(at))

    def op_ConstantOfShape(self, a, at, n):
        value = numpy_helper.to_array(at["value"]) if "value" in at else np.zeros(1, np.float32)
        return np.full(tuple(int(d) for d in a[0]), value.reshape(-1)[0], dtype=value.dtype)

    def op_Shape(self, a, at, n): return np.array(a[0].shape, dtype=np.int64)

    def op_Reshape(self, a, at, n):
        x, shape = a
        dims = [x.shape[i] if d == 0 and not at.get("allowzero", 0) else int(d)
                for i, d in enumerate(shape)]
        return x.reshape(dims)

    def op_Flatten(self, a, at, n):
        x = a[0]
        axis = at.get("axis", 1)
        axis = axis + x.ndim if axis < 0 else axis
        return x.reshape(int(np.prod(x.shape[:axis])), -1)

    def op_Transpose(self, a, at, n):
        perm = at.get("perm")
        return a[0].transpose(perm) if perm is not None else a[0].T

    def op_Squeeze(self, a, at, n):
        x = a[0]
        axes = a[1] if self.opset >= 13 and len(a) > 1 else at.get("axes")
        if axes is None:
            return np.squeeze(x)
        return np.squeeze(x, axis=tuple(self._axes(axes, x.ndim)))

    def op_Unsqueeze(self, a, at, n):
        x = a[0]
        axes = a[1] if self.opset >= 13 else at["axes"]
        out_rank = x.ndim + len(axes)
        for axis in self._axes(axes, out_rank):
            x = np.expand_dims(x, axis)
        return x

    def op_Concat(self, a, at, n): return np.concatenate(a, axis=at["axis"])

    def op_Expand(self, a, at, n):
        x, shape = a
        return np.broadcast_to(x, np.broadcast_shapes(x.shape, tuple(int(d) for d in shape))).copy()

    def op_Gather(self, a, at, n):
        return np.take(a[0], a[1], axis=at.get("axis", 0))

    def op_Split(self, a, at, n):
        x = a[0]
        axis = at.get("axis", 0)
        split = (a[1] if len(a) > 1 else None) if self.opset >= 13 else at.get("split")
        if split is None:
            split = [x.shape[axis] // n] * n
        bounds = np.cumsum(split)[:-1]
        return list(np.split(x, bounds, axis=axis))

    def op_Slice(self, a, at, n):
        x = a[0]
        if self.opset < 10:
            starts, ends = at["starts"], at["ends"]
            axes = at.get("axes", list(range(len(starts))))
            steps = [1] * len(starts)
        else:
            starts, ends = a[1], a[2]
            axes = a[3] if len(a) > 3 and a[3] is not None else range(len(starts))
            steps = a[4] if len(a) > 4 and a[4] is not None else [1] * len(starts)
        index = [slice(None)] * x.ndim
        for start, end, axis, step in zip(starts, ends, axes, steps):
            axis, dim = int(axis) % x.ndim, x.shape[int(axis) % x.ndim]
            start, end, step = int(start), int(end), int(step)
            start = start + dim if start < 0 else start
            end = end + dim if end < 0 else end
            if step > 0:
                start, end = min(max(start, 0), dim), min(max(end, 0), dim)
            else:
                start, end = min(max(start, 0), dim - 1), min(max(end, -1), dim - 1)
            index[axis] = slice(start, None if end < 0 else end, step)
        return x[tuple(index)]

    # reductions, softmax, matrix products, normalisation
    def _reduce(self, fn, a, at, axes_as_input):
        x = a[0]
        axes = (a[1] if len(a) > 1 else None) if axes_as_input else at.get("axes")
        keep = bool(at.get("keepdims", 1))
        if axes is None or len(axes) == 0:
            axes = range(x.ndim)
        return fn(x, axis=tuple(self._axes(axes, x.ndim)), keepdims=keep).astype(x.dtype)

    def op_ReduceMean(self, a, at, n): return self._reduce(np.mean, a, at, self.opset >= 18)
    def op_ReduceSum(self, a, at, n): return self._reduce(np.sum, a, at, self.opset >= 13)

    def op_Softmax(self, a, at, n):
        x = a[0]
        axis = at.get("axis", 1 if self.opset < 13 else -1)
        if self.opset >= 13:
            return np_softmax(x, axis).astype(x.dtype)
        axis = axis + x.ndim if axis < 0 else axis
        flat = x.reshape(int(np.prod(x.shape[:axis])), -1)
        return np_softmax(flat, 1).reshape(x.shape).astype(x.dtype)

    def op_LogSoftmax(self, a, at, n):
        assert self.opset >= 13
        return np.log(np_softmax(a[0], at.get("axis", -1))).astype(a[0].dtype)

    def op_MatMul(self, a, at, n): return np.matmul(a[0], a[1])

    def op_Gemm(self, a, at, n):
        x = a[0].T if at.get("transA", 0) else a[0]
        w = a[1].T if at.get("transB", 0) else a[1]
        y = np.float32(at.get("alpha", 1.0)) * (x @ w)
        if len(a) > 2 and a[2] is not None:
            y = y + np.float32(at.get("beta", 1.0)) * a[2]
        return y.astype(a[0].dtype)

    def op_LayerNormalization(self, a, at, n):
        x, scale = a[0], a[1]
        bias = a[2] if len(a) > 2 else None
        axis = at.get("axis", -1)
        axis = axis + x.ndim if axis < 0 else axis
        axes = tuple(range(axis, x.ndim))
        xd = x.astype(np.float64)
        mean = xd.mean(axis=axes, keepdims=True)
        var = ((xd - mean) ** 2).mean(axis=axes, keepdims=True)
        y = (xd - mean) / np.sqrt(var + at.get("epsilon", 1e-5)) * scale
        if bias is not None:
            y = y + bias
        return y.astype(x.dtype)


def self_check(out_dir, fixtures):
    """Evaluate each fixture with expected outputs and compare; returns the
    number of fixtures evaluated and the largest absolute difference."""
    worst, checked = 0.0, 0
    for rel in fixtures:
        folder = os.path.join(out_dir, rel)
        model = onnx.load(os.path.join(folder, "model.onnx"))
        outputs = [o.name for o in model.graph.output]
        if not all(os.path.exists(os.path.join(folder, o + ".npy")) for o in outputs):
            continue
        feeds = {i.name: np.load(os.path.join(folder, i.name + ".npy")) for i in model.graph.input}
        got = Evaluator(model).run(feeds)
        checked += 1
        for out in model.graph.output:
            want = np.load(os.path.join(folder, out.name + ".npy"))
            have = got[out.name].astype(np.float32)
            declared = [d.dim_param or d.dim_value for d in out.type.tensor_type.shape.dim]
            assert len(declared) == want.ndim, (rel, out.name, declared, want.shape)
            for d, s in zip(declared, want.shape):
                assert isinstance(d, str) or d == s, (rel, out.name, declared, want.shape)
            assert have.shape == want.shape, (rel, out.name, have.shape, want.shape)
            diff = float(np.max(np.abs(have - want))) if want.size else 0.0
            if not np.allclose(have, want, rtol=1e-4, atol=1e-5):
                raise AssertionError("%s: %s differs from its reference by %g" % (rel, out.name, diff))
            worst = max(worst, diff)
    return checked, worst


# --------------------------------------------------------------------------
# INDEX.txt
# --------------------------------------------------------------------------

def describe_value(v):
    t = v.type.tensor_type
    dims = ",".join(d.dim_param if d.dim_param else str(d.dim_value) for d in t.shape.dim)
    return "%s:%s[%s]" % (v.name, ONNX_TO_NP[t.elem_type].name, dims)


def index_line(out_dir, rel):
    folder = os.path.join(out_dir, rel)
    model = onnx.load(os.path.join(folder, "model.onnx"))
    opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
    counts = collections.Counter(n.op_type for n in model.graph.node)
    ops = " ".join("%s*%d" % (op, counts[op]) for op in sorted(counts))
    ins = " ".join(describe_value(v) for v in model.graph.input)
    outs = " ".join(describe_value(v) for v in model.graph.output)
    notes = []
    if not all(os.path.exists(os.path.join(folder, o.name + ".npy")) for o in model.graph.output):
        notes.append("no expected output")
    if rel in UNCHECKED:
        notes.append("not passed through check_model: " + UNCHECKED[rel])
    line = "%-36s opset=%-2d nodes=%-3d inits=%-3d in: %s | out: %s | ops: %s" % (
        rel, opset, len(model.graph.node), len(model.graph.initializer), ins, outs, ops)
    if notes:
        line += " | " + "; ".join(notes)
    return line


def list_fixtures(out_dir):
    found = []
    for root, _, files in os.walk(out_dir):
        if "model.onnx" in files:
            found.append(os.path.relpath(root, out_dir).replace(os.sep, "/"))
    return sorted(found, key=lambda r: (r.startswith("ops/"), r))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=DEFAULT_OUT,
                        help="output folder, deleted and rewritten (default: %(default)s)")
    args = parser.parse_args()
    out = os.path.abspath(args.out)

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)

    for make in MODEL_FIXTURES:
        make(out)
    ops_cases(out)

    fixtures = list_fixtures(out)
    checked, worst = self_check(out, fixtures)
    with open(os.path.join(out, "INDEX.txt"), "w") as f:
        f.write("# ONNX test fixtures, written by onnx/src/test/python/make_fixtures.py; one line each:\n"
                "# folder, opset, node and initializer counts, graph inputs and outputs as\n"
                "# name:dtype[dims] (a named dim is symbolic), node op types with their counts.\n")
        for rel in fixtures:
            f.write(index_line(out, rel) + "\n")
    total = sum(os.path.getsize(os.path.join(r, name))
                for r, _, names in os.walk(out) for name in names)
    print("wrote %d fixtures (%d bytes) into %s; NumPy self-check of %d: max abs diff %.3g"
          % (len(fixtures), total, out, checked, worst))


if __name__ == "__main__":
    sys.exit(main())
