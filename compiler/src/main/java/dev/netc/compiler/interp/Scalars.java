package dev.netc.compiler.interp;

import dev.netc.compiler.graph.ActivationKind;

/**
 * The element-wise functions of the IR on one double: the definitions the
 * interpreter uses and every kernel must agree with. Each is defined for every
 * finite input without overflow or NaN.
 */
public final class Scalars {
  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
  private static final double SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);

  private Scalars() {}

  /** {@code kind} applied to {@code x}; {@code alpha} is leaky_relu's slope and ignored otherwise. */
  public static double activation(ActivationKind kind, double x, double alpha) {
    return switch (kind) {
      case IDENTITY -> x;
      case RELU -> Math.max(0, x);
      case LEAKY_RELU -> x >= 0 ? x : alpha * x;
      case SIGMOID -> sigmoid(x);
      case TANH -> Math.tanh(x);
      case GELU -> gelu(x);
      case GELU_TANH -> geluTanh(x);
    };
  }

  /**
   * {@code 1 / (1 + exp(-x))}, evaluated so that {@code exp} never overflows: for
   * negative {@code x} as {@code exp(x) / (1 + exp(x))}. So {@code sigmoid(897)} is 1 and
   * {@code sigmoid(-531)} a tiny positive number, never NaN.
   */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }

  /** The exact GELU, {@code x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))}, as PyTorch's default. */
  public static double gelu(double x) {
    return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
  }

  /** The tanh approximation of GELU, {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
  public static double geluTanh(double x) {
    return 0.5 * x * (1 + Math.tanh(SQRT_TWO_OVER_PI * (x + 0.044715 * x * x * x)));
  }

  /**
   * The error function to within a few units in the last place.
   *
   * <p>Below 3 in magnitude it sums {@code erf(x) = 2/sqrt(pi) exp(-x^2) sum x^(2n+1) 2^n / (2n+1)!!},
   * a series of positive terms, so nothing cancels (unlike the alternating Taylor
   * series, which loses digits as |x| grows). Beyond, erf is 1 minus erfc, and
   * erfc's continued fraction converges fast there.
   */
  public static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double ax = Math.abs(x);
    double r;
    if (ax < 3) {
      double x2 = ax * ax;
      double term = ax;
      double sum = ax;
      for (int n = 1; n < 200 && term > sum * 1e-17; n++) {
        term *= 2 * x2 / (2 * n + 1);
        sum += term;
      }
      r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    } else if (ax < 7) {
      r = 1 - erfcTail(ax);
    } else {
      r = 1; // erfc(7) < 5e-23: below half an ulp of 1
    }
    return x < 0 ? -r : r;
  }

  /**
   * erfc for {@code x >= 3}: {@code exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))},
   * evaluated from a deep enough tail that the truncation is far below double precision.
   */
  private static double erfcTail(double x) {
    double f = x;
    for (int k = 80; k >= 1; k--) {
      f = x + (k / 2.0) / f;
    }
    return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
  }
}
