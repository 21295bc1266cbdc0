package dev.netc.runtime;

import java.util.Arrays;

/**
 * A weight matrix {@code [rows, cols]} in 8 bits: {@code values} row-major and one scale per slice
 * along {@code scaleAxis} (per column when it is 1, per row when it is 0), standing for the matrix
 * {@code values[i][j] * scale}. The scale axis is the matmul's output axis, so a kernel sums
 * {@code x * values} over the inputs in fp32 and multiplies each output by its scale once.
 *
 * <p>{@link #quantize} makes one from floats symmetrically: each slice's scale is its largest
 * magnitude over 127, and each value is rounded to the nearest multiple of it, ties to even, so
 * no value is clipped and the error of each is at most half its slice's scale.
 */
public record Int8Weight(byte[] values, float[] scales, int rows, int cols, int scaleAxis) {
  /** The largest magnitude a quantized value takes: -128 is left out, so the range is symmetric. */
  public static final int LEVELS = 127;

  public Int8Weight {
    if (scaleAxis != 0 && scaleAxis != 1) {
      throw new IllegalArgumentException("the scale axis of a matrix is 0 or 1, not " + scaleAxis);
    }
    if (values.length != (long) rows * cols) {
      throw new IllegalArgumentException(values.length + " values for a " + rows + " x " + cols + " matrix");
    }
    if (scales.length != (scaleAxis == 1 ? cols : rows)) {
      throw new IllegalArgumentException(scales.length + " scales for a " + rows + " x " + cols
          + " matrix scaled along axis " + scaleAxis + ", which needs " + (scaleAxis == 1 ? cols : rows));
    }
  }

  /**
   * {@code w} ({@code [rows, cols]}, row-major) quantized with one scale per slice along
   * {@code scaleAxis}.
   *
   * @param what names the weight in the message if a value cannot be quantized
   * @throws IllegalArgumentException if a value is NaN or infinite: no scale represents it
   */
  public static Int8Weight quantize(float[] w, int rows, int cols, int scaleAxis, String what) {
    if (w.length != (long) rows * cols) {
      throw new IllegalArgumentException(what + " has " + w.length + " values, a " + rows + " x " + cols
          + " matrix needs " + (long) rows * cols);
    }
    float[] scales = new float[scaleAxis == 1 ? cols : rows];
    for (int i = 0; i < w.length; i++) {
      if (!Float.isFinite(w[i])) {
        throw new IllegalArgumentException(what + " holds " + w[i] + " at [" + i / cols + ", " + i % cols
            + "], which 8-bit weights cannot represent; keep this weight in f32");
      }
      int s = scaleAxis == 1 ? i % cols : i / cols;
      scales[s] = Math.max(scales[s], Math.abs(w[i]));
    }
    for (int s = 0; s < scales.length; s++) {
      scales[s] /= LEVELS;
    }
    byte[] values = new byte[w.length];
    for (int i = 0; i < w.length; i++) {
      float scale = scales[scaleAxis == 1 ? i % cols : i / cols];
      if (scale != 0) {
        double q = Math.rint(w[i] / (double) scale);
        values[i] = (byte) Math.max(-LEVELS, Math.min(LEVELS, q));
      }
    }
    return new Int8Weight(values, scales, rows, cols, scaleAxis);
  }

  /** The scale of element {@code [row, col]}. */
  public float scale(int row, int col) {
    return scales[scaleAxis == 1 ? col : row];
  }

  /** The matrix this stands for, {@code values * scale} row-major, each product rounded to float. */
  public float[] dequantized() {
    float[] w = new float[values.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = values[i] * scale(i / cols, i % cols);
    }
    return w;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Int8Weight other && rows == other.rows && cols == other.cols && scaleAxis == other.scaleAxis
        && Arrays.equals(values, other.values) && Arrays.equals(scales, other.scales);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(values) + Arrays.hashCode(scales);
  }

  @Override
  public String toString() {
    return "Int8Weight[" + rows + " x " + cols + ", scales along axis " + scaleAxis + "]";
  }
}
