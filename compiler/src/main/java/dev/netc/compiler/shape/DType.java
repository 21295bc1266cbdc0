package dev.netc.compiler.shape;

import java.util.Optional;

/**
 * Element types. Only {@code f32} is supported end to end today; the others
 * parse, so that a spec that names them gets a precise "not supported yet"
 * rather than a syntax error, and so that adding them later changes no syntax.
 */
public enum DType {
  F32("f32", true),
  F16("f16", false),
  BF16("bf16", false),
  I8("i8", false);

  private final String spelling;
  private final boolean supported;

  DType(String spelling, boolean supported) {
    this.spelling = spelling;
    this.supported = supported;
  }

  public String spelling() {
    return spelling;
  }

  public boolean supported() {
    return supported;
  }

  public static Optional<DType> parse(String text) {
    for (DType t : values()) {
      if (t.spelling.equals(text)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return spelling;
  }
}
