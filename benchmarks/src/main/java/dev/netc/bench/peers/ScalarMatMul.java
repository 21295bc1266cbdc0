package dev.netc.bench.peers;

/**
 * The plain scalar triple loop, in the i-k-j order that every "matrix multiply in Java" tutorial
 * recommends because it walks both {@code b} and {@code c} along rows: for each row of {@code a}
 * and each of its elements, add that element times a row of {@code b} to the output row.
 *
 * <p>Nothing here asks for SIMD, but C2's auto-vectorizer may turn the innermost loop into vector
 * instructions: that is what plain Java gets for free, and part of what this peer measures.
 */
public final class ScalarMatMul implements MatMul {
  @Override
  public void multiply(float[] a, int m, int k, float[] b, int n, float[] bias, boolean relu, float[] c) {
    for (int i = 0; i < m; i++) {
      int row = i * n;
      for (int j = 0; j < n; j++) {
        c[row + j] = bias == null ? 0f : bias[j];
      }
      for (int p = 0; p < k; p++) {
        float aip = a[i * k + p];
        int bRow = p * n;
        for (int j = 0; j < n; j++) {
          c[row + j] += aip * b[bRow + j];
        }
      }
      if (relu) {
        for (int j = 0; j < n; j++) {
          c[row + j] = Math.max(c[row + j], 0f);
        }
      }
    }
  }
}
