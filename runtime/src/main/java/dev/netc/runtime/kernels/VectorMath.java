package dev.netc.runtime.kernels;

/**
 * Activation functions on scalars: the definitions {@link Activation}'s vector
 * loops and the matmul tiles' fused epilogues follow. (Generated tiles write
 * relu and leaky relu as Vector API expressions, never as calls to a method of
 * their own with a vector argument, which C2 may leave out of line and box.)
 */
public final class VectorMath {
  private VectorMath() {}

  private static final float SQRT_HALF = (float) Math.sqrt(0.5);
  private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

  // erf after Abramowitz and Stegun 7.1.26: |error| <= 1.5e-7, about one float ulp near 1.
  static final float P = 0.3275911f;
  static final float A1 = 0.254829592f;
  static final float A2 = -0.284496736f;
  static final float A3 = 1.421413741f;
  static final float A4 = -1.453152027f;
  static final float A5 = 1.061405429f;

  public static float relu(float x) {
    return Math.max(x, 0f);
  }

  public static float leakyRelu(float x, float alpha) {
    return x >= 0 ? x : x * alpha;
  }

  /** 1 / (1 + e^-x): e^-x overflows to infinity for very negative x, which gives 0, never NaN. */
  public static float sigmoid(float x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }

  public static float tanh(float x) {
    return (float) Math.tanh(x);
  }

  public static float erf(float x) {
    float a = Math.abs(x);
    float t = 1f / (1f + P * a);
    float poly = ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t;
    float r = 1f - poly * (float) Math.exp(-a * a);
    return x < 0 ? -r : r;
  }

  /** The exact GELU, x * Phi(x) = x/2 * (1 + erf(x / sqrt 2)). */
  public static float gelu(float x) {
    return 0.5f * x * (1f + erf(x * SQRT_HALF));
  }

  /** GELU's tanh approximation, x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))). */
  public static float geluTanh(float x) {
    return 0.5f * x * (1f + (float) Math.tanh(SQRT_2_OVER_PI * (x + 0.044715f * x * x * x)));
  }
}
