package dev.netc.onnx;

import java.util.Optional;

/** ONNX's {@code TensorProto.DataType}: the element types a tensor or a value may have. */
public enum OnnxDataType {
  UNDEFINED(0, 0),
  FLOAT(1, 4),
  UINT8(2, 1),
  INT8(3, 1),
  UINT16(4, 2),
  INT16(5, 2),
  INT32(6, 4),
  INT64(7, 8),
  STRING(8, 0),
  BOOL(9, 1),
  FLOAT16(10, 2),
  DOUBLE(11, 8),
  UINT32(12, 4),
  UINT64(13, 8),
  COMPLEX64(14, 8),
  COMPLEX128(15, 16),
  BFLOAT16(16, 2),
  FLOAT8E4M3FN(17, 1),
  FLOAT8E4M3FNUZ(18, 1),
  FLOAT8E5M2(19, 1),
  FLOAT8E5M2FNUZ(20, 1),
  UINT4(21, 0),
  INT4(22, 0),
  FLOAT4E2M1(23, 0);

  private final int code;
  private final int bytes;

  OnnxDataType(int code, int bytes) {
    this.code = code;
    this.bytes = bytes;
  }

  /** The type with the format's number {@code code}, if it is one. */
  public static Optional<OnnxDataType> of(int code) {
    for (OnnxDataType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  public int code() {
    return code;
  }

  /** Bytes per element in {@code raw_data}; 0 for strings and the sub-byte types. */
  public int bytes() {
    return bytes;
  }

  /** Whether values of this type are whole numbers (bool counts as one). */
  public boolean isInteger() {
    return switch (this) {
      case UINT8, INT8, UINT16, INT16, INT32, INT64, UINT32, UINT64, BOOL -> true;
      default -> false;
    };
  }

  /** Whether values of this type are floating point numbers netc can widen to f32 exactly or by rounding. */
  public boolean isFloat() {
    return this == FLOAT || this == DOUBLE || this == FLOAT16 || this == BFLOAT16;
  }

  /** The lower-case name the ONNX documentation uses: {@code float}, {@code int64}. */
  public String spelling() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
