package dev.netc.runtime.weights;

import dev.netc.runtime.DType;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a float array as a NumPy {@code .npy} file of type {@code '<f4'} in C order, for tests and
 * tools.
 *
 * <p>The bytes are those {@code np.save} writes for the same array: a version 1.0 header (2.0 only
 * when the header outgrows 64 KiB) whose dict is padded so that the data starts at a multiple of 64
 * bytes.
 */
public final class NpyWriter {
  /** NumPy aligns the start of the data to this many bytes. */
  private static final int ARRAY_ALIGN = 64;

  /** NumPy leaves room for the growth axis to reach this many digits. */
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;

  private static final int CHUNK_FLOATS = 1 << 14;

  private NpyWriter() {}

  /**
   * Writes {@code data} with the given shape to {@code file}, replacing any existing one.
   *
   * @param shape the dimensions, outermost first; none for a scalar
   * @throws IllegalArgumentException if a dimension is negative or the shape's element count is not
   *     {@code data.length}
   */
  public static void write(Path file, float[] data, long... shape) throws IOException {
    checkShape(data, shape); // before creating the file, so that bad input leaves no debris
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      writeTo(out, data, shape);
    }
  }

  /**
   * Writes the {@code .npy} bytes to {@code out}, leaving it open.
   *
   * @throws IllegalArgumentException as {@link #write} does
   */
  public static void writeTo(OutputStream out, float[] data, long... shape) throws IOException {
    checkShape(data, shape);
    out.write(header(shape));
    ByteBuffer chunk =
        ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int from = 0; from < data.length; from += CHUNK_FLOATS) {
      int n = Math.min(CHUNK_FLOATS, data.length - from);
      chunk.clear();
      chunk.asFloatBuffer().put(data, from, n);
      out.write(chunk.array(), 0, n * Float.BYTES);
    }
  }

  /**
   * The {@code .npy} bytes in memory.
   *
   * @throws IllegalArgumentException as {@link #write} does
   */
  public static byte[] toBytes(float[] data, long... shape) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeTo(out, data, shape);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail this way
    }
    return out.toByteArray();
  }

  private static void checkShape(float[] data, long[] shape) {
    Objects.requireNonNull(data, "data");
    TensorInfo info = TensorInfo.of("array", DType.F32, shape);
    if (info.elementCount() != data.length) {
      throw new IllegalArgumentException(
          "shape "
              + info.shapeString()
              + " has "
              + info.elementCount()
              + " elements but the data has "
              + data.length);
    }
  }

  /** Magic, version, length and dict, exactly as NumPy's {@code _write_array_header} makes them. */
  static byte[] header(long[] shape) {
    StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (");
    for (int i = 0; i < shape.length; i++) {
      dict.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    dict.append(shape.length == 1 ? ",), }" : "), }");
    if (shape.length > 0) {
      dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length()));
    }
    int dictLength = dict.length() + 1; // with the closing newline
    int lengthFieldBytes = 2;
    int padding = padding(dictLength, lengthFieldBytes);
    if (dictLength + padding > 0xFFFF) {
      lengthFieldBytes = 4; // version 2.0
      padding = padding(dictLength, lengthFieldBytes);
    }
    int headerLength = dictLength + padding;
    ByteBuffer buf =
        ByteBuffer.allocate(NpyHeader.MAGIC.length + 2 + lengthFieldBytes + headerLength)
            .order(ByteOrder.LITTLE_ENDIAN);
    buf.put(NpyHeader.MAGIC).put((byte) (lengthFieldBytes == 2 ? 1 : 2)).put((byte) 0);
    if (lengthFieldBytes == 2) {
      buf.putShort((short) headerLength);
    } else {
      buf.putInt(headerLength);
    }
    buf.put(dict.toString().getBytes(StandardCharsets.ISO_8859_1));
    buf.put(" ".repeat(padding).getBytes(StandardCharsets.ISO_8859_1)).put((byte) '\n');
    return buf.array();
  }

  /** Spaces that bring magic, version, length field and dict to a multiple of 64 bytes. */
  private static int padding(int dictLength, int lengthFieldBytes) {
    // As in NumPy, an already aligned header still gets a full 64 bytes of padding.
    return ARRAY_ALIGN - (NpyHeader.MAGIC.length + 2 + lengthFieldBytes + dictLength) % ARRAY_ALIGN;
  }
}
