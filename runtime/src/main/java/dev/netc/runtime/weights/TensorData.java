package dev.netc.runtime.weights;

import dev.netc.runtime.DType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A Java array the writers store as a tensor's data, with the element type it is stored as. The
 * arrays are not copied: a writer holds them until it writes.
 */
sealed interface TensorData {
  /** Bytes per chunk written: bounded, whatever the tensor's size, and a multiple of 8. */
  int CHUNK_BYTES = 1 << 16;

  /** The element type in the file. */
  DType dtype();

  /** The number of elements. */
  int length();

  /** Copies {@code count} elements from {@code from} on into {@code chunk}, little-endian. */
  void put(ByteBuffer chunk, int from, int count);

  /**
   * This data as a tensor named {@code name} with {@code shape}.
   *
   * @param prefix what starts a message, such as {@code tensor "w": }, or nothing
   * @throws IllegalArgumentException if a dimension is negative or the shape's element count is
   *     not the data's
   */
  default TensorInfo shaped(String name, long[] shape, String prefix) {
    TensorInfo info = TensorInfo.of(name, dtype(), shape);
    if (info.elementCount() != length()) {
      throw new IllegalArgumentException(
          prefix
              + "shape "
              + info.shapeString()
              + " has "
              + info.elementCount()
              + " elements but the data has "
              + length());
    }
    return info;
  }

  /** Writes the elements to {@code out}, little-endian, in bounded chunks. */
  default void writeTo(OutputStream out) throws IOException {
    int size = dtype().byteSize();
    int perChunk = CHUNK_BYTES / size;
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int from = 0; from < length(); from += perChunk) {
      int n = Math.min(perChunk, length() - from);
      chunk.clear();
      put(chunk, from, n);
      out.write(chunk.array(), 0, n * size);
    }
  }

  /** F32. */
  record Floats(float[] values) implements TensorData {
    public Floats {
      Objects.requireNonNull(values, "data");
    }

    @Override
    public DType dtype() {
      return DType.F32;
    }

    @Override
    public int length() {
      return values.length;
    }

    @Override
    public void put(ByteBuffer chunk, int from, int count) {
      chunk.asFloatBuffer().put(values, from, count);
    }
  }

  /** I64. */
  record Longs(long[] values) implements TensorData {
    public Longs {
      Objects.requireNonNull(values, "data");
    }

    @Override
    public DType dtype() {
      return DType.I64;
    }

    @Override
    public int length() {
      return values.length;
    }

    @Override
    public void put(ByteBuffer chunk, int from, int count) {
      chunk.asLongBuffer().put(values, from, count);
    }
  }

  /** I32. */
  record Ints(int[] values) implements TensorData {
    public Ints {
      Objects.requireNonNull(values, "data");
    }

    @Override
    public DType dtype() {
      return DType.I32;
    }

    @Override
    public int length() {
      return values.length;
    }

    @Override
    public void put(ByteBuffer chunk, int from, int count) {
      chunk.asIntBuffer().put(values, from, count);
    }
  }

  /** I8. */
  record Bytes(byte[] values) implements TensorData {
    public Bytes {
      Objects.requireNonNull(values, "data");
    }

    @Override
    public DType dtype() {
      return DType.I8;
    }

    @Override
    public int length() {
      return values.length;
    }

    @Override
    public void put(ByteBuffer chunk, int from, int count) {
      chunk.put(values, from, count);
    }
  }

  /** BF16, as the bits of each value. */
  record Bfloat16(short[] bits) implements TensorData {
    public Bfloat16 {
      Objects.requireNonNull(bits, "data");
    }

    @Override
    public DType dtype() {
      return DType.BF16;
    }

    @Override
    public int length() {
      return bits.length;
    }

    @Override
    public void put(ByteBuffer chunk, int from, int count) {
      chunk.asShortBuffer().put(bits, from, count);
    }
  }
}
