package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/** Element-wise activations over arrays, vectorized, for activations that no matmul epilogue absorbed. */
public enum Activation {
  IDENTITY,
  RELU,
  LEAKY_RELU,
  SIGMOID,
  TANH,
  GELU,
  GELU_TANH;

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  public FloatVector apply(FloatVector v, float alpha) {
    return switch (this) {
      case IDENTITY -> v;
      case RELU -> VectorMath.relu(v);
      case LEAKY_RELU -> VectorMath.leakyRelu(v, alpha);
      case SIGMOID -> VectorMath.sigmoid(v);
      case TANH -> VectorMath.tanh(v);
      case GELU -> VectorMath.gelu(v);
      case GELU_TANH -> VectorMath.geluTanh(v);
    };
  }

  public float apply(float x, float alpha) {
    return switch (this) {
      case IDENTITY -> x;
      case RELU -> VectorMath.relu(x);
      case LEAKY_RELU -> VectorMath.leakyRelu(x, alpha);
      case SIGMOID -> VectorMath.sigmoid(x);
      case TANH -> VectorMath.tanh(x);
      case GELU -> VectorMath.gelu(x);
      case GELU_TANH -> VectorMath.geluTanh(x);
    };
  }

  /**
   * {@code out[i] = f(out[i]) (+ res[i])} over the block of {@code rows x cols}
   * elements at {@code offset}, rows {@code stride} apart: the tile a matmul kernel
   * has just stored, still in L1, for activations too large to inline into its
   * stores (exp, tanh and erf). The last vector of a row is masked, so every
   * element goes through the vector definition of {@code f}.
   *
   * @param res the residual added after the activation, or {@code null}
   */
  public void applyBlock(float[] out, int offset, int rows, int cols, int stride, float alpha, float[] res) {
    int whole = S.loopBound(cols);
    VectorMask<Float> last = S.indexInRange(whole, cols);
    for (int r = 0; r < rows; r++) {
      int o = offset + r * stride;
      for (int c = 0; c < whole; c += S.length()) {
        FloatVector v = apply(FloatVector.fromArray(S, out, o + c), alpha);
        if (res != null) {
          v = v.add(FloatVector.fromArray(S, res, o + c));
        }
        v.intoArray(out, o + c);
      }
      if (whole < cols) {
        FloatVector v = apply(FloatVector.fromArray(S, out, o + whole, last), alpha);
        if (res != null) {
          v = v.add(FloatVector.fromArray(S, res, o + whole, last));
        }
        v.intoArray(out, o + whole, last);
      }
    }
  }

  /** {@code out[oo + i] = f(in[io + i])} for {@code i < n}. */
  public void apply(float[] in, int io, float[] out, int oo, int n, float alpha) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += S.length()) {
      apply(FloatVector.fromArray(S, in, io + i), alpha).intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      out[oo + i] = apply(in[io + i], alpha);
    }
  }
}
