package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scaled dot-product attention, one query row at a time: scores against every
 * key (a vectorized dot product over the feature axis), the additive mask, a
 * stable softmax, then the weighted sum of values. The scores of one row live
 * in a scratch array the caller owns, so nothing is allocated per call.
 */
public final class Attention {
  private Attention() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /**
   * For every index of {@code batch}: {@code out = softmax(scale * q @ k^T + mask) @ v}
   * with {@code q [tq, d]}, {@code k [tk, d]}, {@code v [tk, dv]} at the offsets the
   * strides give (0 broadcasts). The mask is null, or read at
   * {@code sum(index * maskStride) + i * maskRow + j * maskCol}.
   *
   * @param scores scratch of at least {@code tk * (d + 1)} floats: a row of scores and the head's keys transposed
   */
  public static void forward(float[] q, int[] qStride, float[] k, int[] kStride, float[] v, int[] vStride,
      float[] mask, int[] maskStride, int maskRow, int maskCol, float[] out, int[] batch,
      int tq, int tk, int d, int dv, float scale, float[] scores) {
    batchAxis(q, 0, qStride, k, 0, kStride, v, 0, vStride, mask, 0, maskStride, maskRow, maskCol, out, 0, batch, 0,
        tq, tk, d, dv, scale, scores);
  }

  /** Batch axis {@code a} and those after it: recursion rather than an index array keeps a call allocation-free. */
  private static int batchAxis(float[] q, int qo, int[] qStride, float[] k, int ko, int[] kStride, float[] v, int vo,
      int[] vStride, float[] mask, int mo, int[] maskStride, int maskRow, int maskCol, float[] out, int t,
      int[] batch, int a, int tq, int tk, int d, int dv, float scale, float[] scores) {
    if (a == batch.length) {
      head(q, qo, k, ko, v, vo, mask, mo, maskRow, maskCol, out, t, tq, tk, d, dv, scale, scores);
      return t + 1;
    }
    for (int i = 0; i < batch[a]; i++) {
      t = batchAxis(q, qo + i * qStride[a], qStride, k, ko + i * kStride[a], kStride, v, vo + i * vStride[a], vStride,
          mask, mo + i * maskStride[a], maskStride, maskRow, maskCol, out, t, batch, a + 1, tq, tk, d, dv, scale,
          scores);
    }
    return t;
  }

  /**
   * Head {@code t}: every query row against every key. The head's keys are first
   * transposed into the scratch after the scores ({@code [d, tk]}), so each row of
   * scores is a vectorized sum of key rows scaled by the query's features rather
   * than {@code tk} dot products that each end in a horizontal reduction.
   */
  private static void head(float[] q, int qo, float[] k, int ko, float[] v, int vo, float[] mask, int mo,
      int maskRow, int maskCol, float[] out, int t, int tq, int tk, int d, int dv, float scale, float[] scores) {
    int kt = tk;
    for (int j = 0; j < tk; j++) {
      for (int f = 0; f < d; f++) {
        scores[kt + f * tk + j] = k[ko + j * d + f];
      }
    }
    for (int i = 0; i < tq; i++) {
      int qi = qo + i * d;
      java.util.Arrays.fill(scores, 0, tk, 0f);
      for (int f = 0; f < d; f++) {
        axpy(q[qi + f] * scale, scores, kt + f * tk, scores, 0, tk);
      }
      if (mask != null) {
        for (int j = 0; j < tk; j++) {
          scores[j] += mask[mo + i * maskRow + j * maskCol];
        }
      }
      Normalize.softmaxRow(scores, scores, 0, tk, false);
      int oi = (t * tq + i) * dv;
      java.util.Arrays.fill(out, oi, oi + dv, 0f);
      for (int j = 0; j < tk; j++) {
        axpy(scores[j], v, vo + j * dv, out, oi, dv);
      }
    }
  }

  static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
    FloatVector av = FloatVector.broadcast(S, alpha);
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += S.length()) {
      FloatVector.fromArray(S, x, xo + i).fma(av, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
    }
  }
}
