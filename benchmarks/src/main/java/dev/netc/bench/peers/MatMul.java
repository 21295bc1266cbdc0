package dev.netc.bench.peers;

/** One way of computing a dense layer, {@code c = act(a @ b + bias)}, on row-major arrays. */
public interface MatMul {
  /**
   * Computes {@code c[m, n] = a[m, k] @ b[k, n] (+ bias[n]) (then relu)}, every array row-major
   * from index 0.
   *
   * @param bias the bias, or null for none
   * @param relu whether to apply relu to the result
   */
  void multiply(float[] a, int m, int k, float[] b, int n, float[] bias, boolean relu, float[] c);
}
