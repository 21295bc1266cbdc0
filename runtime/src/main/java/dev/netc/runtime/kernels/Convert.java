package dev.netc.runtime.kernels;

/**
 * {@code cast(x, type)}: element conversion between f32, i64 and i32, as NumPy's {@code astype}
 * does. A float becomes an integer by truncation toward zero (Java's narrowing conversion, which
 * also maps NaN to 0 and saturates out-of-range values, where NumPy leaves them undefined); an
 * i64 becomes an i32 by keeping its low 32 bits; an integer becomes the nearest float.
 */
public final class Convert {
  private Convert() {}

  public static void cast(float[] x, int xo, long[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = (long) x[xo + i];
    }
  }

  public static void cast(float[] x, int xo, int[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = (int) x[xo + i];
    }
  }

  public static void cast(long[] x, int xo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = x[xo + i];
    }
  }

  public static void cast(int[] x, int xo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = x[xo + i];
    }
  }

  public static void cast(long[] x, int xo, int[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = (int) x[xo + i];
    }
  }

  public static void cast(int[] x, int xo, long[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = x[xo + i];
    }
  }
}
