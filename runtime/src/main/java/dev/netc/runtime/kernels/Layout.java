package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Operations that move elements (transpose and slice as a strided gather, concat) and weight packing. */
public final class Layout {
  private Layout() {}

  /** Writes {@code part} (of shape {@code [outer, len, inner]}) into {@code out} at {@code offset} along an axis of {@code total}. */
  public static void concatPart(float[] part, float[] out, int outer, int len, int inner, int offset, int total) {
    int block = len * inner;
    for (int o = 0; o < outer; o++) {
      System.arraycopy(part, o * block, out, (o * total + offset) * inner, block);
    }
  }

  /**
   * Copies the elements of {@code x} at {@code offset + sum(index[d] * inStride[d])}
   * into {@code out} in row-major order of {@code outShape}: a transpose or a slice,
   * depending on the strides. The code generator computes the strides, so a call
   * allocates nothing.
   */
  public static void gather(float[] x, int offset, int[] inStride, float[] out, int[] outShape) {
    if (outShape.length == 0) {
      out[0] = x[offset];
      return;
    }
    gatherAxis(x, offset, inStride, out, 0, outShape, 0);
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

  private static final VectorSpecies<Float> WIDE = FloatVector.SPECIES_PREFERRED;

  /** Where {@link #prefetch} leaves its sum, so the JIT cannot drop the reads. */
  private static volatile float prefetched;

  /**
   * Reads {@code w[from, to)} once, front to back, with four independent streams of
   * vector loads: the weights of a layer too large for the last-level cache arrive
   * in L2 at the memory's streaming rate, before the register tiles that use them
   * start. Without it the first tile over each panel waits on memory one cache line
   * at a time and runs at a fraction of the streaming rate.
   */
  public static void prefetch(float[] w, int from, int to) {
    FloatVector a0 = FloatVector.zero(WIDE);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    int step = WIDE.length();
    int i = from;
    for (; i + 4 * step <= to; i += 4 * step) {
      a0 = a0.add(FloatVector.fromArray(WIDE, w, i));
      a1 = a1.add(FloatVector.fromArray(WIDE, w, i + step));
      a2 = a2.add(FloatVector.fromArray(WIDE, w, i + 2 * step));
      a3 = a3.add(FloatVector.fromArray(WIDE, w, i + 3 * step));
    }
    float tail = 0;
    for (; i < to; i++) {
      tail += w[i];
    }
    prefetched = a0.add(a1).add(a2).add(a3).lane(0) + tail;
  }

  /** {@code values} zero-padded to {@code length}: a bias for panels of whole vectors. */
  public static float[] padded(float[] values, int length) {
    return java.util.Arrays.copyOf(values, length);
  }
}
