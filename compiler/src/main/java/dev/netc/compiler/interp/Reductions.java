package dev.netc.compiler.interp;

import java.util.Arrays;

/** The ops that reduce along an axis: softmax, layer normalization, mean squared error. */
final class Reductions {
  private Reductions() {}

  /**
   * Softmax along {@code axis}, or its logarithm. The maximum of each slice is
   * subtracted first, so no {@code exp} overflows, and the log form is
   * {@code x - max - log(sum exp(x - max))} rather than the log of a quotient that
   * may underflow to 0. A slice that is all {@code -infinity} gives NaN, as in
   * PyTorch; a finite mask value such as {@code -1e9} never does.
   */
  static Tensor softmax(Tensor x, int axis, boolean log) {
    long[] shape = x.shape();
    if (axis < 0 || axis >= shape.length) {
      throw new IllegalArgumentException("softmax: axis " + axis + " of a tensor of shape " + x.shapeText());
    }
    int n = (int) shape[axis];
    int inner = Shapes.product(shape, axis + 1, shape.length);
    int outer = Shapes.product(shape, 0, axis);
    double[] in = x.data();
    double[] out = new double[in.length];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          max = Math.max(max, in[base + j * inner]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
          sum += Math.exp(in[base + j * inner] - max);
        }
        for (int j = 0; j < n; j++) {
          double shifted = in[base + j * inner] - max;
          out[base + j * inner] = log ? shifted - Math.log(sum) : Math.exp(shifted) / sum;
        }
      }
    }
    return new Tensor(shape, out);
  }

  /**
   * Layer normalization over the last axis, as PyTorch's {@code layer_norm}:
   * {@code (x - mean) / sqrt(var + eps) * gamma + beta} with the biased variance
   * (divided by the axis length, not one less).
   */
  static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, double epsilon) {
    if (x.rank() == 0) {
      throw new IllegalArgumentException("layernorm of a scalar");
    }
    int n = (int) x.dim(-1);
    if (gamma.rank() != 1 || gamma.dim(0) != n || beta.rank() != 1 || beta.dim(0) != n) {
      throw new IllegalArgumentException("layernorm: gamma " + gamma.shapeText() + " and beta " + beta.shapeText()
          + " must both be [" + n + "] for " + x.shapeText());
    }
    double[] in = x.data();
    double[] g = gamma.data();
    double[] b = beta.data();
    double[] out = new double[in.length];
    for (int base = 0; base < in.length; base += n) {
      double mean = 0;
      for (int j = 0; j < n; j++) {
        mean += in[base + j];
      }
      mean /= n;
      double variance = 0;
      for (int j = 0; j < n; j++) {
        double d = in[base + j] - mean;
        variance += d * d;
      }
      variance /= n;
      double inv = 1 / Math.sqrt(variance + epsilon);
      for (int j = 0; j < n; j++) {
        out[base + j] = (in[base + j] - mean) * inv * g[j] + b[j];
      }
    }
    return new Tensor(x.shape(), out);
  }

  /** The mean of {@code (prediction - target)^2} over all elements: a scalar. Shapes must be equal. */
  static Tensor mse(Tensor prediction, Tensor target) {
    if (!Arrays.equals(prediction.shape(), target.shape())) {
      throw new IllegalArgumentException("mse: shapes " + prediction.shapeText() + " and " + target.shapeText() + " differ");
    }
    double[] p = prediction.data();
    double[] t = target.data();
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      double d = p[i] - t[i];
      sum += d * d;
    }
    return Tensor.scalar(sum / p.length);
  }
}
