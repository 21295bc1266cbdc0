package dev.netc.compiler.interp;

import dev.netc.runtime.ops.LossKind;
import java.util.Arrays;

/** The ops that reduce along axes: softmax, layer and L2 normalization, sums, means, maxima, mean squared error. */
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
   * Layer normalization over the trailing axes {@code gamma} spans, as PyTorch's
   * {@code layer_norm} and ONNX's LayerNormalization: {@code (x - mean) / sqrt(var + eps) *
   * gamma + beta}, mean and the biased variance (divided by the count, not one less) over those
   * axes together.
   */
  static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, double epsilon) {
    if (x.rank() == 0) {
      throw new IllegalArgumentException("layernorm of a scalar");
    }
    int axes = gamma.rank();
    long[] trailing = Arrays.copyOfRange(x.shape(), Math.max(0, x.rank() - axes), x.rank());
    if (axes < 1 || axes > x.rank() || !Arrays.equals(gamma.shape(), trailing) || !Arrays.equals(beta.shape(), trailing)) {
      throw new IllegalArgumentException("layernorm: gamma " + gamma.shapeText() + " and beta " + beta.shapeText()
          + " must both be the trailing axes of " + x.shapeText());
    }
    int n = Shapes.product(x.shape(), x.rank() - axes, x.rank());
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

  /**
   * {@code kind} over the axes {@code [from, to)} of {@code x}, the result in {@code shape}
   * (with those axes as 1s or without them: the same elements).
   */
  static Tensor reduce(Tensor x, dev.netc.runtime.ops.Reduction kind, int from, int to, long[] shape) {
    long[] in = x.shape();
    if (from < 0 || to > in.length || from >= to) {
      throw new IllegalArgumentException(kind.spelling() + ": axes " + from + " to " + (to - 1) + " of " + x.shapeText());
    }
    int outer = Shapes.product(in, 0, from);
    int len = Shapes.product(in, from, to);
    int inner = Shapes.product(in, to, in.length);
    if (Shapes.count(shape) != (long) outer * inner) {
      throw new IllegalArgumentException(kind.spelling() + ": " + x.shapeText() + " reduced does not fit " + Shapes.text(shape));
    }
    double[] data = x.data();
    double[] out = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * len * inner + i;
        out[o * inner + i] = kind.apply(len, l -> data[base + l * inner]);
      }
    }
    return new Tensor(shape, out);
  }

  /** {@code x / max(sqrt(sum(x^2)), eps)} along {@code axis}, as PyTorch's {@code F.normalize}. */
  static Tensor l2Normalize(Tensor x, int axis, double epsilon) {
    long[] shape = x.shape();
    if (axis < 0 || axis >= shape.length) {
      throw new IllegalArgumentException("l2_normalize: axis " + axis + " of a tensor of shape " + x.shapeText());
    }
    int len = (int) shape[axis];
    int inner = Shapes.product(shape, axis + 1, shape.length);
    int outer = Shapes.product(shape, 0, axis);
    double[] in = x.data();
    double[] out = new double[in.length];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * len * inner + i;
        double squares = 0;
        for (int l = 0; l < len; l++) {
          squares += in[base + l * inner] * in[base + l * inner];
        }
        double norm = Math.max(Math.sqrt(squares), epsilon);
        for (int l = 0; l < len; l++) {
          out[base + l * inner] = in[base + l * inner] / norm;
        }
      }
    }
    return new Tensor(shape, out);
  }

  /**
   * A loss ({@link LossKind}) in double precision, as PyTorch defines it with its mean reduction:
   * the cross-entropies over the rows of the last axis (the sparse one with one class index per
   * row), the binary ones over every element.
   */
  static Tensor loss(LossKind kind, Tensor prediction, Tensor target) {
    double[] p = prediction.data();
    double[] t = target.data();
    if (!kind.overClasses()) {
      double sum = 0;
      for (int i = 0; i < p.length; i++) {
        sum += kind.binary(p[i], t[i]);
      }
      return Tensor.scalar(sum / p.length);
    }
    long[] shape = prediction.shape();
    int classes = (int) shape[shape.length - 1];
    int rows = p.length / classes;
    double total = 0;
    for (int r = 0; r < rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, p[r * classes + c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(p[r * classes + c] - max);
      }
      double lse = max + Math.log(sum);
      if (kind == LossKind.SPARSE_CROSS_ENTROPY) {
        double label = t[r];
        if (label < 0 || label >= classes || label != Math.rint(label)) {
          throw new IllegalArgumentException("sparse_cross_entropy: label " + r + " is " + label + ", but the "
              + "logits have " + classes + " classes");
        }
        total += lse - p[r * classes + (int) label];
      } else {
        for (int c = 0; c < classes; c++) {
          total -= t[r * classes + c] * (p[r * classes + c] - lse);
        }
      }
    }
    return Tensor.scalar(total / rows);
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
