package dev.netc.compiler.shape;

import dev.netc.runtime.DType;
import java.util.Objects;

/**
 * The static type of a value: element type and shape. {@link #UNKNOWN} is
 * the type of anything whose checking already failed; every rule accepts it
 * silently and yields it again, so one mistake gives one diagnostic.
 *
 * <p>An operation's result takes its element type from its operands ({@link #withShape}):
 * only declarations (inputs, parameters) and number literals (f32 scalars) state one.
 */
public record TensorType(DType dtype, Shape shape) {
  public static final TensorType UNKNOWN = new TensorType(DType.F32, null);

  public TensorType {
    Objects.requireNonNull(dtype);
  }

  /** An f32 tensor: the type of number literals, and of everything computed from f32 values. */
  public static TensorType f32(Shape shape) {
    return new TensorType(DType.F32, shape);
  }

  /** This element type with another shape: what reshapes, transposes and slices give. */
  public TensorType withShape(Shape other) {
    return new TensorType(dtype, other);
  }

  public boolean isUnknown() {
    return shape == null;
  }

  public int rank() {
    return shape.rank();
  }

  /** {@code f32[N, 784]}. */
  @Override
  public String toString() {
    return isUnknown() ? "?" : dtype + shape.toString();
  }
}
