package dev.netc.runtime.weights;

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

/**
 * Writes an array as a NumPy {@code .npy} file in C order, for tests and tools: a {@code float[]}
 * as {@code '<f4'}, a {@code long[]} as {@code '<i8'}, an {@code int[]} as {@code '<i4'} and a
 * {@code byte[]} as {@code '|i1'}. NumPy has no bfloat16.
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

  private NpyWriter() {}

  /**
   * Writes {@code data} with the given shape to {@code file}, replacing any existing one.
   *
   * @param shape the dimensions, outermost first; none for a scalar
   * @throws IllegalArgumentException if a dimension is negative or the shape's element count is not
   *     {@code data.length}
   */
  public static void write(Path file, float[] data, long... shape) throws IOException {
    write(file, new TensorData.Floats(data), shape);
  }

  /** Writes an int64 array as {@link #write(Path, float[], long...)} writes a float32 one. */
  public static void write(Path file, long[] data, long... shape) throws IOException {
    write(file, new TensorData.Longs(data), shape);
  }

  /** Writes an int32 array as {@link #write(Path, float[], long...)} writes a float32 one. */
  public static void write(Path file, int[] data, long... shape) throws IOException {
    write(file, new TensorData.Ints(data), shape);
  }

  /** Writes an int8 array as {@link #write(Path, float[], long...)} writes a float32 one. */
  public static void write(Path file, byte[] data, long... shape) throws IOException {
    write(file, new TensorData.Bytes(data), shape);
  }

  /**
   * Writes the {@code .npy} bytes to {@code out}, leaving it open.
   *
   * @throws IllegalArgumentException as {@link #write(Path, float[], long...)} does
   */
  public static void writeTo(OutputStream out, float[] data, long... shape) throws IOException {
    writeTo(out, new TensorData.Floats(data), shape);
  }

  /** Writes an int64 array's bytes as {@link #writeTo(OutputStream, float[], long...)} does. */
  public static void writeTo(OutputStream out, long[] data, long... shape) throws IOException {
    writeTo(out, new TensorData.Longs(data), shape);
  }

  /** Writes an int32 array's bytes as {@link #writeTo(OutputStream, float[], long...)} does. */
  public static void writeTo(OutputStream out, int[] data, long... shape) throws IOException {
    writeTo(out, new TensorData.Ints(data), shape);
  }

  /** Writes an int8 array's bytes as {@link #writeTo(OutputStream, float[], long...)} does. */
  public static void writeTo(OutputStream out, byte[] data, long... shape) throws IOException {
    writeTo(out, new TensorData.Bytes(data), shape);
  }

  /**
   * The {@code .npy} bytes in memory.
   *
   * @throws IllegalArgumentException as {@link #write(Path, float[], long...)} does
   */
  public static byte[] toBytes(float[] data, long... shape) {
    return toBytes(new TensorData.Floats(data), shape);
  }

  /** An int64 array's {@code .npy} bytes, as {@link #toBytes(float[], long...)} makes them. */
  public static byte[] toBytes(long[] data, long... shape) {
    return toBytes(new TensorData.Longs(data), shape);
  }

  /** An int32 array's {@code .npy} bytes, as {@link #toBytes(float[], long...)} makes them. */
  public static byte[] toBytes(int[] data, long... shape) {
    return toBytes(new TensorData.Ints(data), shape);
  }

  /** An int8 array's {@code .npy} bytes, as {@link #toBytes(float[], long...)} makes them. */
  public static byte[] toBytes(byte[] data, long... shape) {
    return toBytes(new TensorData.Bytes(data), shape);
  }

  private static void write(Path file, TensorData data, long[] shape) throws IOException {
    data.shaped("array", shape, ""); // before creating the file, so that bad input leaves no debris
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      writeTo(out, data, shape);
    }
  }

  private static void writeTo(OutputStream out, TensorData data, long[] shape)
      throws IOException {
    TensorInfo info = data.shaped("array", shape, "");
    out.write(header(info));
    data.writeTo(out);
  }

  /** For {@link NpzWriter}, whose entries are built in memory. */
  static byte[] toBytes(TensorData data, long[] shape) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeTo(out, data, shape);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail this way
    }
    return out.toByteArray();
  }

  /** Magic, version, length and dict, exactly as NumPy's {@code _write_array_header} makes them. */
  private static byte[] header(TensorInfo info) {
    long[] shape = info.shapeArray();
    // Only BF16 has no descr, and no overload takes it.
    String descr = info.dtype().numpyDescr().orElseThrow();
    StringBuilder dict =
        new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (");
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
