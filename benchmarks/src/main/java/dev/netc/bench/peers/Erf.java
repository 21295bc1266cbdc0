package dev.netc.bench.peers;

/**
 * The error function, which {@link Math} lacks, for the peers' exact GELU. The complementary
 * error function's Chebyshev fit from Numerical Recipes (section 6.2), with a fractional error
 * below 1.2e-7 everywhere: below f32's resolution, so the peers' GELU is as exact as f32 allows.
 */
public final class Erf {
  private Erf() {}

  /** erf(x). */
  public static double erf(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double poly =
        -1.26551223
            + t * (1.00002368
            + t * (0.37409196
            + t * (0.09678418
            + t * (-0.18628806
            + t * (0.27886807
            + t * (-1.13520398
            + t * (1.48851587
            + t * (-0.82215223
            + t * 0.17087277))))))));
    double erfc = t * Math.exp(-z * z + poly);
    return x >= 0 ? 1 - erfc : erfc - 1;
  }

  /** GELU without approximation, {@code 0.5 x (1 + erf(x / sqrt 2))}, as {@code gelu(x)} in a spec. */
  public static float gelu(float x) {
    return (float) (0.5 * x * (1 + erf(x / Math.sqrt(2))));
  }
}
