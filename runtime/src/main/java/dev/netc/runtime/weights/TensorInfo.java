package dev.netc.runtime.weights;

import dev.netc.runtime.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a weight file declares about one tensor: its name, element type and shape. Obtaining one
 * never reads the tensor's data.
 *
 * <p>The shape is row-major (C order), outermost dimension first; an empty shape is a scalar with
 * one element. Every dimension is non-negative and the byte size fits in a {@code long}.
 *
 * @param name the tensor's name in the file (for a lone {@code .npy}, the file name without
 *     extension)
 * @param dtype the element type stored in the file
 * @param shape the dimensions, outermost first; unmodifiable
 */
public record TensorInfo(String name, DType dtype, List<Long> shape) {

  /**
   * @throws IllegalArgumentException if a dimension is negative or the byte size overflows a {@code
   *     long}
   */
  public TensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    shape = List.copyOf(shape);
    long[] dims = toArray(shape);
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "tensor \"" + name + "\": shape " + shapeString(dims) + " has a negative dimension");
      }
    }
    try {
      Math.multiplyExact(checkedElementCount(dims), dtype.byteSize());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "tensor \"" + name + "\": shape " + shapeString(dims) + " overflows a 64-bit byte size");
    }
  }

  /** A tensor of {@code dtype} with the given dimensions, outermost first. */
  public static TensorInfo of(String name, DType dtype, long... shape) {
    List<Long> dims = new ArrayList<>(shape.length);
    for (long d : shape) {
      dims.add(d);
    }
    return new TensorInfo(name, dtype, dims);
  }

  /** The number of dimensions; 0 for a scalar. */
  public int rank() {
    return shape.size();
  }

  /** The size of dimension {@code axis}, 0 being the outermost. */
  public long dim(int axis) {
    return shape.get(axis);
  }

  /** A fresh copy of the shape as an array. */
  public long[] shapeArray() {
    return toArray(shape);
  }

  /** The product of the dimensions; 1 for a scalar, 0 when any dimension is 0. */
  public long elementCount() {
    return checkedElementCount(toArray(shape));
  }

  /** The size of the tensor's data in the file: element count times element size. */
  public long byteSize() {
    return elementCount() * dtype.byteSize();
  }

  /** The shape as written in messages, such as {@code [784, 128]}; {@code []} for a scalar. */
  public String shapeString() {
    return shape.toString();
  }

  /** Such as {@code fc1.weight: F32[784, 128]}. */
  @Override
  public String toString() {
    return name + ": " + dtype.safetensorsName() + shapeString();
  }

  /** Formats a shape the way {@link #shapeString()} does, for shapes not yet validated. */
  static String shapeString(long[] shape) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.append(']').toString();
  }

  /**
   * The product of non-negative dimensions.
   *
   * @throws ArithmeticException if it does not fit in a {@code long}
   */
  static long checkedElementCount(long[] shape) {
    for (long d : shape) {
      if (d == 0) {
        return 0; // an empty tensor is empty however large its other dimensions are
      }
    }
    long count = 1;
    for (long d : shape) {
      count = Math.multiplyExact(count, d);
    }
    return count;
  }

  private static long[] toArray(List<Long> shape) {
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i);
    }
    return dims;
  }
}
