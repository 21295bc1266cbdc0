package dev.netc.compiler.interp;

import java.util.Arrays;

/**
 * A dense tensor of doubles in row-major (C) order: the values the
 * {@link Interpreter} takes, computes and returns.
 *
 * <p>Immutable: the arrays are copied in and out, so a caller can never change a
 * tensor another part of a computation still reads. An empty shape is a scalar
 * with one element.
 *
 * @param shape the sizes of the axes, outermost first; each at least 0
 * @param data the elements, row-major; exactly as many as the shape holds
 */
public record Tensor(long[] shape, double[] data) {

  /**
   * @throws IllegalArgumentException if a size is negative, the element count does not fit an
   *     array, or {@code data} has a different length
   */
  public Tensor {
    shape = shape.clone();
    data = data.clone();
    long count = Shapes.count(shape);
    if (count != data.length) {
      throw new IllegalArgumentException(
          "shape " + Shapes.text(shape) + " holds " + count + " elements, but " + data.length + " were given");
    }
  }

  /** A tensor of the given shape and row-major values. */
  public static Tensor of(long[] shape, double... data) {
    return new Tensor(shape, data);
  }

  /** A rank-0 tensor. */
  public static Tensor scalar(double value) {
    return new Tensor(new long[0], new double[] {value});
  }

  /** A rank-1 tensor. */
  public static Tensor vector(double... values) {
    return new Tensor(new long[] {values.length}, values);
  }

  /**
   * A rank-2 tensor from its rows.
   *
   * @throws IllegalArgumentException if the rows differ in length or there are none
   */
  public static Tensor matrix(double[]... rows) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("a matrix needs at least one row");
    }
    int columns = rows[0].length;
    double[] data = new double[rows.length * columns];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != columns) {
        throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, row 0 has " + columns);
      }
      System.arraycopy(rows[r], 0, data, r * columns, columns);
    }
    return new Tensor(new long[] {rows.length, columns}, data);
  }

  /** A tensor of floats (from a weights file or a generated kernel), widened exactly. */
  public static Tensor fromFloats(long[] shape, float[] values) {
    double[] data = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      data[i] = values[i];
    }
    return new Tensor(shape, data);
  }

  /** A tensor of zeros. */
  public static Tensor zeros(long... shape) {
    return new Tensor(shape, new double[Math.toIntExact(Shapes.count(shape))]);
  }

  /** A copy of the shape. */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** A copy of the elements, row-major. */
  @Override
  public double[] data() {
    return data.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** The number of elements. */
  public int size() {
    return data.length;
  }

  /** The size of axis {@code axis}, counting from the end when negative. */
  public long dim(int axis) {
    return shape[axis < 0 ? shape.length + axis : axis];
  }

  /** The element at row-major position {@code flat}. */
  public double at(int flat) {
    return data[flat];
  }

  /**
   * The element at a full index, one position per axis.
   *
   * @throws IndexOutOfBoundsException if the index has the wrong length or a position is out of range
   */
  public double get(long... index) {
    if (index.length != shape.length) {
      throw new IndexOutOfBoundsException(
          "index of " + index.length + " positions for a tensor of rank " + shape.length);
    }
    long flat = 0;
    for (int axis = 0; axis < shape.length; axis++) {
      if (index[axis] < 0 || index[axis] >= shape[axis]) {
        throw new IndexOutOfBoundsException(
            "position " + index[axis] + " on axis " + axis + " of size " + shape[axis]);
      }
      flat = flat * shape[axis] + index[axis];
    }
    return data[(int) flat];
  }

  /** The value of a rank-0 tensor, or of any tensor with a single element. */
  public double item() {
    if (data.length != 1) {
      throw new IllegalStateException("a tensor of shape " + shapeText() + " is not a single value");
    }
    return data[0];
  }

  /** The elements rounded to float, row-major: what an f32 network computes with. */
  public float[] toFloats() {
    float[] out = new float[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = (float) data[i];
    }
    return out;
  }

  /** The same elements with another shape of the same element count. */
  public Tensor reshape(long... newShape) {
    return new Tensor(newShape, data);
  }

  /** The shape as {@code [2, 3]}; {@code []} for a scalar. */
  public String shapeText() {
    return Shapes.text(shape);
  }

  /** Equal shapes and bit-for-bit equal elements; tolerant comparisons belong to tests. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  /** The shape and up to the first 16 elements. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Tensor").append(shapeText()).append(' ');
    int shown = Math.min(data.length, 16);
    sb.append(Arrays.toString(Arrays.copyOf(data, shown)));
    if (shown < data.length) {
      sb.insert(sb.length() - 1, ", ... (" + data.length + " in all)");
    }
    return sb.toString();
  }
}
