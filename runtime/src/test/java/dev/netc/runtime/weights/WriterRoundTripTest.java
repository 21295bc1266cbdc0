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
