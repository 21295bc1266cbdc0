package dev.netc.bench;

/** A dense network's forward pass into the caller's array, whoever computes it. */
@FunctionalInterface
public interface DenseForward {
  /** Computes the network for {@code n} rows of {@code x} into {@code out}. */
  void forward(float[] x, int n, float[] out);
}
