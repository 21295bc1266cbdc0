package dev.netc.runtime.weights;

import dev.netc.runtime.DType;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the files NumPy wrote (see {@code src/test/python/make_weight_fixtures.py}) and compares
 * every value, bit for bit, with the float32 values NumPy computed for them, or with the integers
 * NumPy holds.
 */
class ReferenceFixturesTest {

  /** One row of {@code expected-floats.tsv}. */
  record Expected(String file, String tensor, String shape, int[] bits) {
    @Override
    public String toString() {
      return file + " " + tensor;
    }
  }

  static Stream<Expected> expected() throws IOException {
    List<Expected> rows = new ArrayList<>();
    for (String line : Files.readAllLines(TestFiles.fixture("expected-floats.tsv"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] cols = line.split("\t", -1);
      String[] hex = cols[3].isEmpty() ? new String[0] : cols[3].split(" ");
      int[] bits = new int[hex.length];
      for (int i = 0; i < hex.length; i++) {
        bits[i] = Integer.parseUnsignedInt(hex[i], 16);
      }
      rows.add(new Expected(cols[0], cols[1], cols[2], bits));
    }
    return rows.stream();
  }

  /** One row of {@code expected-integers.tsv}. */
  record ExpectedIntegers(String file, String tensor, DType dtype, String shape, long[] values) {
    @Override
    public String toString() {
      return file + " " + tensor;
    }
  }

  static Stream<ExpectedIntegers> expectedIntegers() throws IOException {
    List<ExpectedIntegers> rows = new ArrayList<>();
    for (String line : Files.readAllLines(TestFiles.fixture("expected-integers.tsv"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] cols = line.split("\t", -1);
      long[] values =
          cols[4].isEmpty()
              ? new long[0]
              : Arrays.stream(cols[4].split(" ")).mapToLong(Long::parseLong).toArray();
      DType dtype = DType.fromSafetensorsName(cols[2]).orElseThrow();
      rows.add(new ExpectedIntegers(cols[0], cols[1], dtype, cols[3], values));
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expectedIntegers")
  void readsTheIntegersNumpyHolds(ExpectedIntegers row) throws IOException {
    try (WeightFile weights = WeightFile.open(TestFiles.fixture(row.file()))) {
      TensorInfo info = weights.require(row.tensor());
      assertThat(info.dtype()).isEqualTo(row.dtype());
      assertThat(info.shapeString()).isEqualTo(row.shape());

      assertThat(weights.readLongs(row.tensor())).containsExactly(row.values());

      boolean fitInts =
          Arrays.stream(row.values()).allMatch(v -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE);
      if (fitInts) {
        assertThat(Arrays.stream(weights.readInts(row.tensor())).asLongStream().toArray())
            .containsExactly(row.values());
      } else {
        assertThat(Failures.thrownBy(() -> weights.readInts(row.tensor())))
            .hasMessageContaining("beyond an int's range");
      }
      if (row.dtype() == DType.I8) {
        byte[] bytes = weights.readI8(row.tensor());
        long[] widened = new long[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
          widened[i] = bytes[i];
        }
        assertThat(widened).containsExactly(row.values());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expected")
  void readsWhatNumpyComputed(Expected row) throws IOException {
    try (WeightFile weights = WeightFile.open(TestFiles.fixture(row.file()))) {
      TensorInfo info = weights.require(row.tensor());
      assertThat(info.shapeString()).isEqualTo(row.shape());

      float[] values = weights.readFloats(row.tensor());

      int[] bits = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        bits[i] = Float.floatToRawIntBits(values[i]);
      }
      assertThat(bits).as("float32 bit patterns").containsExactly(row.bits());
    }
  }

  @Test
  void everyFixtureTensorHasAnExpectedRow() throws IOException {
    List<String> listed =
        Stream.concat(
                expected().map(e -> e.file() + " " + e.tensor()),
                expectedIntegers().map(e -> e.file() + " " + e.tensor()))
            .toList();
    for (String file : listed.stream().map(s -> s.split(" ")[0]).distinct().toList()) {
      for (TensorInfo t : WeightFile.readHeader(TestFiles.fixture(file))) {
        assertThat(listed).contains(file + " " + t.name());
      }
    }
  }

  @Test
  void safetensorsDeclaresDtypesShapesAndMetadata() throws IOException {
    try (WeightFile weights = WeightFile.open(TestFiles.fixture("mixed.safetensors"))) {
      assertThat(weights.format()).isEqualTo(WeightFormat.SAFETENSORS);
      assertThat(weights.tensors())
          .containsExactly(
              TensorInfo.of("bf16", DType.BF16, 2, 3),
              TensorInfo.of("empty", DType.F32, 0, 4),
              TensorInfo.of("f16", DType.F16, 3, 3),
              TensorInfo.of("f32", DType.F32, 2, 2),
              TensorInfo.of("f64", DType.F64, 3));
      assertThat(weights.metadata())
          .isEqualTo(Map.of("format", "pt", "producer", "make_weight_fixtures.py"));
    }
  }

  @Test
  void npyTensorIsNamedAfterTheFile() throws IOException {
    assertThat(WeightFile.readHeader(TestFiles.fixture("f8.npy")))
        .containsExactly(TensorInfo.of("f8", DType.F64, 6));
  }

  @Test
  void npzFromSavezAndSavezCompressedListTheirArraysByName() throws IOException {
    assertThat(WeightFile.readHeader(TestFiles.fixture("savez.npz")))
        .containsExactly(
            TensorInfo.of("bias", DType.F64, 2), TensorInfo.of("weight", DType.F32, 2, 3));
    assertThat(WeightFile.readHeader(TestFiles.fixture("savez_compressed.npz")))
        .containsExactly(
            TensorInfo.of("half", DType.F16, 4),
            TensorInfo.of("kernel", DType.F32, 3, 2),
            TensorInfo.of("scalar", DType.F32));
  }
}
