package dev.netc.runtime;

import java.util.Optional;

/**
 * Element types: of a spec's tensors ({@code f32[N, 784]}), of the values the IR computes, of
 * the arrays generated code passes around, and of the tensors a weight file stores. One enum for
 * all of them, so the compiler, the readers and generated code can never disagree on a name or a
 * size.
 *
 * <p>Which types a spec may declare, and which a kernel computes in, is the compiler's policy,
 * not this type's: it only names them, with their spellings in the language, in safetensors
 * headers and in NumPy's {@code descr}.
 */
public enum DType {
  /** IEEE 754 binary32: what every kernel computes in. */
  F32("f32", 4, "F32", "<f4", true),
  /** IEEE 754 binary16 (half precision), a storage type. */
  F16("f16", 2, "F16", "<f2", true),
  /** bfloat16: the upper 16 bits of an IEEE 754 binary32, a storage type. NumPy has no such type. */
  BF16("bf16", 2, "BF16", null, true),
  /** IEEE 754 binary64, a storage type of weight files. */
  F64("f64", 8, "F64", "<f8", true),
  /** Signed 64-bit integers: token ids as PyTorch and ONNX give them. */
  I64("i64", 8, "I64", "<i8", false),
  /** Signed 32-bit integers: ids and positions. */
  I32("i32", 4, "I32", "<i4", false),
  /** Signed 8-bit integers: quantized weights. */
  I8("i8", 1, "I8", "|i1", false);

  private final String spelling;
  private final int byteSize;
  private final String safetensorsName;
  private final String numpyDescr;
  private final boolean floatingPoint;

  DType(String spelling, int byteSize, String safetensorsName, String numpyDescr, boolean floatingPoint) {
    this.spelling = spelling;
    this.byteSize = byteSize;
    this.safetensorsName = safetensorsName;
    this.numpyDescr = numpyDescr;
    this.floatingPoint = floatingPoint;
  }

  /** How a spec writes this type: {@code f32}, {@code i64}. */
  public String spelling() {
    return spelling;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** The name safetensors headers use for this type, such as {@code "F32"}. */
  public String safetensorsName() {
    return safetensorsName;
  }

  /**
   * The little-endian NumPy type string for this type, such as {@code "<f4"}; empty for {@link
   * #BF16}, which NumPy cannot store.
   */
  public Optional<String> numpyDescr() {
    return Optional.ofNullable(numpyDescr);
  }

  /** Whether this is a floating-point type (read as {@code float}); otherwise a signed integer type. */
  public boolean isFloatingPoint() {
    return floatingPoint;
  }

  /** The type a spec spells {@code text} ({@code f32}), if any. */
  public static Optional<DType> parse(String text) {
    for (DType t : values()) {
      if (t.spelling.equals(text)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The type a safetensors header names {@code name}, if any. Case-sensitive. */
  public static Optional<DType> fromSafetensorsName(String name) {
    for (DType t : values()) {
      if (t.safetensorsName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * The type a {@code .npy} header describes as {@code descr}, if any. Only the explicit
   * little-endian forms ({@code "<f4"}, {@code "<i8"}, ...) and {@code "|i1"} are accepted: NumPy
   * writes those on any machine, so anything else is big-endian or another kind of value.
   */
  public static Optional<DType> fromNumpyDescr(String descr) {
    for (DType t : values()) {
      if (descr.equals(t.numpyDescr)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The spelling, as a spec writes it: {@code f32}. */
  @Override
  public String toString() {
    return spelling;
  }
}
