package dev.netc.bench.peers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The straightforward Vector API loop, what a Java user writes after reading the
 * {@link FloatVector} javadoc: the preferred species, and for each output row and each vector of
 * output columns, one accumulator that gathers {@code a[i, p] * b[p, j..j+V]} over all of
 * {@code k} with {@code fma}; the last partial vector is masked.
 *
 * <p>What it does not do is what netc's generated kernels add: no register tile of several rows
 * and several vectors, no packing of {@code b} into panels (each step of {@code p} loads from a
 * different row of {@code b}), no blocking for the caches, no special path for batch 1.
 */
public final class VectorMatMul implements MatMul {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  @Override
  public void multiply(float[] a, int m, int k, float[] b, int n, float[] bias, boolean relu, float[] c) {
    int whole = S.loopBound(n);
    for (int i = 0; i < m; i++) {
      int aRow = i * k;
      int cRow = i * n;
      int j = 0;
      for (; j < whole; j += S.length()) {
        FloatVector acc = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j);
        for (int p = 0; p < k; p++) {
          FloatVector bv = FloatVector.fromArray(S, b, p * n + j);
          acc = FloatVector.broadcast(S, a[aRow + p]).fma(bv, acc);
        }
        if (relu) {
          acc = acc.max(0f);
        }
        acc.intoArray(c, cRow + j);
      }
      if (j < n) {
        VectorMask<Float> tail = S.indexInRange(j, n);
        FloatVector acc =
            bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j, tail);
        for (int p = 0; p < k; p++) {
          FloatVector bv = FloatVector.fromArray(S, b, p * n + j, tail);
          acc = FloatVector.broadcast(S, a[aRow + p]).fma(bv, acc);
        }
        if (relu) {
          acc = acc.max(0f);
        }
        acc.intoArray(c, cRow + j, tail);
      }
    }
  }
}
