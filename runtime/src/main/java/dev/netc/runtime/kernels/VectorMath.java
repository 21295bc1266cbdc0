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

  // erf(a) ~ a P(a^2) / Q(a^2) for a = |x| up to ERF_CLAMP, one rational function over the whole
  // range: no exp and no second formula to blend, so a vector evaluates it with 11 fmas and one
  // division. Fitted by runtime/src/test/python/fit_erf.py for the least largest relative error:
  // 5e-8 near 0, where P0 is 2/sqrt(pi) rounded to float, and 1.4e-8 (a quarter of an ulp) from 0.5
  // on, the coefficients rounded to float. What remains is the float evaluation's own rounding,
  // largest near 1 where P's and Q's high terms dominate: over every float from 0.5 to 4, at most
  // 5.8 ulps from 2 up and 4.2 below (MathKernelsTest holds it to 6). With one coefficient fewer
  // (degrees 5 and 5, or 6 and 4) the fit alone is 2e-8 to 5e-8 off, near half an ulp.
  static final float P0 = 1.128379225730896f;
  static final float P1 = 0.18290206789970398f;
  static final float P2 = 0.05436673387885094f;
  static final float P3 = 0.0037990594282746315f;
  static final float P4 = 0.0003929506638087332f;
  static final float P5 = 5.105998297949554e-06f;
  static final float P6 = -1.524555592880006e-08f;
  static final float Q1 = 0.4954267740249634f;
  static final float Q2 = 0.11332083493471146f;
  static final float Q3 = 0.015412108972668648f;
  static final float Q4 = 0.0013147460995242f;
  static final float Q5 = 6.705195846734568e-05f;

  /**
   * Where erf is 1 in float: erf(3.92) = 1 - 2.9e-8, within half an ulp (2^-25) of 1. The fit stops
   * there, and its float value there is 1 exactly, so every larger |x| (infinity too) gives +-1.
   */
  static final float ERF_CLAMP = 3.92f;

  /**
   * GELU's argument is raised to this first: below it, x Phi(x) is above -8e-8, and
   * {@code erf(x / sqrt 2)} is -1, so GELU gives -0 instead of -infinity times 0 (NaN) at
   * -infinity.
   */
  static final float GELU_FLOOR = (float) (-3.92 * Math.sqrt(2));

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

  /**
   * erf to within 6 float ulps (5.8 measured; 4.2 for |x| below 2): see {@code P0..P6},
   * {@code Q1..Q5}. Odd, never beyond +-1, NaN for NaN. Every step is one float operation, an
   * {@code fma} rounded once, which the vector loops repeat lane by lane to the same bits.
   */
  public static float erf(float x) {
    float a = Math.min(Math.abs(x), ERF_CLAMP);
    float u = a * a;
    float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(P6, u, P5), u, P4), u, P3), u, P2), u, P1), u, P0);
    float q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Q5, u, Q4), u, Q3), u, Q2), u, Q1), u, 1f);
    // the quotient's rounding can carry it an ulp or two past 1 near ERF_CLAMP
    return Math.copySign(Math.min(a * p / q, 1f), x);
  }

  /**
   * The exact GELU, x * Phi(x) = x/2 * (1 + erf(x / sqrt 2)), within 1e-5 of it relative or 1e-6
   * absolute (below -3, where Phi is tiny and erf's error near -1 is what counts; it reaches 8.7e-7
   * near -5.15). Below {@link #GELU_FLOOR} the result is -0.0, -infinity included.
   */
  public static float gelu(float x) {
    float xl = Math.max(x, GELU_FLOOR);
    return xl * Math.fma(erf(xl * SQRT_HALF), 0.5f, 0.5f);
  }

  /** GELU's tanh approximation, x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))). */
  public static float geluTanh(float x) {
    return 0.5f * x * (1f + (float) Math.tanh(SQRT_2_OVER_PI * (x + 0.044715f * x * x * x)));
  }
}
