package dev.netc.onnx.importer;

import dev.netc.onnx.OnnxDataType;
import dev.netc.onnx.OnnxFormatException;
import dev.netc.onnx.OnnxTensor;
import java.util.List;

/** What an ONNX value is during an import: a constant the import can compute with, or a tensor the spec computes. */
sealed interface Value {
  OnnxDataType type();

  List<SymDim> shape();

  default int rank() {
    return shape().size();
  }

  /**
   * A constant: an initializer, a {@code Constant} node, or shape arithmetic folded during the
   * import. Small constants hold their elements; an element of a shape computed from a run-time
   * size is symbolic ({@code N}). Large initializers keep their tensor and are read when written.
   */
  record Const(OnnxDataType type, List<Long> dims, double[] values, SymDim[] symbolic, OnnxTensor tensor,
      String origin) implements Value {
    static Const of(OnnxDataType type, List<Long> dims, double[] values) {
      return new Const(type, dims, values, null, null, null);
    }

    static Const ofSymbolic(List<Long> dims, SymDim[] elements) {
      boolean fixed = true;
      double[] values = new double[elements.length];
      for (int i = 0; i < elements.length; i++) {
        fixed &= elements[i].isFixed();
        values[i] = elements[i].factor();
      }
      return new Const(OnnxDataType.INT64, dims, values, fixed ? null : elements, null, null);
    }

    static Const of(OnnxTensor tensor) {
      return new Const(tensor.type(), tensor.dims(), null, null, tensor, tensor.name());
    }

    @Override
    public List<SymDim> shape() {
      return dims.stream().map(SymDim::of).toList();
    }

    long count() {
      long n = 1;
      for (long d : dims) {
        n *= d;
      }
      return n;
    }

    boolean isScalarLike() {
      return count() == 1;
    }

    boolean isSymbolic() {
      return symbolic != null;
    }

    /** The elements as sizes (symbolic or fixed). */
    SymDim[] sizes() throws OnnxFormatException {
      if (symbolic != null) {
        return symbolic.clone();
      }
      double[] v = doubles();
      SymDim[] out = new SymDim[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = SymDim.of((long) v[i]);
      }
      return out;
    }

    /** The elements, widened to double; symbolic elements have no value here (see {@link #sizes}). */
    double[] doubles() throws OnnxFormatException {
      if (values != null) {
        return values;
      }
      if (tensor.type().isInteger()) {
        long[] l = tensor.toLongs();
        double[] d = new double[l.length];
        for (int i = 0; i < l.length; i++) {
          d[i] = l[i];
        }
        return d;
      }
      float[] f = tensor.toFloats();
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      return d;
    }

    float[] floats() throws OnnxFormatException {
      if (values == null && !tensor.type().isInteger()) {
        return tensor.toFloats();
      }
      double[] d = doubles();
      float[] f = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        f[i] = (float) d[i];
      }
      return f;
    }

    long[] longs() throws OnnxFormatException {
      double[] d = doubles();
      long[] l = new long[d.length];
      for (int i = 0; i < d.length; i++) {
        l[i] = (long) d[i];
      }
      return l;
    }

    double scalar() throws OnnxFormatException {
      return doubles()[0];
    }
  }

  /**
   * The positions {@code 0, 1, ..., length - 1} along {@code axis} of an integer tensor of
   * {@code shape} (every other axis 1), whose length is a run-time size: what BERT exporters make
   * by slicing a constant {@code position_ids = arange(512)} to the sequence length. A gather of
   * a table's rows by them is the first {@code length} rows of the table.
   *
   * @param nodes the ONNX nodes that made it, for the comment of the statement that uses it
   */
  record Positions(List<SymDim> shape, int axis, String nodes) implements Value {
    public Positions {
      shape = List.copyOf(shape);
    }

    @Override
    public OnnxDataType type() {
      return OnnxDataType.INT64;
    }

    SymDim length() {
      return shape.get(axis);
    }
  }

  /** A tensor the spec computes, under a name of the spec ({@code h1}) or as an expression. */
  record Tensor(String ref, OnnxDataType type, List<SymDim> shape) implements Value {
    public Tensor {
      shape = List.copyOf(shape);
    }
  }
}
