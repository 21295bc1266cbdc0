package dev.netc.bench;

/** The encoder block's forward pass into the caller's array, whoever computes it. */
@FunctionalInterface
public interface EncoderForward {
  /** Computes the block for {@code n} sequences of {@code t} tokens of {@code x} into {@code y}. */
  void forward(float[] x, float[] mask, int n, int t, float[] y);
}
