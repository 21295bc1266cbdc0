package dev.netc.compiler.check;

import dev.netc.compiler.graph.ActivationKind;

/** Activations of a scalar, for folding constants: the definitions every back end must agree with. */
final class Activations {
  private Activations() {}

  static double apply(ActivationKind kind, double x, double alpha) {
    return switch (kind) {
      case IDENTITY -> x;
      case RELU -> Math.max(0, x);
      case LEAKY_RELU -> x >= 0 ? x : alpha * x;
      case SIGMOID -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
      case TANH -> Math.tanh(x);
      case GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
      case GELU_TANH -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    };
  }

  /** erf to about 1e-15, from the Taylor series near 0 and the continued fraction of erfc beyond. */
  static double erf(double x) {
    double ax = Math.abs(x);
    double r;
    if (ax < 2.5) {
      double term = ax;
      double sum = ax;
      double x2 = ax * ax;
      for (int n = 1; n < 60; n++) {
        term *= -x2 / n;
        sum += term / (2 * n + 1);
      }
      r = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))), evaluated from the tail.
      double f = ax;
      for (int k = 60; k >= 1; k--) {
        f = ax + (k / 2.0) / f;
      }
      r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
    }
    return x < 0 ? -r : r;
  }
}
