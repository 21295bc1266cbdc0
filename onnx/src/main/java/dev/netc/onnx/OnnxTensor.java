package dev.netc.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A constant tensor: an initializer, or the value of a {@code Constant} node or a tensor attribute.
 * Its values are checked against its shape when the file is read (the byte count of
 * {@code raw_data}, the count of a typed field, the range of external data), so the accessors
 * below never read out of bounds. External data is read when first asked for.
 *
 * @param dims the shape; empty for a scalar
 */
public record OnnxTensor(String name, OnnxDataType type, List<Long> dims, Data data) {
  public OnnxTensor {
    dims = List.copyOf(dims);
  }

  /** Where the values are. */
  public sealed interface Data {
    /** Little-endian bytes ({@code raw_data}, or an external file's range once read). */
    record Raw(ByteBuffer bytes) implements Data {}

    /** The typed fields: {@code float_data} as floats, {@code double_data} as doubles. */
    record Floats(float[] values) implements Data {}

    record Doubles(double[] values) implements Data {}

    /**
     * {@code int32_data} (which also holds int8, int16, uint8, uint16, bool, and the bits of float16
     * and bfloat16), {@code int64_data} or {@code uint64_data}, as longs.
     */
    record Longs(long[] values) implements Data {}

    /** A range of another file, next to the model. */
    record External(Path file, long offset, long length) implements Data {}
  }

  /** The number of elements (1 for a scalar). */
  public long elementCount() {
    return count(dims);
  }

  static long count(List<Long> dims) {
    long n = 1;
    for (long d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** The values widened or converted to float: floats as they are, doubles rounded, integers converted. */
  public float[] toFloats() throws OnnxFormatException {
    int n = (int) elementCount();
    float[] out = new float[n];
    switch (resolved()) {
      case Data.Floats f -> System.arraycopy(f.values(), 0, out, 0, n);
      case Data.Doubles d -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) d.values()[i];
        }
      }
      case Data.Longs l -> {
        for (int i = 0; i < n; i++) {
          out[i] = switch (type) {
            case FLOAT16 -> Float.float16ToFloat((short) l.values()[i]);
            case BFLOAT16 -> Float.intBitsToFloat((int) l.values()[i] << 16);
            default -> (float) l.values()[i];
          };
        }
      }
      case Data.Raw r -> {
        ByteBuffer b = r.bytes().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
          out[i] = switch (type) {
            case FLOAT -> b.getFloat();
            case DOUBLE -> (float) b.getDouble();
            case FLOAT16 -> Float.float16ToFloat(b.getShort());
            case BFLOAT16 -> Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
            default -> (float) rawInteger(b);
          };
        }
      }
      case Data.External e -> throw new IllegalStateException("resolved() reads external data");
    }
    return out;
  }

  /** The values of an integer (or bool) tensor as longs. */
  public long[] toLongs() throws OnnxFormatException {
    if (!type.isInteger()) {
      throw new OnnxFormatException("tensor '" + name + "' is " + type.spelling() + ", not an integer tensor");
    }
    int n = (int) elementCount();
    return switch (resolved()) {
      case Data.Longs l -> java.util.Arrays.copyOf(l.values(), n);
      case Data.Raw r -> {
        ByteBuffer b = r.bytes().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
          out[i] = rawInteger(b);
        }
        yield out;
      }
      default -> throw new OnnxFormatException("tensor '" + name + "' holds its " + type.spelling()
          + " values in a field for floating point numbers");
    };
  }

  private long rawInteger(ByteBuffer b) {
    return switch (type) {
      case INT8 -> b.get();
      case UINT8, BOOL -> b.get() & 0xFF;
      case INT16 -> b.getShort();
      case UINT16 -> b.getShort() & 0xFFFF;
      case INT32 -> b.getInt();
      case UINT32 -> b.getInt() & 0xFFFF_FFFFL;
      case INT64, UINT64 -> b.getLong();
      default -> throw new IllegalStateException(type + " is not an integer type");
    };
  }

  /** The data, with external data read from its file. */
  private Data resolved() throws OnnxFormatException {
    if (!(data instanceof Data.External e)) {
      return data;
    }
    try (FileChannel ch = FileChannel.open(e.file(), StandardOpenOption.READ)) {
      if (e.offset() + e.length() > ch.size()) {
        throw new OnnxFormatException("tensor '" + name + "': its external data, " + e.length() + " bytes at offset "
            + e.offset() + " of " + e.file() + ", runs past the end of that file (" + ch.size() + " bytes)");
      }
      ByteBuffer b = ByteBuffer.allocate((int) e.length());
      while (b.hasRemaining()) {
        if (ch.read(b, e.offset() + b.position()) < 0) {
          throw new OnnxFormatException("tensor '" + name + "': " + e.file() + " ended while reading its external data");
        }
      }
      return new Data.Raw(b.flip());
    } catch (OnnxFormatException ex) {
      throw ex;
    } catch (IOException ex) {
      throw new OnnxFormatException("tensor '" + name + "': cannot read its external data from " + e.file() + ": "
          + ex.getMessage(), ex);
    }
  }
}
