package dev.netc.compiler.interp;

import dev.netc.runtime.ops.ArithOp;
import dev.netc.compiler.graph.Node;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** The ops that map or move elements: element-wise arithmetic and functions, transpose, reshape, concat, slice. */
final class ArrayKernels {
  private ArrayKernels() {}

  /** {@code a op b} with NumPy broadcasting. */
  static Tensor elementwise(ArithOp op, Tensor a, Tensor b) {
    long[] shape = Shapes.broadcast(a.shape(), b.shape(), "element-wise " + op.symbol());
    int[] sa = Shapes.broadcastStrides(a.shape(), shape);
    int[] sb = Shapes.broadcastStrides(b.shape(), shape);
    double[] x = a.data();
    double[] y = b.data();
    double[] out = new double[Shapes.size(shape)];
    for (int i = 0; i < out.length; i++) {
      out[i] = op.apply(x[Shapes.offset(i, shape, sa)], y[Shapes.offset(i, shape, sb)]);
    }
    return new Tensor(shape, out);
  }

  /** {@code f} applied to every element. */
  static Tensor map(Tensor x, DoubleUnaryOperator f) {
    double[] data = x.data();
    for (int i = 0; i < data.length; i++) {
      data[i] = f.applyAsDouble(data[i]);
    }
    return new Tensor(x.shape(), data);
  }

  /** Result axis {@code i} is axis {@code permutation[i]} of {@code x}. */
  static Tensor transpose(Tensor x, List<Integer> permutation) {
    long[] in = x.shape();
    if (permutation.size() != in.length) {
      throw new IllegalArgumentException("transpose: permutation " + permutation + " for a tensor of shape " + x.shapeText());
    }
    int[] inStrides = Shapes.strides(in);
    long[] shape = new long[in.length];
    int[] strides = new int[in.length];
    for (int i = 0; i < in.length; i++) {
      shape[i] = in[permutation.get(i)];
      // Walking the result in row-major order reads x along the permuted axes.
      strides[i] = inStrides[permutation.get(i)];
    }
    double[] data = x.data();
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = data[Shapes.offset(i, shape, strides)];
    }
    return new Tensor(shape, out);
  }

  /** The same elements, row-major, with another shape of the same element count. */
  static Tensor reshape(Tensor x, long[] shape) {
    if (Shapes.count(shape) != x.size()) {
      throw new IllegalArgumentException(
          "reshape: " + x.shapeText() + " has " + x.size() + " elements, " + Shapes.text(shape) + " needs " + Shapes.count(shape));
    }
    return x.reshape(shape);
  }

  /** The parts joined along {@code axis}; every other axis agrees. */
  static Tensor concat(List<Tensor> parts, int axis) {
    long[] shape = parts.get(0).shape();
    long joined = 0;
    for (Tensor p : parts) {
      long[] s = p.shape();
      boolean fits = s.length == shape.length;
      for (int a = 0; fits && a < s.length; a++) {
        fits = a == axis || s[a] == shape[a];
      }
      if (!fits) {
        throw new IllegalArgumentException("concat along axis " + axis + ": " + p.shapeText()
            + " does not fit " + parts.get(0).shapeText());
      }
      joined += s[axis];
    }
    shape[axis] = joined;
    double[][] data = new double[parts.size()][];
    int[] runs = new int[parts.size()];
    for (int k = 0; k < data.length; k++) {
      data[k] = parts.get(k).data();
      runs[k] = Shapes.product(parts.get(k).shape(), axis, shape.length);
    }
    // For every index of the axes before `axis`, each part contributes one contiguous run, in order.
    int outer = Shapes.product(shape, 0, axis);
    double[] out = new double[Shapes.size(shape)];
    int at = 0;
    for (int o = 0; o < outer; o++) {
      for (int k = 0; k < data.length; k++) {
        System.arraycopy(data[k], o * runs[k], out, at, runs[k]);
        at += runs[k];
      }
    }
    return new Tensor(shape, out);
  }

  /**
   * Per axis, elements {@code [start, end)} (all of them when whole, the first {@code runtimeEnd}
   * with the run-time dimensions of this call); a dropped axis is removed from the result.
   */
  static Tensor slice(Tensor x, List<Node.AxisRange> ranges, RuntimeDims dims) {
    long[] in = x.shape();
    int rank = in.length;
    long[] starts = new long[rank];
    long[] kept = new long[rank];
    int dropped = 0;
    for (int axis = 0; axis < rank; axis++) {
      Node.AxisRange r = axis < ranges.size() ? ranges.get(axis) : null;
      boolean whole = r == null || r.whole();
      starts[axis] = whole ? 0 : r.start();
      kept[axis] = whole ? in[axis]
          : r.runtimeEnd().isPresent() ? dims.size(r.runtimeEnd().get()) : r.end() - r.start();
      if (starts[axis] < 0 || kept[axis] < 1 || starts[axis] + kept[axis] > in[axis]) {
        throw new IllegalArgumentException("slice: range [" + starts[axis] + ", " + (starts[axis] + kept[axis])
            + ") is outside axis " + axis + " of " + x.shapeText());
      }
      if (r != null && r.drop()) {
        dropped++;
      }
    }
    int[] strides = Shapes.strides(in);
    int base = 0;
    for (int axis = 0; axis < rank; axis++) {
      base += (int) starts[axis] * strides[axis];
    }
    double[] data = x.data();
    double[] out = new double[Shapes.size(kept)];
    for (int i = 0; i < out.length; i++) {
      out[i] = data[base + Shapes.offset(i, kept, strides)];
    }
    long[] shape = new long[rank - dropped];
    for (int axis = 0, j = 0; axis < rank; axis++) {
      if (!(axis < ranges.size() && ranges.get(axis).drop())) {
        shape[j++] = kept[axis];
      }
    }
    return new Tensor(shape, out);
  }
}
