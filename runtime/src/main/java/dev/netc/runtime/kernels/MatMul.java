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
   * {@code a} at offset {@code sum(index * aStride)} times the {@code k x n} matrix of
   * {@code b} likewise; a stride of 0 broadcasts that operand along the axis.
   */
  public static void batched(float[] a, int[] aStride, float[] b, int[] bStride, float[] c, int[] batch,
      int m, int k, int n) {
    int count = 1;
    for (int d : batch) {
      count *= d;
    }
    int[] index = new int[batch.length];
    int ao = 0;
    int bo = 0;
    for (int t = 0; t < count; t++) {
      multiply(a, ao, b, bo, c, t * m * n, m, k, n);
      for (int d = batch.length - 1; d >= 0; d--) {
        index[d]++;
        ao += aStride[d];
        bo += bStride[d];
        if (index[d] < batch[d]) {
          break;
        }
        ao -= aStride[d] * batch[d];
        bo -= bStride[d] * batch[d];
        index[d] = 0;
      }
    }
  }
}
