package dev.netc.compiler.interp;

import dev.netc.runtime.ops.ActivationKind;
import dev.netc.runtime.ops.ArithOp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The ops built on matrix products: NumPy matmul, the fused dense layer, and scaled dot-product attention. */
final class LinearAlgebra {
  private LinearAlgebra() {}

  /**
   * NumPy's {@code matmul}: {@code [..., m, k] @ [..., k, n] -> [..., m, n]} with the
   * leading (batch) axes broadcast; a 1-D left operand is a row vector and a 1-D right
   * operand a column vector, whose axis is removed from the result again, so
   * {@code [k] @ [k]} is a scalar.
   */
  static Tensor matmul(Tensor a, Tensor b) {
    if (a.rank() == 0 || b.rank() == 0) {
      throw new IllegalArgumentException("matmul: a scalar operand (" + a.shapeText() + " @ " + b.shapeText() + ")");
    }
    long[] as = a.rank() == 1 ? new long[] {1, a.dim(0)} : a.shape();
    long[] bs = b.rank() == 1 ? new long[] {b.dim(0), 1} : b.shape();
    int m = (int) as[as.length - 2];
    int k = (int) as[as.length - 1];
    int n = (int) bs[bs.length - 1];
    if (bs[bs.length - 2] != k) {
      throw new IllegalArgumentException("matmul: inner dimensions differ: " + a.shapeText() + " @ " + b.shapeText());
    }
    long[] batchA = Arrays.copyOf(as, as.length - 2);
    long[] batchB = Arrays.copyOf(bs, bs.length - 2);
    long[] batch = Shapes.broadcast(batchA, batchB, "matmul batch axes of " + a.shapeText() + " @ " + b.shapeText());
    int[] strideA = Shapes.broadcastStrides(batchA, batch);
    int[] strideB = Shapes.broadcastStrides(batchB, batch);
    double[] x = a.data();
    double[] y = b.data();
    int batches = Shapes.size(batch);
    double[] out = new double[batches * m * n];
    for (int t = 0; t < batches; t++) {
      // Batch strides count whole matrices of the operand.
      int offA = Shapes.offset(t, batch, strideA) * m * k;
      int offB = Shapes.offset(t, batch, strideB) * k * n;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double sum = 0;
          for (int p = 0; p < k; p++) {
            sum += x[offA + i * k + p] * y[offB + p * n + j];
          }
          out[(t * m + i) * n + j] = sum;
        }
      }
    }
    // Dropping the vectors' size-1 axes keeps the row-major layout unchanged.
    long[] shape = new long[batch.length + (a.rank() == 1 ? 0 : 1) + (b.rank() == 1 ? 0 : 1)];
    System.arraycopy(batch, 0, shape, 0, batch.length);
    int at = batch.length;
    if (a.rank() > 1) {
      shape[at++] = m;
    }
    if (b.rank() > 1) {
      shape[at] = n;
    }
    return new Tensor(shape, out);
  }

  /**
   * The fused dense layer, {@code activation(scale * (x @ W + bias))}; {@code W} is
   * {@code [in, out]}, or {@code [out, in]} used as {@code W.T} when {@code transposed}.
   */
  static Tensor gemm(Tensor x, Tensor w, Optional<Tensor> bias, boolean transposed,
      ActivationKind activation, double alpha, double scale) {
    if (w.rank() != 2) {
      throw new IllegalArgumentException("gemm: the weight must be a matrix, found " + w.shapeText());
    }
    Tensor weight = transposed ? ArrayKernels.transpose(w, List.of(1, 0)) : w;
    Tensor y = matmul(x, weight);
    if (bias.isPresent()) {
      if (bias.get().rank() != 1 || bias.get().dim(0) != weight.dim(1)) {
        throw new IllegalArgumentException("gemm: bias " + bias.get().shapeText() + " for " + weight.dim(1) + " outputs");
      }
      y = ArrayKernels.elementwise(ArithOp.ADD, y, bias.get());
    }
    return ArrayKernels.map(y, v -> activation.apply(scale * v, alpha));
  }

  /**
   * {@code softmax(scale * q @ k^T + mask) @ v} over the last two axes; a NaN
   * {@code scale} means {@code 1 / sqrt(d)}, {@code d} the last axis of {@code q}. The mask
   * is additive and broadcasts to the scores' shape {@code [..., Tq, Tk]} without enlarging it.
   */
  static Tensor attention(Tensor q, Tensor k, Tensor v, Optional<Tensor> mask, double scale) {
    return attention(q, k, v, mask, scale, false);
  }

  /**
   * As {@link #attention(Tensor, Tensor, Tensor, Optional, double)}; when {@code causal}, score
   * {@code [i, j]} with {@code j > i} is left out of the softmax (PyTorch's {@code is_causal}:
   * {@code tril} of ones of {@code [Tq, Tk]}, aligned top-left).
   */
  static Tensor attention(Tensor q, Tensor k, Tensor v, Optional<Tensor> mask, double scale, boolean causal) {
    if (q.rank() < 2 || k.rank() < 2 || v.rank() < 2) {
      throw new IllegalArgumentException("attention: q, k and v need rank 2 or more, found "
          + q.shapeText() + ", " + k.shapeText() + ", " + v.shapeText());
    }
    if (q.dim(-1) != k.dim(-1) || k.dim(-2) != v.dim(-2)) {
      throw new IllegalArgumentException("attention: q " + q.shapeText() + ", k " + k.shapeText() + " and v "
          + v.shapeText() + " do not fit: q and k share the last axis, k and v the second-to-last");
    }
    double s = Double.isNaN(scale) ? 1 / Math.sqrt(q.dim(-1)) : scale;
    Tensor scores = ArrayKernels.map(matmul(q, transposeLastTwo(k)), x -> s * x);
    if (mask.isPresent()) {
      long[] before = scores.shape();
      scores = ArrayKernels.elementwise(ArithOp.ADD, scores, mask.get());
      if (!Arrays.equals(before, scores.shape())) {
        throw new IllegalArgumentException("attention: mask " + mask.get().shapeText()
            + " would enlarge the scores " + Shapes.text(before));
      }
    }
    if (causal) {
      int tq = (int) scores.dim(-2);
      int tk = (int) scores.dim(-1);
      double[] data = scores.data();
      for (int at = 0; at < data.length; at++) {
        if (at % tk > (at / tk) % tq) {
          data[at] = Double.NEGATIVE_INFINITY;
        }
      }
      scores = new Tensor(scores.shape(), data);
    }
    Tensor weights = Reductions.softmax(scores, scores.rank() - 1, false);
    return matmul(weights, v);
  }

  private static Tensor transposeLastTwo(Tensor x) {
    int rank = x.rank();
    Integer[] perm = new Integer[rank];
    for (int i = 0; i < rank; i++) {
      perm[i] = i;
    }
    perm[rank - 2] = rank - 1;
    perm[rank - 1] = rank - 2;
    return ArrayKernels.transpose(x, List.of(perm));
  }
}
