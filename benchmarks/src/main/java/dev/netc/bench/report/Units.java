package dev.netc.bench.report;

import java.util.Locale;

/** Formatting of times, rates and ratios for the tables. */
final class Units {
  private Units() {}

  /** A time with three significant digits in µs, ms or s. */
  static String time(double seconds) {
    if (seconds < 1e-3) {
      return significant(seconds * 1e6) + " µs";
    }
    if (seconds < 1) {
      return significant(seconds * 1e3) + " ms";
    }
    return significant(seconds) + " s";
  }

  /** GFLOP/s of {@code flops} done in {@code seconds}. */
  static String gflops(long flops, double seconds) {
    return significant(flops / seconds / 1e9);
  }

  /** A ratio such as {@code 2.31x}. */
  static String ratio(double ratio) {
    return significant(ratio) + "x";
  }

  /** At least three significant digits, without exponent: 0.0123, 1.23, 123, 12345. */
  static String significant(double value) {
    if (value == 0 || !Double.isFinite(value)) {
      return String.valueOf(value);
    }
    int digits = (int) Math.floor(Math.log10(Math.abs(value))) + 1;
    int decimals = Math.max(0, 3 - digits);
    double rounded = Math.round(value * Math.pow(10, decimals)) / Math.pow(10, decimals);
    return String.format(Locale.ROOT, "%." + decimals + "f", rounded);
  }
}
