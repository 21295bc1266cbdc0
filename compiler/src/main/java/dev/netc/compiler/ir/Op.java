package dev.netc.compiler.ir;

import dev.netc.runtime.ops.ActivationKind;
import dev.netc.runtime.ops.ArithOp;
import dev.netc.runtime.ops.LossKind;
import dev.netc.runtime.ops.Reduction;
import dev.netc.compiler.graph.Node;
import java.util.List;

/**
 * What an IR node computes. Operands are the node's {@code inputs}, in the
 * order each op documents. Every op has a scalar definition in the reference
 * interpreter and a kernel in the code generator.
 */
public sealed interface Op {
  /** A network input, by name. No operands. */
  record Input(String name) implements Op {}

  /** A parameter of {@link IrGraph#params()}, by name. No operands. */
  record Param(String name) implements Op {}

  /** A scalar constant. No operands. */
  record Constant(double value) implements Op {}

  /** NumPy matmul of {@code [a, b]}, batched over leading axes, with the 1-D rules. */
  record MatMul() implements Op {}

  /**
   * The fused dense layer: {@code activation(scale * (x @ W + bias)) + residual}
   * with operands {@code [x, W]}, then {@code bias} when {@code hasBias}, then
   * {@code residual} when {@code hasResidual}. {@code W} is a rank-2 parameter;
   * when {@code transposed} it is stored {@code [out, in]} and used as
   * {@code W.T}. {@code x} may have any leading axes. The bias is a parameter of
   * shape {@code [out]}; the residual has the result's shape. {@code alpha} is pow's exponent or
   * leaky_relu's slope, else 0.
   */
  record Gemm(boolean transposed, boolean hasBias, ActivationKind activation, double alpha, double scale,
      boolean hasResidual) implements Op {
    /** A Gemm without a residual. */
    public Gemm(boolean transposed, boolean hasBias, ActivationKind activation, double alpha, double scale) {
      this(transposed, hasBias, activation, alpha, scale, false);
    }
  }

  /** Element-wise {@code a op b} of {@code [a, b]} with NumPy broadcasting. */
  record Elementwise(ArithOp op) implements Op {}

  /** {@code -x}. */
  record Negate() implements Op {}

  /** An element-wise activation or math function of {@code [x]}; {@code alpha} is leaky_relu's slope or pow's exponent. */
  record Activation(ActivationKind kind, double alpha) implements Op {}

  /** Softmax of {@code [x]} along {@code axis} (non-negative), or its log. */
  record Softmax(int axis, boolean log) implements Op {}

  /** Layer normalization of {@code [x, gamma, beta]} over the trailing axes gamma spans. */
  record LayerNorm(double epsilon) implements Op {}

  /** Result axis {@code i} is operand axis {@code permutation[i]}. */
  record Transpose(List<Integer> permutation) implements Op {
    public Transpose {
      permutation = List.copyOf(permutation);
    }
  }

  /** Row-major reshape of {@code [x]} to the node's shape. */
  record Reshape() implements Op {}

  /** Concatenation of all operands along {@code axis} (non-negative). */
  record Concat(int axis) implements Op {}

  /** A slice of {@code [x]}; one range per operand axis, see {@link Node.AxisRange}. */
  record Slice(List<Node.AxisRange> ranges) implements Op {
    public Slice {
      ranges = List.copyOf(ranges);
    }

    /** The slice of {@code operand} as a spec writes it, without trailing whole axes: {@code table[0:T]}. */
    public String text(String operand) {
      int last = ranges.size();
      while (last > 1 && ranges.get(last - 1).whole()) {
        last--;
      }
      return operand + ranges.subList(0, last).stream().map(Node.AxisRange::text)
          .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    /** Whether an axis is cut at a size of run-time dimensions, which each call checks. */
    public boolean hasRuntimeEnd() {
      return ranges.stream().anyMatch(r -> r.runtimeEnd().isPresent());
    }
  }

  /**
   * {@code softmax(scale * q @ k^T + mask) @ v} over the last two axes, operands
   * {@code [q, k, v]} or {@code [q, k, v, mask]}; {@code scale} is 1/sqrt(d_k) unless a
   * pass folded it elsewhere. {@code interleaved} says which of q, k, v and the result
   * hold their heads interleaved (see {@link Heads}). When {@code causal}, query row i
   * attends to keys 0..i only (PyTorch's {@code is_causal}), with or without a mask.
   */
  record Attention(double scale, boolean hasMask, Heads interleaved, boolean causal) implements Op {
    /** A non-causal attention whose operands and result are laid out as their shapes say. */
    public Attention(double scale, boolean hasMask) {
      this(scale, hasMask, Heads.NONE, false);
    }

    /** A non-causal attention. */
    public Attention(double scale, boolean hasMask, Heads interleaved) {
      this(scale, hasMask, interleaved, false);
    }

    public Attention withScale(double newScale) {
      return new Attention(newScale, hasMask, interleaved, causal);
    }

    public Attention withHeads(Heads heads) {
      return new Attention(scale, hasMask, heads, causal);
    }
  }

  /**
   * Which of an attention's q, k, v and result are given as {@code [N, T, heads, d]}, the
   * layout a projection {@code x @ Wq} reshaped to heads already has, instead of the
   * {@code [N, heads, T, d]} the attention computes over: the heads are read (or written)
   * in place, rows {@code heads * d} apart, and the transposes a spec writes to split and
   * merge them are not computed. Only rank-4 attentions interleave.
   */
  record Heads(boolean query, boolean key, boolean value, boolean result) {
    public static final Heads NONE = new Heads(false, false, false, false);

    /** Whether operand {@code i} (0 = q, 1 = k, 2 = v) is interleaved. */
    public boolean operand(int i) {
      return switch (i) {
        case 0 -> query;
        case 1 -> key;
        case 2 -> value;
        default -> false;
      };
    }

    public boolean any() {
      return query || key || value || result;
    }
  }

  /** Mean squared error of {@code [prediction, target]}, a scalar. */
  record Mse() implements Op {}

  /** A loss of {@code [prediction, target]}, a scalar ({@link LossKind}). */
  record Loss(LossKind kind) implements Op {}

  /** Element conversion of {@code [x]} to the node's element type. */
  record Cast() implements Op {}

  /**
   * The slices of {@code [x, index]} along {@code axis} (non-negative) that the integer tensor
   * {@code index} selects; see {@link Node.Gather}.
   */
  record Gather(int axis, boolean fromEnd) implements Op {}
  /**
   * A sum, mean or maximum of {@code [x]} over its adjacent axes {@code [from, to)}; the result
   * has the node's shape, which holds them as 1s or leaves them out (the elements are the same).
   * Axes apart are reduced by one node per run of adjacent ones.
   */
  record Reduce(Reduction kind, int from, int to) implements Op {}

  /** {@code x / max(||x||, epsilon)} of {@code [x]}, the L2 norm along {@code axis} (non-negative). */
  record L2Normalize(int axis, double epsilon) implements Op {}

  /** A short lower-case name for dumps and generated names: {@code matmul}, {@code gemm}, ... */
  static String mnemonic(Op op) {
    return switch (op) {
      case Input i -> "input";
      case Param p -> "param";
      case Constant c -> "const";
      case MatMul m -> "matmul";
      case Gemm g -> "gemm";
      case Elementwise e -> switch (e.op()) {
        case ADD -> "add";
        case SUB -> "sub";
        case MUL -> "mul";
        case DIV -> "div";
      };
      case Negate n -> "neg";
      case Activation a -> a.kind().spelling();
      case Softmax s -> s.log() ? "log_softmax" : "softmax";
      case LayerNorm l -> "layernorm";
      case Transpose t -> "transpose";
      case Reshape r -> "reshape";
      case Concat c -> "concat";
      case Slice s -> "slice";
      case Attention a -> "attention";
      case Mse m -> "mse";
      case Loss l -> l.kind().spelling();
      case Cast c -> "cast";
      case Gather g -> g.fromEnd() ? "gather" : "embedding";
      case Reduce r -> r.kind().spelling();
      case L2Normalize l -> "l2_normalize";
    };
  }
}
