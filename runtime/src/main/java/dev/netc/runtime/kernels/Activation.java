package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
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
