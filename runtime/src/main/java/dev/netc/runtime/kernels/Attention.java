package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
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
   * @param scores scratch of at least {@code tk} floats
   */
  public static void forward(float[] q, int[] qStride, float[] k, int[] kStride, float[] v, int[] vStride,
      float[] mask, int[] maskStride, int maskRow, int maskCol, float[] out, int[] batch,
      int tq, int tk, int d, int dv, float scale, float[] scores) {
    int count = 1;
    for (int b : batch) {
      count *= b;
    }
    int[] index = new int[batch.length];
    int qo = 0;
    int ko = 0;
    int vo = 0;
    int mo = 0;
    for (int t = 0; t < count; t++) {
      for (int i = 0; i < tq; i++) {
        int qi = qo + i * d;
        for (int j = 0; j < tk; j++) {
          float s = dot(q, qi, k, ko + j * d, d) * scale;
          scores[j] = mask == null ? s : s + mask[mo + i * maskRow + j * maskCol];
        }
        Normalize.softmaxRow(scores, scores, 0, tk, false);
        int oi = (t * tq + i) * dv;
        java.util.Arrays.fill(out, oi, oi + dv, 0f);
        for (int j = 0; j < tk; j++) {
          axpy(scores[j], v, vo + j * dv, out, oi, dv);
        }
      }
      for (int a = batch.length - 1; a >= 0; a--) {
        index[a]++;
        qo += qStride[a];
        ko += kStride[a];
        vo += vStride[a];
        mo += maskStride[a];
        if (index[a] < batch[a]) {
          break;
        }
        qo -= qStride[a] * batch[a];
        ko -= kStride[a] * batch[a];
        vo -= vStride[a] * batch[a];
        mo -= maskStride[a] * batch[a];
        index[a] = 0;
      }
    }
  }

  static float dot(float[] a, int ao, float[] b, int bo, int n) {
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += S.length()) {
      acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      sum = Math.fma(a[ao + i], b[bo + i], sum);
    }
    return sum;
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
