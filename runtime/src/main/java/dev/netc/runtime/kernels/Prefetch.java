package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Bringing weights into cache ahead of the kernels that read them. Apart from
 * {@link Layout}, which the compiler uses without the Vector API module.
 */
public final class Prefetch {
  private Prefetch() {}

  private static final VectorSpecies<Float> WIDE = FloatVector.SPECIES_PREFERRED;

  /** Where {@link #stream} leaves its sum, so the JIT cannot drop the reads. */
  private static volatile float prefetched;

  /**
   * Reads {@code w[from, to)} once, front to back, with four independent streams of
   * vector loads: the weights of a layer too large for the last-level cache arrive
   * in L2 at the memory's streaming rate, before the register tiles that use them
   * start. Without it the first tile over each panel waits on memory one cache line
   * at a time and runs at a fraction of the streaming rate.
   */
  public static void stream(float[] w, int from, int to) {
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

  /**
   * {@link #stream(float[], int, int)} of a bfloat16 weight's bits: one element per 64-byte cache
   * line, four independent sums.
   */
  public static void stream(short[] w, int from, int to) {
    int s0 = 0;
    int s1 = 0;
    int s2 = 0;
    int s3 = 0;
    int i = from;
    for (; i + 128 <= to; i += 128) {
      s0 += w[i];
      s1 += w[i + 32];
      s2 += w[i + 64];
      s3 += w[i + 96];
    }
    for (; i < to; i += 32) {
      s0 += w[i];
    }
    prefetched = s0 + s1 + s2 + s3;
  }

  /** {@link #stream(float[], int, int)} of an 8-bit weight: one element per 64-byte cache line, four sums. */
  public static void stream(byte[] w, int from, int to) {
    int s0 = 0;
    int s1 = 0;
    int s2 = 0;
    int s3 = 0;
    int i = from;
    for (; i + 256 <= to; i += 256) {
      s0 += w[i];
      s1 += w[i + 64];
      s2 += w[i + 128];
      s3 += w[i + 192];
    }
    for (; i < to; i += 64) {
      s0 += w[i];
    }
    prefetched = s0 + s1 + s2 + s3;
  }
}
