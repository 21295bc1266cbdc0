package dev.netc.fuzz;

import dev.netc.runtime.weights.SafetensorsWriter;

/** Files the targets need beside their input. */
final class Seeds {
  private Seeds() {}

  /**
   * A safetensors file with a weight {@code w} of [4, 4], a bias {@code b} of [4] and a matrix
   * {@code m} of [4, 2]: what the spec seeds that name {@code "w.safetensors"} bind.
   */
  static byte[] smallWeights() {
    float[] w = new float[16];
    for (int i = 0; i < w.length; i++) {
      w[i] = (i % 5) * 0.25f - 0.5f;
    }
    return new SafetensorsWriter()
        .add("w", w, 4, 4)
        .add("b", new float[] {0.1f, -0.2f, 0.3f, -0.4f}, 4)
        .add("m", new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 4, 2)
        .toBytes();
  }
}
