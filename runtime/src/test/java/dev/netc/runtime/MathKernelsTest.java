package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.netc.runtime.kernels.Activations;
import dev.netc.runtime.kernels.Attention;
import dev.netc.runtime.kernels.Normalize;
import dev.netc.runtime.kernels.Reduce;
import dev.netc.runtime.kernels.VectorMath;
import dev.netc.runtime.ops.ActivationKind;
import dev.netc.runtime.ops.Reduction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The element-wise math functions, reductions and L2 normalization against double-precision references. */
class MathKernelsTest {
  /** Sizes with no whole vector, one, several and a tail, for any vector length up to 16. */
  private static final int[] SIZES = {1, 3, 8, 17, 33, 70};

  @Test
  @DisplayName("vector and scalar erf are within 6 float ulps of the exact erf from -6 to 6, tiny arguments included")
  void erfToFloatPrecision() {
    // the largest error of the float evaluation, measured over every float from 0.5 to 4: 5.8 ulps
    // from 2 up, 4.2 below (runtime/src/test/python/fit_erf.py measures it too)
    float[] x = sweep(-6, 6, 1 << 16, 1e-6f, -3e-5f, 1e-30f, Float.MIN_VALUE, 0.9999999f, 1.0000001f, 3.9199998f);
    float[] y = new float[x.length];
    Activations.apply(ActivationKind.ERF, x, 0, y, 0, x.length, 0);
    for (int i = 0; i < x.length; i++) {
      double exact = ActivationKind.erf(x[i]);
      assertThat((double) y[i]).as("erf(%s)", x[i]).isCloseTo(exact, within(6 * ulpBelow(exact)));
      assertThat(Float.floatToIntBits(VectorMath.erf(x[i]))).as("scalar erf(%s)", x[i])
          .isEqualTo(Float.floatToIntBits(y[i]));
    }
  }

  @Test
  @DisplayName("erf saturates to +-1, keeps NaN and -0.0, and never leaves [-1, 1]")
  void erfAtTheEdges() {
    float[] x = {1e30f, -1e30f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 0f, -0f, 3.92f, -4f,
        Float.MAX_VALUE, -Float.MIN_VALUE};
    float[] y = new float[x.length];
    Activations.apply(ActivationKind.ERF, x, 0, y, 0, x.length, 0);
    assertThat(y).containsExactly(1f, -1f, 1f, -1f, Float.NaN, 0f, -0f, 1f, -1f, 1f, -Float.MIN_VALUE);
    for (int bits = Float.floatToIntBits(3.5f); bits <= Float.floatToIntBits(3.92f); bits++) {
      assertThat(VectorMath.erf(Float.intBitsToFloat(bits))).isLessThanOrEqualTo(1f);
    }
  }

  @Test
  @DisplayName("gelu is within 1e-5 relative or 1e-6 absolute of the exact gelu over [-10, 10], every float from -5.6 to -3 included")
  void geluToItsContract() {
    float[] dense = sweep(-10, 10, 1 << 18, 1e-30f, -1e-30f, 1e-7f, -1e-7f, -5.5437f, -5.5438f);
    // below -3 Phi is under 1.4e-3, so erf's error near -1 is the whole error: every float there
    int from = Float.floatToIntBits(3f);
    int to = Float.floatToIntBits(5.6f);
    float[] x = java.util.Arrays.copyOf(dense, dense.length + (to - from));
    for (int bits = from; bits < to; bits++) {
      x[dense.length + bits - from] = -Float.intBitsToFloat(bits);
    }
    float[] y = new float[x.length];
    Activations.apply(ActivationKind.GELU, x, 0, y, 0, x.length, 0);
    // one assertion on the worst element: millions of AssertJ assertions take seconds
    int worst = 0;
    double worstShare = 0;
    for (int i = 0; i < x.length; i++) {
      double exact = ActivationKind.GELU.apply(x[i], 0);
      double share = Math.abs(y[i] - exact) / Math.max(1e-5 * Math.abs(exact), 1e-6);
      if (share > worstShare || x[i] < 0 && y[i] > 0) {
        worst = i;
        worstShare = x[i] < 0 && y[i] > 0 ? Double.POSITIVE_INFINITY : share;
      }
    }
    assertThat(worstShare).as("error of gelu(%s) = %s as a share of the bound (infinite: positive)", x[worst], y[worst])
        .isLessThanOrEqualTo(1);
    for (int i = 0; i < dense.length; i++) {
      assertThat(Float.floatToIntBits(VectorMath.gelu(x[i]))).as("scalar gelu(%s)", x[i])
          .isEqualTo(Float.floatToIntBits(y[i]));
    }
  }

  @Test
  @DisplayName("gelu of the extremes: -0.0 for -0.0 and for very negative x, -infinity included; x for large x; NaN for NaN")
  void geluAtTheEdges() {
    float[] x = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MAX_VALUE,
        -Float.MAX_VALUE, -1e30f, -10f, 10f, Float.MIN_VALUE, -Float.MIN_VALUE};
    float[] y = new float[x.length];
    Activations.apply(ActivationKind.GELU, x, 0, y, 0, x.length, 0);
    assertThat(y).containsExactly(0f, -0f, Float.POSITIVE_INFINITY, -0f, Float.NaN, Float.MAX_VALUE, -0f, -0f, -0f,
        10f, 0f, -0f);
    for (int i = 0; i < x.length; i++) {
      assertThat(Float.floatToIntBits(VectorMath.gelu(x[i]))).isEqualTo(Float.floatToIntBits(y[i]));
    }
  }

  /** {@code n + 1} evenly spaced floats from {@code from} to {@code to}, then {@code extra}. */
  private static float[] sweep(float from, float to, int n, float... extra) {
    float[] x = new float[n + 1 + extra.length];
    for (int i = 0; i <= n; i++) {
      x[i] = (float) (from + (to - from) * (double) i / n);
    }
    System.arraycopy(extra, 0, x, n + 1, extra.length);
    return x;
  }

  /** The float ulp just below {@code |v|}'s float: the smaller ulp where {@code v} rounds to a power of 2. */
  private static double ulpBelow(double v) {
    return Math.ulp(Math.nextDown((float) Math.abs(v)));
  }

  @Test
  @DisplayName("exp, log, sqrt, rsqrt, abs and pow (its special exponents and a general one) match Math")
  void mathFunctions() {
    float[] x = new float[70];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.05f + i * 0.37f;
    }
    float[] y = new float[x.length];
    for (ActivationKind f : new ActivationKind[] {ActivationKind.EXP, ActivationKind.LOG, ActivationKind.SQRT,
        ActivationKind.RSQRT, ActivationKind.ABS}) {
      Activations.apply(f, x, 0, y, 0, x.length, 0);
      for (int i = 0; i < x.length; i++) {
        double exact = f.apply(x[i], 0);
        assertThat((double) y[i]).as("%s(%s)", f, x[i]).isCloseTo(exact, within(2e-7 * Math.abs(exact) + 1e-30));
      }
    }
    for (float p : new float[] {1, 2, 3, 0.5f, -1, -0.5f, 0, 1.7f, -2.5f}) {
      Activations.apply(ActivationKind.POW, x, 0, y, 0, x.length, p);
      for (int i = 0; i < x.length; i++) {
        double exact = Math.pow(x[i], p);
        assertThat((double) y[i]).as("pow(%s, %s)", x[i], p).isCloseTo(exact, within(4e-7 * Math.abs(exact)));
      }
    }
  }

  @Test
  @DisplayName("abs and pow of negative numbers: |-2| = 2, (-2)^2 = 4, (-2)^3 = -8, (-2)^-1 = -0.5")
  void negativeBases() {
    float[] x = {-2, -2, -2};
    float[] y = new float[3];
    Activations.apply(ActivationKind.ABS, x, 0, y, 0, 3, 0);
    assertThat(y).containsExactly(2, 2, 2);
    Activations.apply(ActivationKind.POW, x, 0, y, 0, 3, 2);
    assertThat(y).containsExactly(4, 4, 4);
    Activations.apply(ActivationKind.POW, x, 0, y, 0, 3, 3);
    assertThat(y).containsExactly(-8, -8, -8);
    Activations.apply(ActivationKind.POW, x, 0, y, 0, 3, -1);
    assertThat(y).containsExactly(-0.5f, -0.5f, -0.5f);
  }

  @Test
  @DisplayName("sum, mean and max along the last axis and a middle one agree with the reference on awkward sizes")
  void reductions() {
    for (Reduction kind : Reduction.values()) {
      for (int outer : new int[] {1, 3}) {
        for (int len : SIZES) {
          for (int inner : new int[] {1, 5, 19}) {
            float[] x = values(outer * len * inner);
            float[] out = new float[outer * inner + 2];
            out[outer * inner] = 42;
            Reduce.apply(kind, x, 0, out, 0, outer, len, inner);
            for (int o = 0; o < outer; o++) {
              for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                double exact = kind.apply(len, l -> x[base + l * inner]);
                assertThat((double) out[o * inner + i]).as("%s %d x %d x %d at %d, %d", kind, outer, len, inner, o, i)
                    .isCloseTo(exact, within(1e-5 * (1 + len)));
              }
            }
            assertThat(out[outer * inner]).as("past the result").isEqualTo(42f);
          }
        }
      }
    }
  }

  @Test
  @DisplayName("mean([[1, 2], [3, 4]]) over axis 0 is [2, 3], over axis 1 [1.5, 3.5]; max over axis 0 is [3, 4]")
  void reductionsByHand() {
    float[] x = {1, 2, 3, 4};
    float[] out = new float[2];
    Reduce.apply(Reduction.MEAN, x, 0, out, 0, 1, 2, 2);
    assertThat(out).containsExactly(2, 3);
    Reduce.apply(Reduction.MEAN, x, 0, out, 0, 2, 2, 1);
    assertThat(out).containsExactly(1.5f, 3.5f);
    Reduce.apply(Reduction.MAX, x, 0, out, 0, 1, 2, 2);
    assertThat(out).containsExactly(3, 4);
  }

  @Test
  @DisplayName("l2 normalization: [3, 4] becomes [0.6, 0.8] along either layout; a zero row stays 0")
  void l2ByHand() {
    float[] row = {3, 4, 0, 0};
    float[] out = new float[4];
    Normalize.l2(row, 0, out, 0, 2, 2, 1, 1e-12f);
    assertThat(out).containsExactly(0.6f, 0.8f, 0, 0);
    float[] column = {3, 0, 4, 0};
    Normalize.l2(column, 0, out, 0, 1, 2, 2, 1e-12f);
    assertThat(out).containsExactly(0.6f, 0, 0.8f, 0);
  }

  @Test
  @DisplayName("l2 normalization along the last axis and a middle one agrees with the reference on awkward sizes")
  void l2Normalize() {
    for (int len : SIZES) {
      for (int inner : new int[] {1, 5, 19}) {
        int outer = 2;
        float[] x = values(outer * len * inner);
        float[] out = new float[x.length];
        Normalize.l2(x, 0, out, 0, outer, len, inner, 1e-12f);
        for (int o = 0; o < outer; o++) {
          for (int i = 0; i < inner; i++) {
            int base = o * len * inner + i;
            double norm = Math.sqrt(Reduction.SUM.apply(len, l -> (double) x[base + l * inner] * x[base + l * inner]));
            for (int l = 0; l < len; l++) {
              assertThat((double) out[base + l * inner]).isCloseTo(x[base + l * inner] / Math.max(norm, 1e-12),
                  within(1e-6));
            }
          }
        }
      }
    }
  }

  @Test
  @DisplayName("causal attention: row i weighs keys 0..i only, for Tq below, equal to and above Tk, with a mask too")
  void causalAttention() {
    int d = 19;
    int dv = 21;
    for (int tq : new int[] {1, 5, 9, 33}) {
      for (int tk : new int[] {1, 5, 17, 33}) {
        for (boolean masked : new boolean[] {false, true}) {
          float[] q = values(tq * d);
          float[] k = values(tk * d + 3);
          float[] v = values(tk * dv + 5);
          float[] mask = masked ? values(tq * tk + 7) : null;
          float[] out = new float[tq * dv];
          int[] none = {0};
          Attention.forward(q, 0, none, d, k, 3, none, d, v, 5, none, dv, mask, 7, none, tk, 1, true, out, 0, none,
              dv, new int[] {1}, tq, tk, d, dv, 0.3f, new float[(int) Attention.scratchSize(tq, tk, d)], null, null);
          for (int i = 0; i < tq; i++) {
            int keys = Math.min(tk, i + 1);
            double[] w = new double[keys];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < keys; j++) {
              double s = 0;
              for (int f = 0; f < d; f++) {
                s += (double) q[i * d + f] * k[3 + j * d + f];
              }
              w[j] = 0.3 * s + (masked ? mask[7 + i * tk + j] : 0);
              max = Math.max(max, w[j]);
            }
            double sum = 0;
            for (int j = 0; j < keys; j++) {
              w[j] = Math.exp(w[j] - max);
              sum += w[j];
            }
            for (int c = 0; c < dv; c++) {
              double o = 0;
              for (int j = 0; j < keys; j++) {
                o += w[j] / sum * v[5 + j * dv + c];
              }
              assertThat((double) out[i * dv + c]).as("tq %d, tk %d, mask %s, [%d, %d]", tq, tk, masked, i, c)
                  .isCloseTo(o, within(1e-5));
            }
          }
        }
      }
    }
  }

  private static float[] values(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = ((i * 7919) % 101 - 50) / 25f;
    }
    return a;
  }
}
