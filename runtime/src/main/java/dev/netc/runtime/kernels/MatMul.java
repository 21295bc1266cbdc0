package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products of two computed operands (attention's {@code q @ k^T}, a
 * batched product): row-major, vectorized along the output columns. Products
 * with a weight matrix use the generated, shape-specialized kernels instead.
 */
public final class MatMul {
  private MatMul() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /** {@code c[co..] = a[ao..] (m x k) @ b[bo..] (k x n)}. */
  public static void multiply(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
    int bound = S.loopBound(n);
    for (int i = 0; i < m; i++) {
      int row = co + i * n;
      int j = 0;
      for (; j < bound; j += S.length()) {
        FloatVector acc = FloatVector.zero(S);
        for (int kk = 0; kk < k; kk++) {
          acc = FloatVector.fromArray(S, b, bo + kk * n + j).fma(FloatVector.broadcast(S, a[ao + i * k + kk]), acc);
        }
        acc.intoArray(c, row + j);
      }
      for (; j < n; j++) {
        float acc = 0;
        for (int kk = 0; kk < k; kk++) {
          acc = Math.fma(a[ao + i * k + kk], b[bo + kk * n + j], acc);
        }
        c[row + j] = acc;
      }
    }
  }

  /**
   * A batched product: for every index of {@code batch}, the {@code m x k} matrix of
   * {@code a} at {@code ao + sum(index * aStride)} times the {@code k x n} matrix of
   * {@code b} likewise, into {@code c} from {@code co} in row-major order of the batch;
   * a stride of 0 broadcasts that operand along the axis.
   */
  public static void batched(float[] a, int ao, int[] aStride, float[] b, int bo, int[] bStride, float[] c, int co,
      int[] batch, int m, int k, int n) {
    batchAxis(a, ao, aStride, b, bo, bStride, c, co, batch, 0, m, k, n);
  }

  private static int batchAxis(float[] a, int ao, int[] aStride, float[] b, int bo, int[] bStride, float[] c, int co,
      int[] batch, int d, int m, int k, int n) {
    if (d == batch.length) {
      multiply(a, ao, b, bo, c, co, m, k, n);
      return co + m * n;
    }
    for (int i = 0; i < batch[d]; i++) {
      co = batchAxis(a, ao + i * aStride[d], aStride, b, bo + i * bStride[d], bStride, c, co, batch, d + 1, m, k, n);
    }
    return co;
  }
}
