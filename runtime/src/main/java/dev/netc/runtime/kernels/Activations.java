package dev.netc.runtime.kernels;

import dev.netc.runtime.ops.ActivationKind;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise activations over arrays, vectorized: for activation nodes that no
 * matmul absorbed, and over the block a matmul tile has just stored when its
 * activation is too large to apply in the tile's registers.
 *
 * <p>Each function's vector definition is written out inside its loop rather than
 * called: C2 may decline to inline a call it judges too large or too rare, and a
 * vector passed to a call that is not inlined is boxed, which allocates on every
 * element. {@link VectorMath} writes the same float definitions for one value; the reference
 * they approximate is {@link ActivationKind#apply}.
 */
public final class Activations {
  private Activations() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final float SQRT_HALF = (float) Math.sqrt(0.5);
  private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

  /** {@code out[oo + i] = f(in[io + i])} for {@code i < n}. */
  public static void apply(ActivationKind f, float[] in, int io, float[] out, int oo, int n, float alpha) {
    block(f, in, io, out, oo, 1, n, n, alpha, null, 0);
  }

  /**
   * {@code out[i] = f(out[i]) (+ res[j])} over the block of {@code rows x cols}
   * elements at {@code offset}, rows {@code stride} apart: the tile a matmul kernel
   * has just stored, still in L1, for activations too large to inline into its
   * stores (exp, tanh and erf). The last vector of a row is masked, so every
   * element goes through the same vector definition.
   *
   * @param res the residual added after the activation, or {@code null}; the element added to
   *     {@code out[offset + r * stride + c]} is {@code res[resOffset + r * stride + c]}
   * @param resOffset where the residual's block starts; ignored without a residual
   */
  public static void applyBlock(ActivationKind f, float[] out, int offset, int rows, int cols, int stride,
      float alpha, float[] res, int resOffset) {
    block(f, out, offset, out, offset, rows, cols, stride, alpha, res, resOffset);
  }

  private static void block(ActivationKind f, float[] in, int io, float[] out, int oo, int rows, int cols,
      int stride, float alpha, float[] res, int ro) {
    // Exhaustive (the null case makes it so): a new activation without a loop here does not compile.
    switch (f) {
      case null -> throw new NullPointerException("activation");
      case IDENTITY -> identity(in, io, out, oo, rows, cols, stride, res, ro);
      case RELU -> leakyRelu(in, io, out, oo, rows, cols, stride, 0f, res, ro);
      case LEAKY_RELU -> leakyRelu(in, io, out, oo, rows, cols, stride, alpha, res, ro);
      case SIGMOID -> sigmoid(in, io, out, oo, rows, cols, stride, res, ro);
      case TANH -> tanh(in, io, out, oo, rows, cols, stride, res, ro);
      case GELU -> gelu(in, io, out, oo, rows, cols, stride, res, ro);
      case GELU_TANH -> geluTanh(in, io, out, oo, rows, cols, stride, res, ro);
      case EXP -> exp(in, io, out, oo, rows, cols, stride, res, ro);
      case LOG -> log(in, io, out, oo, rows, cols, stride, res, ro);
      case ERF -> erf(in, io, out, oo, rows, cols, stride, res, ro);
      case SQRT -> sqrt(in, io, out, oo, rows, cols, stride, res, ro);
      case RSQRT -> rsqrt(in, io, out, oo, rows, cols, stride, res, ro);
      case ABS -> abs(in, io, out, oo, rows, cols, stride, res, ro);
      case POW -> pow(in, io, out, oo, rows, cols, stride, alpha, res, ro);
    }
  }

  private static void identity(float[] in, int io, float[] out, int oo, int rows, int cols, int stride,
      float[] res, int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector y = FloatVector.fromArray(S, in, i0 + c, m);
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  /** max(x, alpha x) for alpha in [0, 1]: relu when alpha is 0. */
  private static void leakyRelu(float[] in, int io, float[] out, int oo, int rows, int cols, int stride,
      float alpha, float[] res, int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector x = FloatVector.fromArray(S, in, i0 + c, m);
        FloatVector y = alpha == 0f ? x.max(0f) : x.max(x.mul(alpha));
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  /** 1 / (1 + e^-x): e^-x overflows to infinity for very negative x, which gives 0, never NaN. */
  private static void sigmoid(float[] in, int io, float[] out, int oo, int rows, int cols, int stride,
      float[] res, int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector x = FloatVector.fromArray(S, in, i0 + c, m);
        FloatVector y = FloatVector.broadcast(S, 1f).div(x.neg().lanewise(VectorOperators.EXP).add(1f));
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  private static void tanh(float[] in, int io, float[] out, int oo, int rows, int cols, int stride, float[] res,
      int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector y = FloatVector.fromArray(S, in, i0 + c, m).lanewise(VectorOperators.TANH);
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  /** The exact GELU as {@link VectorMath#gelu(float)} computes it, to the same bits. */
  private static void gelu(float[] in, int io, float[] out, int oo, int rows, int cols, int stride, float[] res,
      int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector x = FloatVector.fromArray(S, in, i0 + c, m).max(VectorMath.GELU_FLOOR);
        FloatVector z = x.mul(SQRT_HALF);
        FloatVector a = z.abs().min(VectorMath.ERF_CLAMP);
        FloatVector u = a.mul(a);
        // Horner's rule in fmas, each rounded once as Math.fma is (fma takes its addend as a vector)
        FloatVector p = u.fma(VectorMath.P6, VectorMath.P5)
            .fma(u, FloatVector.broadcast(S, VectorMath.P4))
            .fma(u, FloatVector.broadcast(S, VectorMath.P3))
            .fma(u, FloatVector.broadcast(S, VectorMath.P2))
            .fma(u, FloatVector.broadcast(S, VectorMath.P1))
            .fma(u, FloatVector.broadcast(S, VectorMath.P0));
        FloatVector q = u.fma(VectorMath.Q5, VectorMath.Q4)
            .fma(u, FloatVector.broadcast(S, VectorMath.Q3))
            .fma(u, FloatVector.broadcast(S, VectorMath.Q2))
            .fma(u, FloatVector.broadcast(S, VectorMath.Q1))
            .fma(u, FloatVector.broadcast(S, 1f));
        // erf with z's sign: a bit, not a compare and blend, so that -0.0 stays -0.0 as Math.copySign keeps it
        FloatVector erf = a.mul(p).div(q).min(1f).viewAsIntegralLanes()
            .or(z.viewAsIntegralLanes().and(0x8000_0000)).viewAsFloatingLanes();
        FloatVector y = x.mul(erf.fma(0.5f, 0.5f));
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  /** GELU's tanh approximation, x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))). */
  private static void geluTanh(float[] in, int io, float[] out, int oo, int rows, int cols, int stride,
      float[] res, int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector x = FloatVector.fromArray(S, in, i0 + c, m);
        FloatVector inner = x.mul(x).mul(x).mul(0.044715f).add(x).mul(SQRT_2_OVER_PI);
        FloatVector y = x.mul(0.5f).mul(inner.lanewise(VectorOperators.TANH).add(1f));
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  private static void exp(float[] in, int io, float[] out, int oo, int rows, int cols, int stride,
      float[] res, int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector x = FloatVector.fromArray(S, in, i0 + c, m);
        FloatVector y = x.lanewise(VectorOperators.EXP);
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  private static void log(float[] in, int io, float[] out, int oo, int rows, int cols, int stride,
      float[] res, int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector x = FloatVector.fromArray(S, in, i0 + c, m);
        FloatVector y = x.lanewise(VectorOperators.LOG);
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  /** erf as {@link VectorMath#erf(float)} computes it, to the same bits. */
  private static void erf(float[] in, int io, float[] out, int oo, int rows, int cols, int stride,
      float[] res, int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector x = FloatVector.fromArray(S, in, i0 + c, m);
        FloatVector a = x.abs().min(VectorMath.ERF_CLAMP);
        FloatVector u = a.mul(a);
        // Horner's rule in fmas, each rounded once as Math.fma is (fma takes its addend as a vector)
        FloatVector p = u.fma(VectorMath.P6, VectorMath.P5)
            .fma(u, FloatVector.broadcast(S, VectorMath.P4))
            .fma(u, FloatVector.broadcast(S, VectorMath.P3))
            .fma(u, FloatVector.broadcast(S, VectorMath.P2))
            .fma(u, FloatVector.broadcast(S, VectorMath.P1))
            .fma(u, FloatVector.broadcast(S, VectorMath.P0));
        FloatVector q = u.fma(VectorMath.Q5, VectorMath.Q4)
            .fma(u, FloatVector.broadcast(S, VectorMath.Q3))
            .fma(u, FloatVector.broadcast(S, VectorMath.Q2))
            .fma(u, FloatVector.broadcast(S, VectorMath.Q1))
            .fma(u, FloatVector.broadcast(S, 1f));
        FloatVector y = a.mul(p).div(q).min(1f).viewAsIntegralLanes()
            .or(x.viewAsIntegralLanes().and(0x8000_0000)).viewAsFloatingLanes();
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  private static void sqrt(float[] in, int io, float[] out, int oo, int rows, int cols, int stride,
      float[] res, int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector x = FloatVector.fromArray(S, in, i0 + c, m);
        FloatVector y = x.sqrt();
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  private static void rsqrt(float[] in, int io, float[] out, int oo, int rows, int cols, int stride,
      float[] res, int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector x = FloatVector.fromArray(S, in, i0 + c, m);
        FloatVector y = FloatVector.broadcast(S, 1f).div(x.sqrt());
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  private static void abs(float[] in, int io, float[] out, int oo, int rows, int cols, int stride,
      float[] res, int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector x = FloatVector.fromArray(S, in, i0 + c, m);
        FloatVector y = x.abs();
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  /** x^p by {@code VectorOperators.POW}, for exponents {@link #pow} has no cheaper form for. */
  private static void powGeneral(float[] in, int io, float[] out, int oo, int rows, int cols, int stride, float p,
      float[] res, int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector x = FloatVector.fromArray(S, in, i0 + c, m);
        FloatVector y = x.lanewise(VectorOperators.POW, p);
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  private static void square(float[] in, int io, float[] out, int oo, int rows, int cols, int stride,
      float[] res, int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector x = FloatVector.fromArray(S, in, i0 + c, m);
        FloatVector y = x.mul(x);
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  private static void cube(float[] in, int io, float[] out, int oo, int rows, int cols, int stride,
      float[] res, int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector x = FloatVector.fromArray(S, in, i0 + c, m);
        FloatVector y = x.mul(x).mul(x);
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  private static void reciprocal(float[] in, int io, float[] out, int oo, int rows, int cols, int stride,
      float[] res, int ro) {
    for (int r = 0; r < rows; r++) {
      int i0 = io + r * stride;
      int o0 = oo + r * stride;
      int res0 = ro + r * stride;
      for (int c = 0; c < cols; c += S.length()) {
        VectorMask<Float> m = S.indexInRange(c, cols);
        FloatVector x = FloatVector.fromArray(S, in, i0 + c, m);
        FloatVector y = FloatVector.broadcast(S, 1f).div(x);
        if (res != null) {
          y = y.add(FloatVector.fromArray(S, res, res0 + c, m));
        }
        y.intoArray(out, o0 + c, m);
      }
    }
  }

  /**
   * x^p. The common exponents of imported models (squares for variances and norms, square roots,
   * reciprocals) are multiplications, roots and divisions rather than the far slower general
   * power; the choice is made once per call, not per element.
   */
  private static void pow(float[] in, int io, float[] out, int oo, int rows, int cols, int stride, float p,
      float[] res, int ro) {
    if (p == 1f) {
      identity(in, io, out, oo, rows, cols, stride, res, ro);
    } else if (p == 2f) {
      square(in, io, out, oo, rows, cols, stride, res, ro);
    } else if (p == 3f) {
      cube(in, io, out, oo, rows, cols, stride, res, ro);
    } else if (p == 0.5f) {
      sqrt(in, io, out, oo, rows, cols, stride, res, ro);
    } else if (p == -1f) {
      reciprocal(in, io, out, oo, rows, cols, stride, res, ro);
    } else if (p == -0.5f) {
      rsqrt(in, io, out, oo, rows, cols, stride, res, ro);
    } else {
      powGeneral(in, io, out, oo, rows, cols, stride, p, res, ro);
    }
  }
}
