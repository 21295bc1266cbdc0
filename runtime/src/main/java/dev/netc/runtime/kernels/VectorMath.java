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

  // erf below 1 in magnitude: x P(x^2), P the Taylor series of erf(x)/x to its x^20 term, whose
  // remainder there is below 2e-9 (the terms alternate and shrink as 1/(n! (2n+1))).
  static final float E0 = taylor(0);
  static final float E1 = taylor(1);
  static final float E2 = taylor(2);
  static final float E3 = taylor(3);
  static final float E4 = taylor(4);
  static final float E5 = taylor(5);
  static final float E6 = taylor(6);
  static final float E7 = taylor(7);
  static final float E8 = taylor(8);
  static final float E9 = taylor(9);
  static final float E10 = taylor(10);

  // erf from 1 on: 1 - erfc, erfc(z) = t exp(-z^2 + Q(t)) with t = 1 / (1 + z/2) after Numerical
  // Recipes' erfcc, relative error below 1.2e-7; erfc(1) is 0.16, so the error of erf is below
  // 2e-8, a third of a float ulp near 1.
  static final float Q0 = -1.26551223f;
  static final float Q1 = 1.00002368f;
  static final float Q2 = 0.37409196f;
  static final float Q3 = 0.09678418f;
  static final float Q4 = -0.18628806f;
  static final float Q5 = 0.27886807f;
  static final float Q6 = -1.13520398f;
  static final float Q7 = 1.48851587f;
  static final float Q8 = -0.82215223f;
  static final float Q9 = 0.17087277f;

  /** The x^(2n+1) coefficient of erf's Taylor series, 2/sqrt(pi) (-1)^n / (n! (2n+1)). */
  private static float taylor(int n) {
    double factorial = 1;
    for (int i = 2; i <= n; i++) {
      factorial *= i;
    }
    return (float) ((n % 2 == 0 ? 2 : -2) / Math.sqrt(Math.PI) / (factorial * (2 * n + 1)));
  }

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

  /** erf to within two float ulps (float rounding of the series near 1): see {@code E0..E10} and {@code Q0..Q9}. */
  public static float erf(float x) {
    float a = Math.abs(x);
    float r;
    if (a < 1f) {
      float a2 = a * a;
      float p = ((((((((((E10 * a2 + E9) * a2 + E8) * a2 + E7) * a2 + E6) * a2 + E5) * a2 + E4) * a2 + E3) * a2
          + E2) * a2 + E1) * a2 + E0);
      r = a * p;
    } else {
      float t = 1f / (1f + 0.5f * a);
      float q = ((((((((Q9 * t + Q8) * t + Q7) * t + Q6) * t + Q5) * t + Q4) * t + Q3) * t + Q2) * t + Q1) * t + Q0;
      r = 1f - t * (float) Math.exp(-a * a + q);
    }
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
