package dev.netc.runtime.ops;

import java.util.Optional;

/**
 * Element-wise functions, by the name a spec uses for them, each with its reference
 * definition in double precision: what the checker folds constants with, what the reference
 * interpreter computes, and what every kernel is held to. The activations up to
 * {@link #GELU_TANH} are defined for every finite input without overflow or NaN; the math
 * functions after them ({@code exp}, {@code log}, ...) follow {@link Math}, so {@code log} of a
 * negative number is NaN and {@code exp(100)} overflows to infinity.
 */
public enum ActivationKind {
  IDENTITY("identity"),
  RELU("relu"),
  /** {@code max(x, alpha x)}; {@code alpha} is the slope below zero. */
  LEAKY_RELU("leaky_relu"),
  SIGMOID("sigmoid"),
  TANH("tanh"),
  /** The exact form, {@code x * Phi(x)} with the normal CDF via erf, as PyTorch's default. */
  GELU("gelu"),
  /** The tanh approximation, {@code 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3)))}. */
  GELU_TANH("gelu_tanh"),
  EXP("exp"),
  /** The natural logarithm. */
  LOG("log"),
  ERF("erf"),
  SQRT("sqrt"),
  /** {@code 1 / sqrt(x)}. */
  RSQRT("rsqrt"),
  ABS("abs"),
  /** {@code x^alpha}, as {@link Math#pow}: the exponent is the call's {@code alpha}. */
  POW("pow");

  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
  private static final double SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);

  private final String spelling;

  ActivationKind(String spelling) {
    this.spelling = spelling;
  }

  /** The name a spec calls it by: {@code leaky_relu}. */
  public String spelling() {
    return spelling;
  }

  /** The activation a spec calls {@code name}, if any. */
  public static Optional<ActivationKind> parse(String name) {
    for (ActivationKind k : values()) {
      if (k.spelling.equals(name)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /**
   * The reference definition at {@code x}; {@code alpha} is leaky_relu's slope or pow's exponent
   * and ignored otherwise.
   */
  public double apply(double x, double alpha) {
    return switch (this) {
      case IDENTITY -> x;
      case RELU -> Math.max(0, x);
      case LEAKY_RELU -> x >= 0 ? x : alpha * x;
      case SIGMOID -> sigmoid(x);
      case TANH -> Math.tanh(x);
      case GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
      case GELU_TANH -> 0.5 * x * (1 + Math.tanh(SQRT_TWO_OVER_PI * (x + 0.044715 * x * x * x)));
      case EXP -> Math.exp(x);
      case LOG -> Math.log(x);
      case ERF -> erf(x);
      case SQRT -> Math.sqrt(x);
      case RSQRT -> 1 / Math.sqrt(x);
      case ABS -> Math.abs(x);
      case POW -> Math.pow(x, alpha);
    };
  }

  /**
   * {@code 1 / (1 + exp(-x))}, evaluated so that {@code exp} never overflows: for negative
   * {@code x} as {@code exp(x) / (1 + exp(x))}. So {@code sigmoid(897)} is 1 and
   * {@code sigmoid(-531)} a tiny positive number, never NaN.
   */
  static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }

  /**
   * The error function to within a few units in the last place: the one erf of netc's reference
   * definitions (GELU's, and the {@code erf} a spec may call).
   *
   * <p>Below 3 in magnitude it sums {@code erf(x) = 2/sqrt(pi) exp(-x^2) sum x^(2n+1) 2^n / (2n+1)!!},
   * a series of positive terms, so nothing cancels (unlike the alternating Taylor series, which
   * loses digits as |x| grows). Beyond, erf is 1 minus erfc, and erfc's continued fraction
   * converges fast there.
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
