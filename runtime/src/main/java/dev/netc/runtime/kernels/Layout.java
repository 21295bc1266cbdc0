package dev.netc.runtime.kernels;

/** Operations that move elements: transpose, slice, concat, and packing weights for the matmul kernels. */
public final class Layout {
  private Layout() {}

  /**
   * {@code out} is {@code x} (of {@code shape}) with its axes permuted: result axis
   * {@code i} is operand axis {@code perm[i]}.
   */
  public static void transpose(float[] x, int[] shape, int[] perm, float[] out) {
    int rank = shape.length;
    int[] strides = strides(shape);
    int[] outShape = new int[rank];
    int[] inStride = new int[rank];
    long total = 1;
    for (int i = 0; i < rank; i++) {
      outShape[i] = shape[perm[i]];
      inStride[i] = strides[perm[i]];
      total *= outShape[i];
    }
    copyStrided(x, 0, inStride, out, outShape, total);
  }

  /**
   * Copies the box {@code [start[d], start[d] + size[d])} of {@code x} (of {@code shape})
   * to {@code out}, contiguous.
   */
  public static void slice(float[] x, int[] shape, int[] start, int[] size, float[] out) {
    int[] strides = strides(shape);
    int offset = 0;
    long total = 1;
    for (int d = 0; d < shape.length; d++) {
      offset += start[d] * strides[d];
      total *= size[d];
    }
    copyStrided(x, offset, strides, out, size, total);
  }

  /** Writes {@code part} (of shape {@code [outer, len, inner]}) into {@code out} at {@code offset} along an axis of {@code total}. */
  public static void concatPart(float[] part, float[] out, int outer, int len, int inner, int offset, int total) {
    int block = len * inner;
    for (int o = 0; o < outer; o++) {
      System.arraycopy(part, o * block, out, (o * total + offset) * inner, block);
    }
  }

  private static void copyStrided(float[] x, int offset, int[] inStride, float[] out, int[] outShape, long total) {
    int rank = outShape.length;
    if (rank == 0) {
      out[0] = x[offset];
      return;
    }
    int inner = outShape[rank - 1];
    int innerStride = inStride[rank - 1];
    int[] index = new int[rank];
    int src = offset;
    for (int o = 0; o < total; o += inner) {
      if (innerStride == 1) {
        System.arraycopy(x, src, out, o, inner);
      } else {
        for (int i = 0; i < inner; i++) {
          out[o + i] = x[src + i * innerStride];
        }
      }
      for (int d = rank - 2; d >= 0; d--) {
        index[d]++;
        src += inStride[d];
        if (index[d] < outShape[d]) {
          break;
        }
        src -= inStride[d] * outShape[d];
        index[d] = 0;
      }
    }
  }

  static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
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
      for (int kk = 0; kk < k; kk++) {
        for (int c = 0; c < width; c++) {
          int col = p * width + c;
          if (col < n) {
            packed[(p * k + kk) * width + c] = transposed ? w[col * k + kk] : w[kk * n + col];
          }
        }
      }
    }
    return packed;
  }

  /** {@code values} zero-padded to {@code length}: a bias for panels of whole vectors. */
  public static float[] padded(float[] values, int length) {
    return java.util.Arrays.copyOf(values, length);
  }
}
