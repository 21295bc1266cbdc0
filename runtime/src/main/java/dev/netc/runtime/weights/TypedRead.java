package dev.netc.runtime.weights;

import dev.netc.runtime.DType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * One of {@link WeightFile}'s typed reads: the Java array it fills, the stored types it takes, and
 * how it converts one chunk of them. {@link TensorDecoder} does the rest, the same for all.
 *
 * @param <A> the array type, such as {@code float[]}
 */
abstract sealed class TypedRead<A> {
  static final TypedRead<float[]> FLOATS = new Floats();
  static final TypedRead<int[]> INTS = new Ints();
  static final TypedRead<long[]> LONGS = new Longs();
  static final TypedRead<short[]> BF16 = new Bfloat16();
  static final TypedRead<byte[]> I8 = new Int8();

  private final String method;
  private final String readAs;
  private final Set<DType> accepted;
  private final String takes;

  /**
   * @param method the {@link WeightFile} method, for messages
   * @param readAs for messages: what the values become, as in "is read as int"
   * @param accepted the stored types it converts
   * @param takes for messages: the stored types it converts, in words
   */
  private TypedRead(String method, String readAs, Set<DType> accepted, String takes) {
    this.method = method;
    this.readAs = readAs;
    this.accepted = accepted;
    this.takes = takes;
  }

  /** Whether this read converts tensors stored as {@code stored}. */
  final boolean accepts(DType stored) {
    return accepted.contains(stored);
  }

  /** Why a tensor stored as {@code stored}, which this read does not take, is refused. */
  final String refusal(DType stored) {
    return "holds %s values, but is read as %s, which takes %s%s; read it with %s instead"
        .formatted(stored.safetensorsName(), readAs, takes, whyNot(stored), readFor(stored));
  }

  /** What a refusal adds, after a colon, about why this read does not convert {@code stored}. */
  String whyNot(DType stored) {
    return "";
  }

  /**
   * Why a tensor is refused whose element {@code index} (row-major) holds {@code value}, which this
   * read's type cannot hold. Only narrowing reads have such elements.
   */
  String misfit(DType stored, long index, long value) {
    throw new IllegalStateException(method + " converts every " + stored + " value");
  }

  /** A new array of {@code length} elements. */
  abstract A allocate(int length);

  /** {@code array} cut or grown to {@code length} elements. */
  abstract A copyOf(A array, int length);

  /**
   * Converts {@code count} elements of type {@code stored} from the start of {@code chunk}, in its
   * byte order (little-endian but for a big-endian .npy), into {@code out} from {@code offset} on.
   *
   * @return the index within the chunk of the first element that does not fit the array's type
   *     (its slot holds a meaningless value), or -1 when all fit
   */
  abstract int convert(ByteBuffer chunk, DType stored, A out, int offset, int count);

  /**
   * The read that fits {@code stored} values, for the advice in messages: floats for every
   * floating-point type, and for each integer type the array that holds it as stored.
   */
  private static String readFor(DType stored) {
    return switch (stored) {
      case F32, F16, BF16, F64 -> "readFloats";
      case I64 -> "readLongs";
      case I32 -> "readInts";
      case I8 -> "readI8";
    };
  }

  final IllegalStateException notAccepted(DType stored) {
    // WeightFile checks accepts() first; reaching this is a bug in the reader, not the file.
    return new IllegalStateException(method + " does not take " + stored);
  }

  /** {@code float[]}: floating-point types, F16 and BF16 widened exactly, F64 rounded. */
  private static final class Floats extends TypedRead<float[]> {
    Floats() {
      super(
          "readFloats",
          "floating point",
          EnumSet.of(DType.F32, DType.F16, DType.BF16, DType.F64),
          "F32, F16, BF16 and F64");
    }

    @Override
    float[] allocate(int length) {
      return new float[length];
    }

    @Override
    float[] copyOf(float[] array, int length) {
      return Arrays.copyOf(array, length);
    }

    @Override
    int convert(ByteBuffer chunk, DType stored, float[] out, int offset, int count) {
      switch (stored) {
        case F32 -> chunk.asFloatBuffer().get(out, offset, count);
        case F64 -> {
          // Round to nearest even, as a Java cast and NumPy's astype do.
          for (int i = 0; i < count; i++) {
            out[offset + i] = (float) chunk.getDouble();
          }
        }
        case F16 -> {
          for (int i = 0; i < count; i++) {
            out[offset + i] = HalfPrecision.float16ToFloat(chunk.getShort());
          }
        }
        case BF16 -> {
          for (int i = 0; i < count; i++) {
            out[offset + i] = HalfPrecision.bfloat16ToFloat(chunk.getShort());
          }
        }
        case I64, I32, I8 -> throw notAccepted(stored);
      }
      return -1;
    }
  }

  /** {@code int[]}: I32 as stored, I8 widened, I64 narrowed when every value fits. */
  private static final class Ints extends TypedRead<int[]> {
    Ints() {
      super(
          "readInts",
          "int",
          EnumSet.of(DType.I32, DType.I8, DType.I64),
          "I32, I8, and I64 within an int's range");
    }

    @Override
    String misfit(DType stored, long index, long value) {
      return "is read as int, but its %s element at flat index %d is %d, beyond an int's range"
              .formatted(stored.safetensorsName(), index, value)
          + " [%d, %d]; read it with readLongs instead"
              .formatted(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    @Override
    int[] allocate(int length) {
      return new int[length];
    }

    @Override
    int[] copyOf(int[] array, int length) {
      return Arrays.copyOf(array, length);
    }

    @Override
    int convert(ByteBuffer chunk, DType stored, int[] out, int offset, int count) {
      int misfit = -1;
      switch (stored) {
        case I32 -> chunk.asIntBuffer().get(out, offset, count);
        case I8 -> {
          for (int i = 0; i < count; i++) {
            out[offset + i] = chunk.get();
          }
        }
        case I64 -> {
          for (int i = 0; i < count; i++) {
            long value = chunk.getLong();
            out[offset + i] = (int) value;
            if (misfit < 0 && value != (int) value) {
              misfit = i;
            }
          }
        }
        case F32, F16, BF16, F64 -> throw notAccepted(stored);
      }
      return misfit;
    }
  }

  /** {@code long[]}: I64 as stored, I32 and I8 widened. */
  private static final class Longs extends TypedRead<long[]> {
    Longs() {
      super("readLongs", "long", EnumSet.of(DType.I64, DType.I32, DType.I8), "I64, I32 and I8");
    }

    @Override
    long[] allocate(int length) {
      return new long[length];
    }

    @Override
    long[] copyOf(long[] array, int length) {
      return Arrays.copyOf(array, length);
    }

    @Override
    int convert(ByteBuffer chunk, DType stored, long[] out, int offset, int count) {
      switch (stored) {
        case I64 -> chunk.asLongBuffer().get(out, offset, count);
        case I32 -> {
          for (int i = 0; i < count; i++) {
            out[offset + i] = chunk.getInt();
          }
        }
        case I8 -> {
          for (int i = 0; i < count; i++) {
            out[offset + i] = chunk.get();
          }
        }
        case F32, F16, BF16, F64 -> throw notAccepted(stored);
      }
      return -1;
    }
  }

  /** {@code short[]} of bfloat16 bits: BF16 as stored, the other floating-point types rounded. */
  private static final class Bfloat16 extends TypedRead<short[]> {
    Bfloat16() {
      super(
          "readBf16",
          "bfloat16",
          EnumSet.of(DType.BF16, DType.F32, DType.F16, DType.F64),
          "BF16, F32, F16 and F64");
    }

    @Override
    short[] allocate(int length) {
      return new short[length];
    }

    @Override
    short[] copyOf(short[] array, int length) {
      return Arrays.copyOf(array, length);
    }

    @Override
    int convert(ByteBuffer chunk, DType stored, short[] out, int offset, int count) {
      switch (stored) {
        case BF16 -> chunk.asShortBuffer().get(out, offset, count);
        case F32 -> {
          for (int i = 0; i < count; i++) {
            out[offset + i] = HalfPrecision.toBfloat16(chunk.getFloat());
          }
        }
        case F16 -> {
          // F16 widens to float exactly, so this rounds once.
          for (int i = 0; i < count; i++) {
            out[offset + i] =
                HalfPrecision.toBfloat16(HalfPrecision.float16ToFloat(chunk.getShort()));
          }
        }
        case F64 -> {
          for (int i = 0; i < count; i++) {
            out[offset + i] = HalfPrecision.toBfloat16(chunk.getDouble());
          }
        }
        case I64, I32, I8 -> throw notAccepted(stored);
      }
      return -1;
    }
  }

  /**
   * {@code byte[]}: I8 as stored, nothing else. Quantizing floating-point weights needs scales,
   * which are the compiler's to choose, and narrowing wider integers would lose values silently.
   */
  private static final class Int8 extends TypedRead<byte[]> {
    Int8() {
      super("readI8", "int8", EnumSet.of(DType.I8), "only I8, as stored");
    }

    @Override
    String whyNot(DType stored) {
      return stored.isFloatingPoint()
          ? ": quantizing floating-point values needs scales, which are not the reader's to choose"
          : "";
    }

    @Override
    byte[] allocate(int length) {
      return new byte[length];
    }

    @Override
    byte[] copyOf(byte[] array, int length) {
      return Arrays.copyOf(array, length);
    }

    @Override
    int convert(ByteBuffer chunk, DType stored, byte[] out, int offset, int count) {
      switch (stored) {
        case I8 -> chunk.get(out, offset, count);
        case F32, F16, BF16, F64, I64, I32 -> throw notAccepted(stored);
      }
      return -1;
    }
  }
}
