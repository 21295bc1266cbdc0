package dev.netc.compiler.plan;

import dev.netc.runtime.DType;

/**
 * Where a step finds an array it reads or writes, from its first element: a caller's array at
 * the offset the caller gave, a field, a scratch buffer, or a constant.
 */
public sealed interface Value {
  DType dtype();

  /** An input of {@code forward}: the caller's array, from its offset parameter. */
  record Input(String variable, String offset, DType dtype) implements Value {}

  /** An output of {@code forward}, written straight into the caller's array from its offset. */
  record Output(String variable, String offset, DType dtype) implements Value {}

  /** A field of the instance: a parameter as loaded. */
  record Field(WeightField field) implements Value {
    @Override
    public DType dtype() {
      return field.dtype();
    }
  }

  /** A scratch buffer of the workspace. */
  record Scratch(Buffer buffer) implements Value {
    @Override
    public DType dtype() {
      return buffer.dtype();
    }
  }

  /** A scalar constant: a static field of one element. */
  record Constant(String field, double value, DType dtype) implements Value {}
}
