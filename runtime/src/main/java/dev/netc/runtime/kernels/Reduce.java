package dev.netc.runtime.kernels;

import dev.netc.runtime.ops.Reduction;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums, means and maxima along one axis, the array viewed as {@code [outer, len, inner]}: a
 * reduction over several adjacent axes is one over their product, and over axes apart, one call
 * per run of them. Along the contiguous last axis ({@code inner == 1}) each row is reduced in
 * vector lanes; along any other axis the result row accumulates whole rows of {@code inner}
 * floats, which are contiguous too, so neither form has a branch per element.
 */
public final class Reduce {
  private Reduce() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /**
   * {@code out[o, i] = kind over l of x[o, l, i]} for {@code x} from {@code xo} and {@code out}
   * (of {@code outer * inner} floats) from {@code oo}; the two must not overlap.
   */
  public static void apply(Reduction kind, float[] x, int xo, float[] out, int oo, int outer, int len, int inner) {
    assert len >= 1 && inner >= 1 && outer >= 1;
    boolean max = kind == Reduction.MAX;
    float scale = kind == Reduction.MEAN ? 1f / len : 1f;
    if (inner == 1) {
      for (int r = 0; r < outer; r++) {
        out[oo + r] = max ? maxRow(x, xo + r * len, len) : sumRow(x, xo + r * len, len) * scale;
      }
      return;
    }
    int bound = S.loopBound(inner);
    for (int o = 0; o < outer; o++) {
      int from = xo + o * len * inner;
      int to = oo + o * inner;
      System.arraycopy(x, from, out, to, inner);
      for (int l = 1; l < len; l++) {
        int row = from + l * inner;
        int i = 0;
        if (max) {
          for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, out, to + i).max(FloatVector.fromArray(S, x, row + i)).intoArray(out, to + i);
          }
          for (; i < inner; i++) {
            out[to + i] = Math.max(out[to + i], x[row + i]);
          }
        } else {
          for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, out, to + i).add(FloatVector.fromArray(S, x, row + i)).intoArray(out, to + i);
          }
          for (; i < inner; i++) {
            out[to + i] += x[row + i];
          }
        }
      }
      if (scale != 1f) {
        int i = 0;
        for (; i < bound; i += S.length()) {
          FloatVector.fromArray(S, out, to + i).mul(scale).intoArray(out, to + i);
        }
        for (; i < inner; i++) {
          out[to + i] *= scale;
        }
      }
    }
  }

  /** The sum of {@code len} contiguous floats from {@code at}. */
  static float sumRow(float[] x, int at, int len) {
    int bound = S.loopBound(len);
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += S.length()) {
      acc = acc.add(FloatVector.fromArray(S, x, at + i));
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < len; i++) {
      sum += x[at + i];
    }
    return sum;
  }

  /** The maximum of {@code len} contiguous floats from {@code at}. */
  static float maxRow(float[] x, int at, int len) {
    int bound = S.loopBound(len);
    FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    int i = 0;
    for (; i < bound; i += S.length()) {
      acc = acc.max(FloatVector.fromArray(S, x, at + i));
    }
    float max = acc.reduceLanes(VectorOperators.MAX);
    for (; i < len; i++) {
      max = Math.max(max, x[at + i]);
    }
    return max;
  }
}
