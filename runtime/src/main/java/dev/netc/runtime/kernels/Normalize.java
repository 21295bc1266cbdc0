package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Softmax and layer normalization: the row-wise reductions of a network. */
public final class Normalize {
  private Normalize() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /**
   * Softmax (or log-softmax) of {@code x} viewed as {@code [outer, len, inner]}
   * along the middle axis. Stable: the maximum is subtracted before {@code exp}.
   */
  public static void softmax(float[] x, float[] out, int outer, int len, int inner, boolean log) {
    if (inner == 1) {
      for (int r = 0; r < outer; r++) {
        softmaxRow(x, out, r * len, len, log);
      }
      return;
    }
    for (int o = 0; o < outer; o++) {
      int base = o * len * inner;
      for (int c = 0; c < inner; c++) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
          max = Math.max(max, x[base + i * inner + c]);
        }
        double sum = 0;
        for (int i = 0; i < len; i++) {
          sum += Math.exp(x[base + i * inner + c] - max);
        }
        float logSum = (float) Math.log(sum);
        for (int i = 0; i < len; i++) {
          float shifted = x[base + i * inner + c] - max;
          out[base + i * inner + c] = log ? shifted - logSum : (float) (Math.exp(shifted) / sum);
        }
      }
    }
  }

  /** Softmax of one contiguous row, in place or not. */
  public static void softmaxRow(float[] x, float[] out, int off, int len, boolean log) {
    int bound = S.loopBound(len);
    FloatVector maxV = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    int i = 0;
    for (; i < bound; i += S.length()) {
      maxV = maxV.max(FloatVector.fromArray(S, x, off + i));
    }
    float max = maxV.reduceLanes(VectorOperators.MAX);
    for (; i < len; i++) {
      max = Math.max(max, x[off + i]);
    }
    if (max == Float.NEGATIVE_INFINITY) {
      // Every entry masked out: fall back to uniform weights rather than 0/0.
      max = 0;
    }
    FloatVector sumV = FloatVector.zero(S);
    i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector e = FloatVector.fromArray(S, x, off + i).sub(max).lanewise(VectorOperators.EXP);
      if (!log) {
        e.intoArray(out, off + i);
      }
      sumV = sumV.add(e);
    }
    float sum = sumV.reduceLanes(VectorOperators.ADD);
    for (; i < len; i++) {
      float e = (float) Math.exp(x[off + i] - max);
      if (!log) {
        out[off + i] = e;
      }
      sum += e;
    }
    if (log) {
      float shift = max + (float) Math.log(sum);
      i = 0;
      for (; i < bound; i += S.length()) {
        FloatVector.fromArray(S, x, off + i).sub(shift).intoArray(out, off + i);
      }
      for (; i < len; i++) {
        out[off + i] = x[off + i] - shift;
      }
      return;
    }
    float inv = 1f / sum;
    i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector.fromArray(S, out, off + i).mul(inv).intoArray(out, off + i);
    }
    for (; i < len; i++) {
      out[off + i] *= inv;
    }
  }

  /** Layer normalization of each of {@code rows} rows of {@code len}, then {@code * gamma + beta}. */
  public static void layerNorm(float[] x, float[] gamma, float[] beta, float[] out, int rows, int len, float eps) {
    int bound = S.loopBound(len);
    for (int r = 0; r < rows; r++) {
      int off = r * len;
      FloatVector sumV = FloatVector.zero(S);
      int i = 0;
      for (; i < bound; i += S.length()) {
        sumV = sumV.add(FloatVector.fromArray(S, x, off + i));
      }
      float sum = sumV.reduceLanes(VectorOperators.ADD);
      for (; i < len; i++) {
        sum += x[off + i];
      }
      float mean = sum / len;
      FloatVector varV = FloatVector.zero(S);
      i = 0;
      for (; i < bound; i += S.length()) {
        FloatVector d = FloatVector.fromArray(S, x, off + i).sub(mean);
        varV = d.fma(d, varV);
      }
      float var = varV.reduceLanes(VectorOperators.ADD);
      for (; i < len; i++) {
        float d = x[off + i] - mean;
        var += d * d;
      }
      float rstd = (float) (1 / Math.sqrt(var / len + eps));
      i = 0;
      for (; i < bound; i += S.length()) {
        FloatVector.fromArray(S, x, off + i).sub(mean).mul(rstd)
            .fma(FloatVector.fromArray(S, gamma, i), FloatVector.fromArray(S, beta, i))
            .intoArray(out, off + i);
      }
      for (; i < len; i++) {
        out[off + i] = (x[off + i] - mean) * rstd * gamma[i] + beta[i];
      }
    }
  }
}
