package dev.netc.bench.model;

import java.util.SplittableRandom;

/** Seeded uniform random floats: the same seed gives the same arrays on every JVM. */
public final class Random32 {
  private Random32() {}

  /** {@code n} floats uniform in [-scale, scale). */
  public static float[] uniform(long seed, int n, double scale) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
    }
    return values;
  }

  /** {@code n} floats uniform in [center - spread, center + spread). */
  public static float[] around(long seed, int n, double center, double spread) {
    float[] values = uniform(seed, n, spread);
    for (int i = 0; i < n; i++) {
      values[i] += (float) center;
    }
    return values;
  }
}
