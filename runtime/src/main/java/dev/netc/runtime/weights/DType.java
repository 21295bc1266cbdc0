package dev.netc.runtime.weights;

import java.util.Optional;

/**
 * The element types netc reads from weight files. Every one of them is read as {@code float}: F16
 * and BF16 widen exactly, F64 narrows by rounding to nearest (as NumPy's {@code astype(np.float32)}
 * does).
 *
 * <p>A file that holds any other element type (integers, booleans, 8-bit floats) is rejected with a
 * {@link WeightFileException} naming the tensor and the type it found.
 */
public enum DType {
  /** IEEE 754 binary32. */
  F32(4, "F32", "<f4"),
  /** IEEE 754 binary16 (half precision). */
  F16(2, "F16", "<f2"),
  /** bfloat16: the upper 16 bits of an IEEE 754 binary32. NumPy has no such type. */
  BF16(2, "BF16", null),
  /** IEEE 754 binary64. */
  F64(8, "F64", "<f8");

  private final int byteSize;
  private final String safetensorsName;
  private final String numpyDescr;

  DType(int byteSize, String safetensorsName, String numpyDescr) {
    this.byteSize = byteSize;
    this.safetensorsName = safetensorsName;
    this.numpyDescr = numpyDescr;
  }

  /** Bytes per element: 4, 2, 2 or 8. */
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

  /** The type a safetensors header names {@code name}, if netc supports it. Case-sensitive. */
  public static Optional<DType> fromSafetensorsName(String name) {
    for (DType t : values()) {
      if (t.safetensorsName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * The type a {@code .npy} header describes as {@code descr}, if netc supports it. Only the
   * explicit little-endian forms {@code "<f4"}, {@code "<f8"} and {@code "<f2"} are accepted: NumPy
   * always writes those for floats on any machine, so anything else is big-endian or not a float.
   */
  public static Optional<DType> fromNumpyDescr(String descr) {
    for (DType t : values()) {
      if (descr.equals(t.numpyDescr)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** For messages: {@code F32, F16, BF16 and F64}. */
  static String supportedSafetensorsNames() {
    return "F32, F16, BF16 and F64";
  }

  /** For messages: {@code '<f4', '<f8' and '<f2'}. */
  static String supportedNumpyDescrs() {
    return "'<f4', '<f8' and '<f2'";
  }
}
