package dev.netc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;

/** Checks that two implementations computed the same output, within what float32 rounding allows. */
final class Agreement {
  /**
   * The relative tolerance. Sums of up to 4096 products, accumulated in different orders (by row
   * or by panel, fused or not), differ by far less.
   */
  static final double RTOL = 1e-3;

  private Agreement() {}

  /**
   * Asserts {@code |actual - expected| <= RTOL * (|expected| + max |expected|)} element-wise: relative
   * to each value, with an absolute floor at the output's scale for values near zero.
   */
  static void assertAgree(String what, float[] actual, float[] expected) {
    assertAgree(what, actual, expected, RTOL);
  }

  /**
   * {@link #assertAgree(String, float[], float[])} within {@code rtol}: for weights stored in bf16
   * or 8 bits, whose rounding moves the output by a fraction of a percent of its scale.
   */
  static void assertAgree(String what, float[] actual, float[] expected, double rtol) {
    assertThat(actual).as(what + ": output length").hasSameSizeAs(expected);
    double scale = 0;
    for (float e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    assertThat(scale).as(what + ": the reference output is all zeros, which proves nothing").isPositive();
    for (int i = 0; i < expected.length; i++) {
      double error = Math.abs((double) actual[i] - expected[i]);
      double allowed = rtol * (Math.abs(expected[i]) + scale);
      if (!(error <= allowed)) {
        throw new AssertionError(
            what + ": element " + i + " is " + actual[i] + " but the reference has " + expected[i]
                + " (error " + error + ", allowed " + allowed + ")");
      }
    }
  }

  /** The contents of a buffer as a new array, the buffer's position unchanged. */
  static float[] toArray(FloatBuffer buffer) {
    float[] values = new float[buffer.capacity()];
    buffer.duplicate().rewind().get(values);
    return values;
  }
}
