package dev.netc.compiler.graph;

import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.TensorType;
import dev.netc.runtime.ops.ActivationKind;
import dev.netc.runtime.ops.ArithOp;
import dev.netc.runtime.ops.LossKind;
import dev.netc.runtime.ops.Reduction;
import dev.netc.compiler.source.Span;
import java.util.List;
import java.util.Optional;

/**
 * A checked, typed operation. The checker lowers the spec's surface syntax
 * ({@code dense}, {@code .T}, {@code x[...]}) to these primitives, so the back
 * end sees a small closed set, each with its static type and the span of the
 * spec it came from.
 */
public sealed interface Node {
  TensorType type();

  Span span();

  /** A network input. */
  record Input(String name, TensorType type, Span span) implements Node {}

  /** A parameter (weights or bias), declared or created by {@code dense}. */
  record Param(String name, TensorType type, Span span) implements Node {}

  /** The value of an earlier named node. */
  record Ref(String name, TensorType type, Span span) implements Node {}

  /** A scalar known at compile time ({@code 0.5}, {@code sqrt(64)}). */
  record Constant(double value, TensorType type, Span span) implements Node {}

  /** NumPy's {@code matmul}: batched over leading axes, with its 1-D rules. */
  record MatMul(Node left, Node right, TensorType type, Span span) implements Node {}

  /** {@code + - * /} with NumPy broadcasting. */
  record Elementwise(ArithOp op, Node left, Node right, TensorType type, Span span) implements Node {}

  record Negate(Node operand, TensorType type, Span span) implements Node {}

  /** An element-wise activation or math function; {@code alpha} is leaky_relu's slope or pow's exponent, else 0. */
  record Activation(ActivationKind kind, Node operand, double alpha, TensorType type, Span span) implements Node {}

  /** Softmax (or log-softmax) along {@code axis} (non-negative). */
  record Softmax(Node operand, int axis, boolean log, TensorType type, Span span) implements Node {}

  /**
   * Layer normalization over the trailing axes {@code gamma} spans (the last one for a vector),
   * then {@code * gamma + beta}.
   */
  record LayerNorm(Node operand, Node gamma, Node beta, double epsilon, TensorType type, Span span)
      implements Node {}

  /** Axis {@code i} of the result is axis {@code permutation[i]} of the operand. */
  record Transpose(Node operand, List<Integer> permutation, TensorType type, Span span) implements Node {
    public Transpose {
      permutation = List.copyOf(permutation);
    }
  }

  /** Row-major reshape to {@link #type()}'s shape. */
  record Reshape(Node operand, TensorType type, Span span) implements Node {}

  record Concat(List<Node> operands, int axis, TensorType type, Span span) implements Node {
    public Concat {
      operands = List.copyOf(operands);
    }
  }

  /**
   * Per operand axis, the range kept; an axis indexed by a single position is
   * kept with length 1 and then dropped from the result.
   */
  record Slice(Node operand, List<AxisRange> ranges, TensorType type, Span span) implements Node {
    public Slice {
      ranges = List.copyOf(ranges);
    }
  }

  /**
   * {@code softmax(q @ k^T / sqrt(d_k) + mask) @ v} over the last two axes; when {@code causal},
   * query row i sees keys 0..i only.
   */
  record Attention(Node query, Node key, Node value, Optional<Node> mask, boolean causal, TensorType type, Span span)
      implements Node {}

  /** A sum, mean or maximum over {@code axes} (non-negative, ascending), kept as 1s or dropped. */
  record Reduce(Reduction kind, Node operand, List<Integer> axes, boolean keepdims, TensorType type, Span span)
      implements Node {
    public Reduce {
      axes = List.copyOf(axes);
    }
  }

  /** {@code x / max(||x||, epsilon)} along {@code axis} (non-negative), the L2 norm over that axis. */
  record L2Normalize(Node operand, int axis, double epsilon, TensorType type, Span span) implements Node {}

  /** Mean squared error of two same-shaped tensors: a scalar. */
  record Mse(Node left, Node right, TensorType type, Span span) implements Node {}

  /**
   * A loss of {@code prediction} (logits, or probabilities) against {@code target} (targets of its
   * shape, or integer class labels for the sparse form): a scalar.
   */
  record Loss(LossKind kind, Node prediction, Node target, TensorType type, Span span) implements Node {}

  /** Element conversion of {@code operand} to {@link #type()}'s element type ({@code cast(x, f32)}). */
  record Cast(Node operand, TensorType type, Span span) implements Node {}

  /**
   * The slices of {@code operand} along {@code axis} (non-negative) that the integer tensor
   * {@code index} selects: ONNX Gather, and {@code embedding} (axis 0 of a table). {@code fromEnd}
   * lets a negative index count from the end, as ONNX does; an embedding takes only {@code [0, V)}.
   */
  record Gather(Node operand, Node index, int axis, boolean fromEnd, TensorType type, Span span) implements Node {}

  /** What failed checking; never part of a graph handed to the back end. */
  record Invalid(Span span) implements Node {
    @Override
    public TensorType type() {
      return TensorType.UNKNOWN;
    }
  }

  /**
   * One axis of a slice: elements {@code [start, end)}; {@code whole} when the
   * axis is taken entire (the only choice for a run-time axis); {@code drop}
   * when a single index removes the axis.
   *
   * <p>A fixed axis may also be cut at a size of run-time dimensions, {@code table[0:T]}:
   * {@code runtimeEnd} holds that size, {@code start} is 0 and {@code end} is -1 (as for a
   * run-time axis taken whole), and the code that runs it checks once per call that the size
   * fits the axis.
   */
  record AxisRange(long start, long end, boolean whole, boolean drop, Optional<Dim> runtimeEnd) {
    public AxisRange {
      if (runtimeEnd.isPresent() && (start != 0 || end != -1 || whole || drop || runtimeEnd.get().isFixed())) {
        throw new IllegalArgumentException("a run-time end " + runtimeEnd.get() + " with start " + start);
      }
    }

    /** A range with fixed bounds, or a whole axis. */
    public AxisRange(long start, long end, boolean whole, boolean drop) {
      this(start, end, whole, drop, Optional.empty());
    }

    /** Elements {@code [0, end)} of a fixed axis, {@code end} a size of run-time dimensions. */
    public static AxisRange upTo(Dim end) {
      return new AxisRange(0, -1, false, false, Optional.of(end));
    }

    /** How many elements it keeps of an axis of {@code size} (1 for a dropped axis). */
    public Dim length(Dim size) {
      return whole ? size : runtimeEnd.orElseGet(() -> Dim.of(end - start));
    }

    /** The item as written in {@code x[...]}: {@code :}, {@code 3}, {@code 2:5}, {@code 0:T}. */
    public String text() {
      return whole ? ":" : drop ? Long.toString(start) : start + ":" + runtimeEnd.map(Dim::valueText)
          .orElse(Long.toString(end));
    }
  }
}
