package dev.netc.bench.model;

/**
 * The additive attention mask of a decoder-style causal attention: 0 where a query may see a key
 * (the key is not after it), a large negative number where not. A mask that hides half the scores
 * makes a wrong mask or a wrong softmax visible in the agreement checks, where all zeros would not.
 */
public final class CausalMask {
  /** What a hidden score gets: its exponential underflows to exactly 0 in f32. */
  public static final float HIDDEN = -1e9f;

  private CausalMask() {}

  /** A [t, t] row-major mask. */
  public static float[] of(int t) {
    float[] mask = new float[t * t];
    for (int q = 0; q < t; q++) {
      for (int k = q + 1; k < t; k++) {
        mask[q * t + k] = HIDDEN;
      }
    }
    return mask;
  }
}
