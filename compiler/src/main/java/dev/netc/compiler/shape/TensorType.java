package dev.netc.compiler.shape;

import dev.netc.runtime.DType;

/**
 * The static type of a value: element type and shape. {@link #UNKNOWN} is
 * the type of anything whose checking already failed; every rule accepts it
 * silently and yields it again, so one mistake gives one diagnostic.
 */
public record TensorType(DType dtype, Shape shape) {
  public static final TensorType UNKNOWN = new TensorType(DType.F32, null);

  public static TensorType f32(Shape shape) {
    return new TensorType(DType.F32, shape);
  }

  public boolean isUnknown() {
    return shape == null;
  }

  public int rank() {
    return shape.rank();
  }

  @Override
  public String toString() {
    return isUnknown() ? "?" : dtype + shape.toString();
  }
}
