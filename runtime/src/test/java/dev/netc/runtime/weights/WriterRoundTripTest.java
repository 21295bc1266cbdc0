package dev.netc.runtime.weights;

import dev.netc.runtime.DType;
import static dev.netc.runtime.weights.Failures.thrownBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writers' output reads back as written, and matches what the reference tools write. */
class WriterRoundTripTest {
  @TempDir Path dir;

  private static final float[] SPECIAL = {
    0f,
    -0f,
    1f,
    -1.5f,
    Float.MIN_VALUE,
    -Float.MIN_NORMAL,
    Float.MAX_VALUE,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
    Float.NaN,
    (float) Math.PI,
    1e-20f
  };

  @Test
  void safetensorsRoundTrip() throws IOException {
    Path file = dir.resolve("model.safetensors");
    new SafetensorsWriter()
        .add("fc2.weight", SPECIAL, 3, 4)
        .add("fc1.bias", new float[] {7f, 8f}, 2)
        .add("scalar", new float[] {42f})
        .add("empty", new float[0], 0, 5)
        .metadata("format", "pt")
        .write(file);

    try (WeightFile weights = WeightFile.open(file)) {
      assertThat(weights.tensors())
          .containsExactly(
              TensorInfo.of("empty", DType.F32, 0, 5),
              TensorInfo.of("fc1.bias", DType.F32, 2),
              TensorInfo.of("fc2.weight", DType.F32, 3, 4),
              TensorInfo.of("scalar", DType.F32));
      assertBitsEqual(weights.readFloats("fc2.weight"), SPECIAL);
      assertThat(weights.readFloats("fc1.bias")).containsExactly(7f, 8f);
      assertThat(weights.readFloats("scalar")).containsExactly(42f);
      assertThat(weights.readFloats("empty")).isEmpty();
      assertThat(weights.metadata()).isEqualTo(Map.of("format", "pt"));
    }
  }

  private static final long[] LONGS = {
    Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE - 1L, Integer.MAX_VALUE + 1L, -1, 0, 1
  };
  private static final int[] INTS = {Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 0, 1, 65_536};
  private static final byte[] BYTES = {Byte.MIN_VALUE, Byte.MAX_VALUE, -1, 0, 1};

  /** bfloat16 bits: 1, -2, the largest finite, the smallest subnormal, -0, -inf, NaNs. */
  private static final short[] BF16 = {
    0x3F80, (short) 0xC000, 0x7F7F, 0x0001, (short) 0x8000, (short) 0xFF80, 0x7FC1, (short) 0xFFFF
  };

  @Test
  void safetensorsRoundTripOfEveryWrittenType() throws IOException {
    Path file = dir.resolve("typed.safetensors");
    new SafetensorsWriter()
        .add("longs", LONGS, 7)
        .add("ints", INTS, 2, 3)
        .add("bytes", BYTES, 5, 1)
        .addBf16("bf16", BF16, 4, 2)
        .add("floats", SPECIAL, 12)
        .add("scalar", new long[] {42})
        .write(file);

    try (WeightFile weights = WeightFile.open(file)) {
      assertThat(weights.tensors())
          .containsExactly(
              TensorInfo.of("bf16", DType.BF16, 4, 2),
              TensorInfo.of("bytes", DType.I8, 5, 1),
              TensorInfo.of("floats", DType.F32, 12),
              TensorInfo.of("ints", DType.I32, 2, 3),
              TensorInfo.of("longs", DType.I64, 7),
              TensorInfo.of("scalar", DType.I64));
      assertThat(weights.readLongs("longs")).containsExactly(LONGS);
      assertThat(weights.readInts("ints")).containsExactly(INTS);
      assertThat(weights.readI8("bytes")).containsExactly(BYTES);
      assertThat(weights.readBf16("bf16")).containsExactly(BF16);
      assertBitsEqual(weights.readFloats("floats"), SPECIAL);
      assertThat(weights.readLongs("scalar")).containsExactly(42);
    }
  }

  @Test
  void safetensorsWriterMatchesTheReferenceLayoutOfIntegerTensors() throws IOException {
    byte[] expected = Files.readAllBytes(TestFiles.fixture("integers.safetensors"));
    byte[] written =
        new SafetensorsWriter()
            .add("positions", new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, 0}, 3)
            .add("ids", new long[] {Long.MIN_VALUE, Long.MAX_VALUE, -(1L << 31) - 1, 1L << 31}, 2, 2)
            .add("codes", new byte[] {-128, 127, 3}, 3)
            .toBytes();
    assertThat(written).isEqualTo(expected);
  }

  @Test
  void safetensorsHeaderIsCompactJsonPaddedWithSpacesAndOrderIndependent() {
    byte[] bytes =
        new SafetensorsWriter().add("b", new float[] {1f}).add("a", new float[3], 3).toBytes();
    long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);

    assertThat(headerLength % 8).isZero();
    assertThat(header)
        .matches(
            "\\{\"a\":\\{\"dtype\":\"F32\",\"shape\":\\[3],\"data_offsets\":\\[0,12]},"
                + "\"b\":\\{\"dtype\":\"F32\",\"shape\":\\[],\"data_offsets\":\\[12,16]}} *");
    assertThat(
            new SafetensorsWriter().add("a", new float[3], 3).add("b", new float[] {1f}).toBytes())
        .isEqualTo(bytes);
  }

  @Test
  void safetensorsWriterMatchesTheReferenceLayoutByteForByte() throws IOException {
    byte[] expected = Files.readAllBytes(TestFiles.fixture("reference.safetensors"));
    byte[] written =
        new SafetensorsWriter()
            .add("a.weight", new float[] {0f, 0.5f, 1f, 1.5f, 2f, 2.5f}, 2, 3)
            .add("a.bias", new float[] {-1f, 0f, 1f}, 3)
            .metadata("k", "v")
            .toBytes();
    assertThat(written).isEqualTo(expected);
  }

  @Test
  void safetensorsNamesWithQuotesAndControlCharactersSurvive() throws IOException {
    String name = "layer \"1\"\\\n\u0001é";
    Path file = dir.resolve("odd.safetensors");
    new SafetensorsWriter().add(name, new float[] {1f}, 1).write(file);
    try (WeightFile weights = WeightFile.open(file)) {
      assertThat(weights.readFloats(name)).containsExactly(1f);
    }
  }

  @Test
  void writersRejectInconsistentInput() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SafetensorsWriter().add("w", new float[5], 2, 3))
        .withMessage("tensor \"w\": shape [2, 3] has 6 elements but the data has 5");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SafetensorsWriter().add("w", new float[1]).add("w", new float[1]))
        .withMessage("tensor \"w\" is already added");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SafetensorsWriter().add("__metadata__", new float[1]))
        .withMessageContaining("reserved");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> NpyWriter.toBytes(new float[6], 2, -3))
        .withMessageContaining("negative dimension");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new NpzWriter().add("w", new float[2], 3))
        .withMessage("tensor \"w\": shape [3] has 3 elements but the data has 2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SafetensorsWriter().add("ids", new long[3], 2, 2))
        .withMessage("tensor \"ids\": shape [2, 2] has 4 elements but the data has 3");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SafetensorsWriter().addBf16("w", new short[1], 2))
        .withMessage("tensor \"w\": shape [2] has 2 elements but the data has 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SafetensorsWriter().add("w", new int[1]).add("w", new byte[1]))
        .withMessage("tensor \"w\" is already added");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> NpyWriter.toBytes(new byte[6], 2, 4))
        .withMessage("shape [2, 4] has 8 elements but the data has 6");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new NpzWriter().add("ids", new int[2], -2))
        .withMessageContaining("negative dimension");
  }

  @Test
  void npyRoundTrip() throws IOException {
    Path file = dir.resolve("special.npy");
    NpyWriter.write(file, SPECIAL, 2, 2, 3);
    try (WeightFile weights = WeightFile.open(file)) {
      assertThat(weights.tensors()).containsExactly(TensorInfo.of("special", DType.F32, 2, 2, 3));
      assertBitsEqual(weights.readFloats("special"), SPECIAL);
    }
  }

  @Test
  void npyWriterMatchesNumpySaveByteForByte() throws IOException {
    byte[] expected = Files.readAllBytes(TestFiles.fixture("f4.npy"));
    float[] values = {1f, -2.5f, 0f, -0f, 3.4028235e38f, 1e-45f};
    assertThat(NpyWriter.toBytes(values, 2, 3)).isEqualTo(expected);
  }

  @Test
  void npyWriterMatchesNumpySaveOfIntegersByteForByte() throws IOException {
    assertThat(
            NpyWriter.toBytes(
                new long[] {Long.MIN_VALUE, -1, 0, 1, 1L << 31, Long.MAX_VALUE}, 2, 3))
        .isEqualTo(Files.readAllBytes(TestFiles.fixture("int64.npy")));
    assertThat(NpyWriter.toBytes(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, 4))
        .isEqualTo(Files.readAllBytes(TestFiles.fixture("int32.npy")));
    assertThat(NpyWriter.toBytes(new byte[] {-128, -1, 0, 1, 100, 127}, 2, 3))
        .isEqualTo(Files.readAllBytes(TestFiles.fixture("int8.npy")));
  }

  @Test
  void npyRoundTripOfIntegers() throws IOException {
    Path longs = dir.resolve("longs.npy");
    Path ints = dir.resolve("ints.npy");
    Path bytes = dir.resolve("bytes.npy");
    NpyWriter.write(longs, LONGS, 7);
    NpyWriter.write(ints, INTS, 3, 2);
    NpyWriter.write(bytes, BYTES, 5);
    try (WeightFile weights = WeightFile.open(longs)) {
      assertThat(weights.tensors()).containsExactly(TensorInfo.of("longs", DType.I64, 7));
      assertThat(weights.readLongs("longs")).containsExactly(LONGS);
    }
    try (WeightFile weights = WeightFile.open(ints)) {
      assertThat(weights.tensors()).containsExactly(TensorInfo.of("ints", DType.I32, 3, 2));
      assertThat(weights.readInts("ints")).containsExactly(INTS);
    }
    try (WeightFile weights = WeightFile.open(bytes)) {
      assertThat(weights.tensors()).containsExactly(TensorInfo.of("bytes", DType.I8, 5));
      assertThat(weights.readI8("bytes")).containsExactly(BYTES);
    }
  }

  @Test
  void npyHeadersAlignDataTo64BytesForAnyShape() {
    for (long[] shape : new long[][] {{}, {1}, {7}, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}}) {
      int elements = (int) TensorInfo.checkedElementCount(shape);
      byte[] bytes = NpyWriter.toBytes(new float[elements], shape);
      int dataOffset = bytes.length - 4 * elements;
      assertThat(dataOffset % 64).as("data offset for %s", Arrays.toString(shape)).isZero();
      assertThat(bytes[dataOffset - 1]).isEqualTo((byte) '\n');
    }
  }

  @Test
  void npzRoundTripAndDeterminism() throws IOException {
    Path file = dir.resolve("layer.npz");
    NpzWriter writer =
        new NpzWriter()
            .add("weight", SPECIAL, 4, 3)
            .add("bias", new float[] {0.5f, -0.25f, 9f}, 3)
            .add("scalar", new float[] {1f});
    writer.write(file);

    try (WeightFile weights = WeightFile.open(file)) {
      assertThat(weights.format()).isEqualTo(WeightFormat.NPZ);
      assertThat(weights.tensors())
          .containsExactly(
              TensorInfo.of("bias", DType.F32, 3),
              TensorInfo.of("scalar", DType.F32),
              TensorInfo.of("weight", DType.F32, 4, 3));
      assertBitsEqual(weights.readFloats("weight"), SPECIAL);
      assertThat(weights.readFloats("bias")).containsExactly(0.5f, -0.25f, 9f);
      assertThat(weights.readFloats("scalar")).containsExactly(1f);
    }
    Path again = dir.resolve("again.npz");
    writer.write(again);
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void npzRoundTripOfIntegersAndDeterminism() throws IOException {
    Path file = dir.resolve("ids.npz");
    NpzWriter writer =
        new NpzWriter().add("longs", LONGS, 7).add("ints", INTS, 6).add("bytes", BYTES, 5);
    writer.write(file);
    try (WeightFile weights = WeightFile.open(file)) {
      assertThat(weights.tensors())
          .containsExactly(
              TensorInfo.of("bytes", DType.I8, 5),
              TensorInfo.of("ints", DType.I32, 6),
              TensorInfo.of("longs", DType.I64, 7));
      assertThat(weights.readLongs("longs")).containsExactly(LONGS);
      assertThat(weights.readInts("ints")).containsExactly(INTS);
      assertThat(weights.readI8("bytes")).containsExactly(BYTES);
    }
    Path again = dir.resolve("again.npz");
    writer.write(again);
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void largeIntegerTensorsCrossChunkBoundariesInEveryFormat() throws IOException {
    // Above 64 Ki elements, more than a 64 KiB chunk and more than a deflated entry's first
    // allocation, so that the growth path runs too.
    long[] longs = new long[100_003];
    int[] ints = new int[100_003];
    byte[] bytes = new byte[200_001]; // 3 × 66,667
    for (int i = 0; i < longs.length; i++) {
      longs[i] = (long) i * 0x9E37_79B9_7F4A_7C15L;
      ints[i] = i * 0x9E37_79B9;
    }
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    Path st = dir.resolve("big.safetensors");
    new SafetensorsWriter()
        .add("l", longs, longs.length)
        .add("i", ints, ints.length)
        .add("b", bytes, 3, bytes.length / 3)
        .write(st);
    Path stored = dir.resolve("stored.npz");
    new NpzWriter()
        .add("l", longs, longs.length)
        .add("i", ints, ints.length)
        .add("b", bytes, 3, bytes.length / 3)
        .write(stored);
    Path deflated =
        TestFiles.write(
            dir,
            "deflated.npz",
            TestFiles.zip(
                true,
                "l.npy", NpyWriter.toBytes(longs, longs.length),
                "i.npy", NpyWriter.toBytes(ints, ints.length),
                "b.npy", NpyWriter.toBytes(bytes, 3, bytes.length / 3)));
    for (Path file : new Path[] {st, stored, deflated}) {
      try (WeightFile weights = WeightFile.open(file)) {
        assertThat(weights.readLongs("l")).as("%s", file).isEqualTo(longs);
        assertThat(weights.readInts("i")).as("%s", file).isEqualTo(ints);
        assertThat(weights.readI8("b")).as("%s", file).isEqualTo(bytes);
      }
    }
  }

  @Test
  void largeTensorsCrossChunkBoundaries() throws IOException {
    float[] values = new float[200_004];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 0.25f - 7f;
    }
    Path st = dir.resolve("big.safetensors");
    new SafetensorsWriter().add("x", values, values.length).write(st);
    Path npz = dir.resolve("big.npz");
    new NpzWriter().add("x", values, 7, 28_572, 1).write(npz);
    for (Path file : new Path[] {st, npz}) {
      try (WeightFile weights = WeightFile.open(file)) {
        assertThat(weights.readFloats("x")).isEqualTo(values);
      }
    }
  }

  @Test
  void closedFilesRefuseToRead() throws IOException {
    Path file = dir.resolve("a.npy");
    NpyWriter.write(file, new float[] {1f}, 1);
    WeightFile weights = WeightFile.open(file);
    weights.close();
    weights.close();
    assertThatIllegalStateException()
        .isThrownBy(() -> weights.readFloats("a"))
        .withMessageContaining("closed");
    assertThat(thrownBy(() -> weights.readFloats("b"))).hasMessageContaining("not found");
  }

  private static void assertBitsEqual(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Float.floatToRawIntBits(actual[i]))
          .as("element %d", i)
          .isEqualTo(Float.floatToRawIntBits(expected[i]));
    }
  }
}
