package dev.netc.runtime.weights;

import dev.netc.runtime.DType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads a tensor's data in fixed-size chunks into the array of a {@link TypedRead}, which converts
 * each chunk; the chunking, the bounds, the byte order, the growth of the array and the turn of
 * column-major data into row-major are the same for every type and live here.
 */
final class TensorDecoder {
  /** The largest array length every common JVM allocates. */
  static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  /** A multiple of every element size, so a full chunk never splits an element. */
  private static final int CHUNK_BYTES = 1 << 16;

  /** Where an unverified source starts; the array grows only as data actually arrives. */
  private static final int INITIAL_CAPACITY = 1 << 16;

  /** A sequence of bytes; {@code read} returns the count read, or -1 at the end. */
  @FunctionalInterface
  interface ByteSource {
    int read(ByteBuffer dst) throws IOException;
  }

  /**
   * A tensor's elements as read, complete: {@code misfitIndex} is the row-major index of the first
   * element that does not fit the read's type (whose slot holds a meaningless value), or -1, and
   * {@code misfitValue} that element as stored.
   */
  record Decoded<A>(A values, long misfitIndex, long misfitValue) {}

  private TensorDecoder() {}

  /** The bytes of {@code channel} from {@code offset} on, read with positional reads. */
  static ByteSource source(FileChannel channel, long offset) {
    return new ByteSource() {
      private long position = offset;

      @Override
      public int read(ByteBuffer dst) throws IOException {
        // Positional reads leave the channel's own position alone, so several tensors can be
        // read at once from different threads.
        int n = channel.read(dst, position);
        if (n > 0) {
          position += n;
        }
        return n;
      }
    };
  }

  /** The bytes of {@code in}. */
  static ByteSource source(InputStream in) {
    return dst -> {
      int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
      if (n > 0) {
        dst.position(dst.position() + n);
      }
      return n;
    };
  }

  /**
   * Reads all of {@code entry}'s elements from {@code source} with {@code read}, which must accept
   * their type, and returns them row-major whatever order they are stored in. Elements that do not fit the read's type are reported in the result, not thrown, so
   * that a caller can first check the whole entry (its length and checksum): a damaged file should
   * be reported as damaged, not as holding a value out of range.
   *
   * @param sizeVerified true when the source is known to hold the data (a plain file whose size was
   *     checked), so that the whole array can be allocated up front; false for a compressed stream,
   *     whose declared size may lie, so that memory grows only with data actually read
   */
  static <A> Decoded<A> read(
      ByteSource source, TensorEntry entry, boolean sizeVerified, Path file, TypedRead<A> read)
      throws IOException {
    TensorInfo info = entry.info();
    long count = info.elementCount();
    if (count > MAX_ARRAY_LENGTH) {
      // Readers reject such tensors when opening; this guards against a reader that forgot.
      throw new WeightFileException(
          file, info.name(), count + " elements do not fit in a Java array");
    }
    int elements = (int) count;
    DType dtype = info.dtype();
    int size = dtype.byteSize();
    long totalBytes = count * size;
    int capacity = sizeVerified ? elements : Math.min(elements, INITIAL_CAPACITY);
    A out = read.allocate(capacity);
    ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(entry.byteOrder());
    long bytesRead = 0;
    int filled = 0;
    long misfitIndex = -1;
    long misfitValue = 0;
    while (filled < elements) {
      buf.clear().limit((int) Math.min(CHUNK_BYTES, totalBytes - bytesRead));
      while (buf.hasRemaining()) {
        // Neither a file channel nor a stream returns 0 for a non-empty buffer, so treating
        // <= 0 as the end keeps this loop finite whatever the source does.
        if (source.read(buf) <= 0) {
          throw new WeightFileException(
              file,
              info.name(),
              "data ends after %d of the %d bytes that shape %s of %s needs"
                  .formatted(
                      bytesRead + buf.position(), totalBytes, info.shapeString(), dtype.safetensorsName()));
        }
      }
      buf.flip();
      bytesRead += buf.remaining();
      int k = buf.remaining() / size;
      if (filled + k > capacity) {
        capacity = (int) Math.min(elements, Math.max((long) filled + k, 2L * capacity));
        out = read.copyOf(out, capacity);
      }
      int misfit = read.convert(buf, dtype, out, filled, k);
      if (misfit >= 0 && misfitIndex < 0) {
        misfitIndex = filled + misfit;
        misfitValue = integerAt(buf, misfit, dtype);
      }
      filled += k;
    }
    if (entry.columnMajor() && info.rank() > 1) {
      long[] shape = info.shapeArray();
      return new Decoded<>(
          toRowMajor(out, shape),
          misfitIndex < 0 ? -1 : rowMajorIndex(misfitIndex, shape),
          misfitValue);
    }
    return new Decoded<>(out, misfitIndex, misfitValue);
  }

  /**
   * The elements of {@code columnMajor}, a primitive array of {@code shape}'s elements stored first
   * dimension fastest, in a new array of the same type, last dimension fastest. Walks the output in
   * order with a running input index: the stride of dimension {@code d} in the input is the product
   * of the dimensions before it.
   */
  static <A> A toRowMajor(A columnMajor, long[] shape) {
    int rank = shape.length;
    int length = java.lang.reflect.Array.getLength(columnMajor);
    @SuppressWarnings("unchecked")
    A rowMajor = (A) java.lang.reflect.Array.newInstance(columnMajor.getClass().componentType(), length);
    long[] stride = new long[rank];
    long s = 1;
    for (int d = 0; d < rank; d++) {
      stride[d] = s;
      s *= shape[d];
    }
    long[] at = new long[rank];
    long from = 0;
    for (int to = 0; to < length; to++) {
      System.arraycopy(columnMajor, (int) from, rowMajor, to, 1);
      // The next row-major position: the last dimension moves first and carries into the others.
      for (int d = rank - 1; d >= 0; d--) {
        if (++at[d] < shape[d]) {
          from += stride[d];
          break;
        }
        at[d] = 0;
        from -= stride[d] * (shape[d] - 1);
      }
    }
    return rowMajor;
  }

  /** The row-major flat index of the element at column-major flat index {@code index} of {@code shape}. */
  static long rowMajorIndex(long index, long[] shape) {
    long rowMajor = 0;
    long rest = index;
    long stride = 1;
    long[] at = new long[shape.length];
    for (int d = 0; d < shape.length; d++) {
      at[d] = rest % shape[d];
      rest /= shape[d];
    }
    for (int d = shape.length - 1; d >= 0; d--) {
      rowMajor += at[d] * stride;
      stride *= shape[d];
    }
    return rowMajor;
  }

  /** Element {@code index} of a chunk of integers; only integers can fail to fit. */
  private static long integerAt(ByteBuffer chunk, int index, DType dtype) {
    return switch (dtype) {
      case I64 -> chunk.getLong(index * Long.BYTES);
      case I32 -> chunk.getInt(index * Integer.BYTES);
      case I8 -> chunk.get(index);
      case F32, F16, BF16, F64 ->
          throw new IllegalStateException(dtype + " values are rounded, so they always fit");
    };
  }
}
