package dev.netc.runtime.weights;

import dev.netc.runtime.DType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a tensor's little-endian data in fixed-size chunks and converts it to {@code float}.
 *
 * <p>F16 and BF16 widen exactly (subnormals, infinities, signed zeros and NaN included); F64
 * narrows with round-to-nearest-even, as a Java cast and NumPy's {@code astype} do.
 */
final class FloatDecoder {
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

  private FloatDecoder() {}

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
   * Reads all of {@code info}'s elements from {@code source}.
   *
   * @param sizeVerified true when the source is known to hold the data (a plain file whose size was
   *     checked), so that the whole array can be allocated up front; false for a compressed stream,
   *     whose declared size may lie, so that memory grows only with data actually read
   */
  static float[] read(ByteSource source, TensorInfo info, boolean sizeVerified, Path file)
      throws IOException {
    long count = info.elementCount();
    if (count > MAX_ARRAY_LENGTH) {
      // Readers reject such tensors when opening; this guards against a reader that forgot.
      throw new WeightFileException(
          file, info.name(), count + " elements do not fit in a Java array");
    }
    int elements = (int) count;
    int size = info.dtype().byteSize();
    long totalBytes = count * size;
    float[] out = new float[sizeVerified ? elements : Math.min(elements, INITIAL_CAPACITY)];
    ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    long bytesRead = 0;
    int filled = 0;
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
                      bytesRead + buf.position(), totalBytes, info.shapeString(), info.dtype().safetensorsName()));
        }
      }
      buf.flip();
      bytesRead += buf.remaining();
      int k = buf.remaining() / size;
      if (filled + k > out.length) {
        long grown = Math.max((long) filled + k, 2L * out.length);
        out = Arrays.copyOf(out, (int) Math.min(elements, grown));
      }
      decode(buf, info.dtype(), out, filled, k);
      filled += k;
    }
    return out;
  }

  private static void decode(ByteBuffer buf, DType dtype, float[] out, int offset, int count) {
    switch (dtype) {
      case F32 -> buf.asFloatBuffer().get(out, offset, count);
      case F64 -> {
        for (int i = 0; i < count; i++) {
          out[offset + i] = (float) buf.getDouble();
        }
      }
      case F16 -> {
        for (int i = 0; i < count; i++) {
          out[offset + i] = float16ToFloat(buf.getShort());
        }
      }
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          out[offset + i] = bfloat16ToFloat(buf.getShort());
        }
      }
      case I64, I32, I8 -> throw new IllegalStateException(dtype + " is not a floating-point type");
    }
  }

  /**
   * Widens IEEE 754 binary16 exactly. Written out rather than left to {@code Float.float16ToFloat},
   * which sets the quiet bit of signaling NaNs; this keeps every bit of the payload, as NumPy's
   * {@code astype(np.float32)} does, so that values match NumPy's bit for bit.
   */
  static float float16ToFloat(short half) {
    int bits = half & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1F;
    int significand = bits & 0x3FF;
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F80_0000 | significand << 13); // infinity or NaN
    }
    if (exponent != 0) {
      // Rebias the exponent from 15 to 127; the significand gains 13 trailing zero bits.
      return Float.intBitsToFloat(sign | (exponent + 112) << 23 | significand << 13);
    }
    // Zero or subnormal: significand × 2^-24, exact in a float.
    float magnitude = significand * 0x1p-24f;
    return Float.intBitsToFloat(sign | Float.floatToRawIntBits(magnitude));
  }

  /** bfloat16 is the top half of a binary32, so widening is a shift. */
  static float bfloat16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }
}
