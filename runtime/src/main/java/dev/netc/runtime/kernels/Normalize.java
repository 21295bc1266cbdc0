package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Softmax, layer normalization and L2 normalization: the row-wise reductions of a network. */
public final class Normalize {
  private Normalize() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /**
   * Softmax (or log-softmax) of {@code x} from {@code xo}, viewed as {@code [outer, len,
   * inner]}, along the middle axis, into {@code out} from {@code oo}. Stable: the maximum is
   * subtracted before {@code exp}.
   */
  public static void softmax(float[] x, int xo, float[] out, int oo, int outer, int len, int inner, boolean log) {
    if (inner == 1) {
      for (int r = 0; r < outer; r++) {
        softmaxRow(x, xo + r * len, out, oo + r * len, len, log);
      }
      return;
    }
    for (int o = 0; o < outer; o++) {
      int base = o * len * inner;
      for (int c = 0; c < inner; c++) {
        int xc = xo + base + c;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
          max = Math.max(max, x[xc + i * inner]);
        }
        double sum = 0;
        for (int i = 0; i < len; i++) {
          sum += Math.exp(x[xc + i * inner] - max);
        }
        float logSum = (float) Math.log(sum);
        int oc = oo + base + c;
        for (int i = 0; i < len; i++) {
          float shifted = x[xc + i * inner] - max;
          out[oc + i * inner] = log ? shifted - logSum : (float) (Math.exp(shifted) / sum);
        }
      }
    }
  }

  /**
   * Softmax (or log-softmax) of the {@code len} floats of {@code x} from {@code xo} into
   * {@code out} from {@code oo}; in place when both are the same.
   */
  public static void softmaxRow(float[] x, int xo, float[] out, int oo, int len, boolean log) {
    int bound = S.loopBound(len);
    FloatVector maxV = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    int i = 0;
    for (; i < bound; i += S.length()) {
      maxV = maxV.max(FloatVector.fromArray(S, x, xo + i));
    }
    float max = maxV.reduceLanes(VectorOperators.MAX);
    for (; i < len; i++) {
      max = Math.max(max, x[xo + i]);
    }
    if (max == Float.NEGATIVE_INFINITY) {
      // Every entry masked out: fall back to uniform weights rather than 0/0.
      max = 0;
    }
    FloatVector sumV = FloatVector.zero(S);
    i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector e = FloatVector.fromArray(S, x, xo + i).sub(max).lanewise(VectorOperators.EXP);
      if (!log) {
        e.intoArray(out, oo + i);
      }
      sumV = sumV.add(e);
    }
    float sum = sumV.reduceLanes(VectorOperators.ADD);
    for (; i < len; i++) {
      float e = (float) Math.exp(x[xo + i] - max);
      if (!log) {
        out[oo + i] = e;
      }
      sum += e;
    }
    if (log) {
      float shift = max + (float) Math.log(sum);
      i = 0;
      for (; i < bound; i += S.length()) {
        FloatVector.fromArray(S, x, xo + i).sub(shift).intoArray(out, oo + i);
      }
      for (; i < len; i++) {
        out[oo + i] = x[xo + i] - shift;
      }
      return;
    }
    float inv = 1f / sum;
    i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector.fromArray(S, out, oo + i).mul(inv).intoArray(out, oo + i);
    }
    for (; i < len; i++) {
      out[oo + i] *= inv;
    }
  }

  /**
   * Layer normalization of each of {@code rows} rows of {@code len} floats of {@code x} from
   * {@code xo}, then {@code * gamma + beta} ({@code len} floats each, from {@code go} and
   * {@code bo}), into {@code out} from {@code oo}.
   */
  public static void layerNorm(float[] x, int xo, float[] gamma, int go, float[] beta, int bo, float[] out, int oo,
      int rows, int len, float eps) {
    int bound = S.loopBound(len);
    for (int r = 0; r < rows; r++) {
      int xRow = xo + r * len;
      int oRow = oo + r * len;
      FloatVector sumV = FloatVector.zero(S);
      int i = 0;
      for (; i < bound; i += S.length()) {
        sumV = sumV.add(FloatVector.fromArray(S, x, xRow + i));
      }
      float sum = sumV.reduceLanes(VectorOperators.ADD);
      for (; i < len; i++) {
        sum += x[xRow + i];
      }
      float mean = sum / len;
      FloatVector varV = FloatVector.zero(S);
      i = 0;
      for (; i < bound; i += S.length()) {
        FloatVector d = FloatVector.fromArray(S, x, xRow + i).sub(mean);
        varV = d.fma(d, varV);
      }
      float var = varV.reduceLanes(VectorOperators.ADD);
      for (; i < len; i++) {
        float d = x[xRow + i] - mean;
        var += d * d;
      }
      float rstd = (float) (1 / Math.sqrt(var / len + eps));
      i = 0;
      for (; i < bound; i += S.length()) {
        FloatVector.fromArray(S, x, xRow + i).sub(mean).mul(rstd)
            .fma(FloatVector.fromArray(S, gamma, go + i), FloatVector.fromArray(S, beta, bo + i))
            .intoArray(out, oRow + i);
      }
      for (; i < len; i++) {
        out[oRow + i] = (x[xRow + i] - mean) * rstd * gamma[go + i] + beta[bo + i];
      }
    }
  }

  /**
   * {@code x / max(||x||, eps)} along the middle axis of {@code x} from {@code xo}, viewed as
   * {@code [outer, len, inner]}, into {@code out} from {@code oo} (not overlapping {@code x}), as
   * PyTorch's {@code F.normalize}. Along another axis than the last, the first row of each
   * result block holds the inverse norms while they are summed, and is written last.
   */
  public static void l2(float[] x, int xo, float[] out, int oo, int outer, int len, int inner, float eps) {
    if (inner == 1) {
      int bound = S.loopBound(len);
      for (int r = 0; r < outer; r++) {
        int xRow = xo + r * len;
        int oRow = oo + r * len;
        FloatVector sq = FloatVector.zero(S);
        int i = 0;
        for (; i < bound; i += S.length()) {
          FloatVector v = FloatVector.fromArray(S, x, xRow + i);
          sq = v.fma(v, sq);
        }
        float sum = sq.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
          sum += x[xRow + i] * x[xRow + i];
        }
        float inv = 1f / Math.max((float) Math.sqrt(sum), eps);
        i = 0;
        for (; i < bound; i += S.length()) {
          FloatVector.fromArray(S, x, xRow + i).mul(inv).intoArray(out, oRow + i);
        }
        for (; i < len; i++) {
          out[oRow + i] = x[xRow + i] * inv;
        }
      }
      return;
    }
    int bound = S.loopBound(inner);
    for (int o = 0; o < outer; o++) {
      int from = xo + o * len * inner;
      int to = oo + o * len * inner;
      java.util.Arrays.fill(out, to, to + inner, 0f);
      for (int l = 0; l < len; l++) {
        int row = from + l * inner;
        int i = 0;
        for (; i < bound; i += S.length()) {
          FloatVector v = FloatVector.fromArray(S, x, row + i);
          v.fma(v, FloatVector.fromArray(S, out, to + i)).intoArray(out, to + i);
        }
        for (; i < inner; i++) {
          out[to + i] += x[row + i] * x[row + i];
        }
      }
      int i = 0;
      for (; i < bound; i += S.length()) {
        FloatVector n = FloatVector.fromArray(S, out, to + i).sqrt().max(eps);
        FloatVector.broadcast(S, 1f).div(n).intoArray(out, to + i);
      }
      for (; i < inner; i++) {
        out[to + i] = 1f / Math.max((float) Math.sqrt(out[to + i]), eps);
      }
      for (int l = len - 1; l >= 0; l--) {
        int row = from + l * inner;
        int dst = to + l * inner;
        i = 0;
        for (; i < bound; i += S.length()) {
          FloatVector.fromArray(S, x, row + i).mul(FloatVector.fromArray(S, out, to + i)).intoArray(out, dst + i);
        }
        for (; i < inner; i++) {
          out[dst + i] = x[row + i] * out[to + i];
        }
      }
    }
  }
}
