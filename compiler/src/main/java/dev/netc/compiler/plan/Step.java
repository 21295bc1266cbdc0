package dev.netc.compiler.plan;

import dev.netc.compiler.shape.Dim;
import dev.netc.runtime.ops.ActivationKind;
import dev.netc.runtime.ops.ArithOp;
import dev.netc.runtime.ops.LossKind;
import dev.netc.runtime.ops.Reduction;
import java.util.List;
import java.util.Optional;

/**
 * One call of {@code forward}: a node of the IR as the kernel that computes it, with every size,
 * stride and offset it takes. Sizes are in terms of the run-time dimensions.
 */
public sealed interface Step {
  /** What the step computes, as the comment above it says: {@code h = gemm(x, W1, b1)}. */
  String comment();

  /** A dense layer, by a generated kernel. */
  record Gemm(String comment, Kernel kernel, Value x, Dim rows, WeightField.Packed weight,
      Optional<WeightField> columns, Value out, Optional<Value> residual) implements Step {}

  /** {@code out = a op b} with broadcasting: each operand's strides over the result's shape (0 where stretched). */
  record Elementwise(String comment, ArithOp op, Value a, IntList aStrides, Value b, IntList bStrides, Value out,
      IntList shape) implements Step {}

  record Negate(String comment, Value x, Value out, Dim count) implements Step {}

  record Activation(String comment, ActivationKind kind, double alpha, Value x, Value out, Dim count)
      implements Step {}

  /** Softmax along an axis of {@code length}, with {@code outer} rows before it and {@code inner} elements after. */
  record Softmax(String comment, Value x, Value out, Dim outer, Dim length, Dim inner, boolean log) implements Step {}

  record LayerNorm(String comment, Value x, Value gamma, Value beta, Value out, Dim rows, Dim length, double epsilon)
      implements Step {}

  /** A transpose or a slice: the elements of {@code x} from {@code from}, at {@code strides}, in {@code shape}'s order. */
  record Gather(String comment, Value x, Sum from, IntList strides, Value out, IntList shape) implements Step {}

  /** Concatenation: each part, {@code [outer, length, inner]}, written at {@code at} along an axis of {@code total}. */
  record Concat(String comment, List<Part> parts, Value out, Dim outer, Dim inner, Dim total) implements Step {
    public record Part(Value value, Dim length, Sum at) {}

    public Concat {
      parts = List.copyOf(parts);
    }
  }

  /** A product of two computed operands, batched over {@code batch} with each operand's batch strides. */
  record BatchedMatMul(String comment, Value a, IntList aStrides, Value b, IntList bStrides, Value out,
      IntList batch, Dim rows, Dim inner, Dim columns) implements Step {}

  /**
   * Scaled dot-product attention over {@code batch} heads.
   *
   * @param scale the scores' scale, or NaN for {@code 1 / sqrt(d)} at run time
   * @param causal whether query row i sees keys 0..i only
   * @param scratch a head's scores and transposed keys
   * @param otherScratch the same for the other thread, when the heads are split
   */
  record Attention(String comment, Operand q, Operand k, Operand v, Optional<Mask> mask, boolean causal, Operand out,
      IntList batch, Dim tq, Dim tk, Dim d, Dim dv, double scale, Buffer scratch, Buffer otherScratch) implements Step {
    /** An operand: its array, its strides over the batch axes, and the distance between its rows. */
    public record Operand(Value value, IntList batchStrides, Dim row) {}

    /** The additive mask: batch strides, and its row and column steps (0 where it broadcasts). */
    public record Mask(Value value, IntList batchStrides, Dim row, int column) {}
  }

  record Mse(String comment, Value a, Value b, Value out, Dim count) implements Step {}

  /**
   * A loss into {@code out}: over {@code rows} rows of {@code classes} logits for the cross-entropies,
   * over {@code rows} elements ({@code classes} 1) for the binary ones.
   */
  record Loss(String comment, LossKind kind, Value prediction, Value target, Value out, Dim rows, Dim classes)
      implements Step {}

  /** Element conversion of {@code count} values to {@code out}'s element type. */
  record Cast(String comment, Value x, Value out, Dim count) implements Step {}

  /**
   * A lookup by an integer index tensor ({@code embedding}, {@code gather}): {@code x} as
   * {@code [outer, length, inner]}, the result {@code [outer, count(indexShape), inner]}.
   *
   * @param indexName the index tensor's node, for the message of an index out of range
   */
  record Lookup(String comment, Value x, Value index, Value out, Dim outer, Dim length, Dim inner, IntList indexShape,
      boolean fromEnd, String indexName) implements Step {}
  /** A reduction along the middle axis of {@code x} viewed as {@code [outer, length, inner]}, to {@code [outer, inner]}. */
  record Reduce(String comment, Reduction kind, Value x, Value out, Dim outer, Dim length, Dim inner) implements Step {}

  /** L2 normalization along the middle axis of {@code x} viewed as {@code [outer, length, inner]}. */
  record L2Normalize(String comment, Value x, Value out, Dim outer, Dim length, Dim inner, double epsilon)
      implements Step {}

  /** An output that is another output's or an input's values, or a view of them: copied to the caller. */
  record Copy(String comment, Value from, Value to, Dim count) implements Step {}
}
