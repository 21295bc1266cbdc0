package dev.netc.runtime.kernels;

import dev.netc.runtime.Int8Weight;

/** Operations that move elements (transpose and slice as a strided gather, concat) and weight packing. */
public final class Layout {
  private Layout() {}

  /**
   * Writes {@code part} from {@code po} (of shape {@code [outer, len, inner]}) into {@code out}
   * (of shape {@code [outer, total, inner]}, from {@code oo}) at position {@code at} along the
   * middle axis.
   */
  public static void concatPart(float[] part, int po, float[] out, int oo, int outer, int len, int inner, int at,
      int total) {
    int block = len * inner;
    for (int o = 0; o < outer; o++) {
      System.arraycopy(part, po + o * block, out, oo + (o * total + at) * inner, block);
    }
  }

  /**
   * Copies the elements of {@code x} at {@code xo + sum(index[d] * inStride[d])}
   * into {@code out} from {@code oo}, in row-major order of {@code outShape}: a
   * transpose or a slice, depending on the strides ({@code xo} includes the slice's
   * start). The code generator computes the strides, so a call allocates nothing.
   */
  public static void gather(float[] x, int xo, int[] inStride, float[] out, int oo, int[] outShape) {
    if (outShape.length == 0) {
      out[oo] = x[xo];
      return;
    }
    gatherAxis(x, xo, inStride, out, oo, outShape, 0);
  }

  private static int gatherAxis(float[] x, int src, int[] inStride, float[] out, int o, int[] outShape, int d) {
    int n = outShape[d];
    int stride = inStride[d];
    if (d == outShape.length - 1) {
      if (stride == 1) {
        System.arraycopy(x, src, out, o, n);
      } else {
        for (int i = 0; i < n; i++) {
          out[o + i] = x[src + i * stride];
        }
      }
      return o + n;
    }
    for (int i = 0; i < n; i++) {
      o = gatherAxis(x, src + i * stride, inStride, out, o, outShape, d + 1);
    }
    return o;
  }

  /** {@link #concatPart(float[], int, float[], int, int, int, int, int, int)} of an i64 tensor. */
  public static void concatPart(long[] part, int po, long[] out, int oo, int outer, int len, int inner, int at,
      int total) {
    concatBlocks(part, po, out, oo, outer, len, inner, at, total);
  }

  /** {@link #concatPart(float[], int, float[], int, int, int, int, int, int)} of an i32 tensor. */
  public static void concatPart(int[] part, int po, int[] out, int oo, int outer, int len, int inner, int at,
      int total) {
    concatBlocks(part, po, out, oo, outer, len, inner, at, total);
  }

  private static void concatBlocks(Object part, int po, Object out, int oo, int outer, int len, int inner, int at,
      int total) {
    int block = len * inner;
    for (int o = 0; o < outer; o++) {
      System.arraycopy(part, po + o * block, out, oo + (o * total + at) * inner, block);
    }
  }

  /**
   * {@link #gather(float[], int, int[], float[], int, int[])} of an i64 tensor (token ids, positions),
   * element by element where the stride is not 1: integer tensors are ids, a few per sample.
   */
  public static void gather(long[] x, int xo, int[] inStride, long[] out, int oo, int[] outShape) {
    gatherAny(x, xo, inStride, out, oo, outShape);
  }

  /** {@link #gather(long[], int, int[], long[], int, int[])} of an i32 tensor. */
  public static void gather(int[] x, int xo, int[] inStride, int[] out, int oo, int[] outShape) {
    gatherAny(x, xo, inStride, out, oo, outShape);
  }

  private static void gatherAny(Object x, int xo, int[] inStride, Object out, int oo, int[] outShape) {
    if (outShape.length == 0) {
      System.arraycopy(x, xo, out, oo, 1);
      return;
    }
    gatherAnyAxis(x, xo, inStride, out, oo, outShape, 0);
  }

  private static int gatherAnyAxis(Object x, int src, int[] inStride, Object out, int o, int[] outShape, int d) {
    int n = outShape[d];
    int stride = inStride[d];
    if (d == outShape.length - 1) {
      if (stride == 1) {
        System.arraycopy(x, src, out, o, n);
      } else {
        for (int i = 0; i < n; i++) {
          System.arraycopy(x, src + i * stride, out, o + i, 1);
        }
      }
      return o + n;
    }
    for (int i = 0; i < n; i++) {
      o = gatherAnyAxis(x, src + i * stride, inStride, out, o, outShape, d + 1);
    }
    return o;
  }

  /**
   * Packs a weight matrix for the generated matmul kernels: column panels of
   * {@code width} floats, each panel's {@code k} rows contiguous, the last panel
   * zero-padded, so the kernel streams each panel front to back.
   *
   * @param w the weight, {@code [k, n]} row-major, or {@code [n, k]} when {@code transposed}
   */
  public static float[] packPanels(float[] w, int k, int n, boolean transposed, int width) {
    int panels = (n + width - 1) / width;
    float[] packed = new float[panels * k * width];
    for (int p = 0; p < panels; p++) {
      packPanel(w, k, n, transposed, width, p, packed, p * k * width);
    }
    return packed;
  }

  /**
   * Panel {@code p} of {@link #packPanels}: its {@code k x width} floats written to
   * {@code into} from {@code offset}, the columns beyond {@code n} zero. Code that
   * keeps weights off the heap packs one panel at a time through a small array.
   */
  public static void packPanel(float[] w, int k, int n, boolean transposed, int width, int p, float[] into,
      int offset) {
    for (int kk = 0; kk < k; kk++) {
      for (int c = 0; c < width; c++) {
        int col = p * width + c;
        into[offset + kk * width + c] = col >= n ? 0 : transposed ? w[col * k + kk] : w[kk * n + col];
      }
    }
  }

  /** {@link #packPanels(float[], int, int, boolean, int)} of a bfloat16 weight, as its bits. */
  public static short[] packPanels(short[] w, int k, int n, boolean transposed, int width) {
    int panels = (n + width - 1) / width;
    short[] packed = new short[panels * k * width];
    for (int p = 0; p < panels; p++) {
      packPanel(w, k, n, transposed, width, p, packed, p * k * width);
    }
    return packed;
  }

  /** {@link #packPanel(float[], int, int, boolean, int, int, float[], int)} of a bfloat16 weight. */
  public static void packPanel(short[] w, int k, int n, boolean transposed, int width, int p, short[] into,
      int offset) {
    for (int kk = 0; kk < k; kk++) {
      for (int c = 0; c < width; c++) {
        int col = p * width + c;
        into[offset + kk * width + c] = col >= n ? 0 : transposed ? w[col * k + kk] : w[kk * n + col];
      }
    }
  }

  /**
   * {@link #packPanels(float[], int, int, boolean, int)} of an 8-bit weight's values; its scales
   * go to {@link #columns}.
   */
  public static byte[] packPanels(Int8Weight w, int k, int n, boolean transposed, int width) {
    int panels = (n + width - 1) / width;
    byte[] packed = new byte[panels * k * width];
    for (int p = 0; p < panels; p++) {
      packPanel(w, k, n, transposed, width, p, packed, p * k * width);
    }
    return packed;
  }

  /** {@link #packPanel(float[], int, int, boolean, int, int, float[], int)} of an 8-bit weight's values. */
  public static void packPanel(Int8Weight w, int k, int n, boolean transposed, int width, int p, byte[] into,
      int offset) {
    requireOutputScales(w, k, n, transposed);
    byte[] v = w.values();
    for (int kk = 0; kk < k; kk++) {
      for (int c = 0; c < width; c++) {
        int col = p * width + c;
        into[offset + kk * width + c] = col >= n ? 0 : transposed ? v[col * k + kk] : v[kk * n + col];
      }
    }
  }

  /**
   * What an 8-bit weight's kernel reads beside its panels: the scale of each output column, then,
   * if there is a bias, the bias, each zero-padded to {@code padded} (whole panels).
   */
  public static float[] columns(Int8Weight w, float[] bias, int k, int n, boolean transposed, int padded) {
    requireOutputScales(w, k, n, transposed);
    float[] columns = new float[bias == null ? padded : 2 * padded];
    System.arraycopy(w.scales(), 0, columns, 0, n);
    if (bias != null) {
      System.arraycopy(bias, 0, columns, padded, n);
    }
    return columns;
  }

  /** An 8-bit weight must be scaled along the output axis of the product: its columns, or its rows when transposed. */
  private static void requireOutputScales(Int8Weight w, int k, int n, boolean transposed) {
    int rows = transposed ? n : k;
    int cols = transposed ? k : n;
    if (w.rows() != rows || w.cols() != cols || w.scaleAxis() != (transposed ? 0 : 1)) {
      throw new IllegalArgumentException(w + " is not a " + rows + " x " + cols + " weight scaled along axis "
          + (transposed ? 0 : 1));
    }
  }

  /** {@code values} zero-padded to {@code length}: a bias for panels of whole vectors. */
  public static float[] padded(float[] values, int length) {
    return java.util.Arrays.copyOf(values, length);
  }
}
