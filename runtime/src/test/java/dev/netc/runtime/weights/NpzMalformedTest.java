package dev.netc.runtime.weights;

import dev.netc.runtime.DType;
import static dev.netc.runtime.weights.Failures.rejected;
import static dev.netc.runtime.weights.Failures.thrownBy;
import static dev.netc.runtime.weights.TestFiles.npy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each class of broken .npz archive, and the message that rejects it. */
class NpzMalformedTest {
  @TempDir Path dir;

  private Path file(byte[] bytes) throws IOException {
    return TestFiles.write(dir, "m.npz", bytes);
  }

  @Test
  void emptyFile() throws IOException {
    assertThat(rejected(file(new byte[0])))
        .hasMessageEndingWith(
            "m.npz: file is empty; expected an .npz (a zip archive of .npy" + " arrays)");
  }

  @Test
  void notAZip() throws IOException {
    assertThat(rejected(file(npy("<f4", "(2,)", 8))))
        .hasMessageContaining("m.npz: not a zip archive, as an .npz must be (");
  }

  @Test
  void truncatedZip() throws IOException {
    byte[] zip = TestFiles.zip(false, "a.npy", npy("<f4", "(2,)", 8));
    assertThat(rejected(file(Arrays.copyOf(zip, zip.length - 30))))
        .hasMessageContaining("m.npz: not a zip archive");
  }

  @ParameterizedTest(name = "deflated={0}")
  @ValueSource(booleans = {false, true})
  void entryThatIsNotAnNpy(boolean deflate) throws IOException {
    byte[] zip =
        TestFiles.zip(deflate, "a.npy", npy("<f4", "(2,)", 8), "b.npy", "hello, world".getBytes());
    WeightFileException e = rejected(file(zip));
    assertThat(e)
        .hasMessageEndingWith(
            "m.npz: tensor \"b\": entry \"b.npy\" does not start with"
                + " the .npy magic \\x93NUMPY (found bytes 68 65 6c 6c 6f 2c)");
    assertThat(e.tensor()).contains("b");
  }

  @ParameterizedTest(name = "deflated={0}")
  @ValueSource(booleans = {false, true})
  void entryWithUnsupportedDescr(boolean deflate) throws IOException {
    byte[] zip = TestFiles.zip(deflate, "mask.npy", npy("|b1", "(4,)", 4));
    assertThat(rejected(file(zip)))
        .hasMessageEndingWith(
            "m.npz: tensor \"mask\": dtype '|b1' is not supported; netc reads"
                + " only '<f4', '<f2', '<f8', '<i8', '<i4' and '|i1' (or big-endian, '>f4')");
  }

  @ParameterizedTest(name = "deflated={0}")
  @ValueSource(booleans = {false, true})
  void entryDataShorterThanTheShape(boolean deflate) throws IOException {
    byte[] zip = TestFiles.zip(deflate, "w.npy", npy("<f4", "(2, 3)", 20));
    assertThat(rejected(file(zip)))
        .hasMessageEndingWith(
            "m.npz: tensor \"w\": data is truncated: shape [2, 3] of '<f4'"
                + " needs 24 bytes after the 128-byte header, but entry \"w.npy\" holds only 20");
  }

  @ParameterizedTest(name = "deflated={0}")
  @ValueSource(booleans = {false, true})
  void integerEntryDataShorterThanTheShape(boolean deflate) throws IOException {
    byte[] zip =
        TestFiles.zip(deflate, "ids.npy", npy("<i8", "(4,)", 31), "codes.npy", npy("|i1", "(4,)", 4));
    assertThat(rejected(file(zip)))
        .hasMessageEndingWith(
            "m.npz: tensor \"ids\": data is truncated: shape [4] of '<i8'"
                + " needs 32 bytes after the 128-byte header, but entry \"ids.npy\" holds only 31");
  }

  @ParameterizedTest(name = "deflated={0}")
  @ValueSource(booleans = {false, true})
  void integerEntryWithBytesAfterTheData(boolean deflate) throws IOException {
    byte[] zip = TestFiles.zip(deflate, "codes.npy", npy("|i1", "(4,)", 5));
    assertThat(rejected(file(zip)))
        .hasMessageEndingWith(
            "m.npz: tensor \"codes\": entry \"codes.npy\" holds 1 unexpected byte after the data:"
                + " shape [4] of '|i1' needs 4 bytes after the 128-byte header");
  }

  @Test
  void entryThatIsNotNamedNpy() throws IOException {
    byte[] zip = TestFiles.zip(false, "a.npy", npy("<f4", "(2,)", 8), "README.txt", new byte[3]);
    assertThat(rejected(file(zip)))
        .hasMessageEndingWith(
            "m.npz: entry \"README.txt\" is not a .npy file; an .npz holds only"
                + " name.npy entries");
  }

  @Test
  void duplicateEntryNames() throws IOException {
    byte[] zip =
        TestFiles.zip(false, "a.npy", npy("<f4", "(2,)", 8), "b.npy", npy("<f4", "(2,)", 8));
    // The name is not covered by the CRC, so renaming b.npy to a.npy keeps a valid-looking zip.
    assertThat(rejected(file(TestFiles.replaceAll(zip, "b.npy", "a.npy"))))
        .hasMessageEndingWith(
            "m.npz: tensor \"a\": appears twice: the archive has two entries" + " named \"a.npy\"");
  }

  @Test
  void damagedDataIsCaughtByTheChecksumWhenRead() throws IOException {
    float[] values = {1f, 2f, 3f, 4f};
    byte[] zip = TestFiles.zip(false, "w.npy", NpyWriter.toBytes(values, 4));
    byte[] damaged =
        TestFiles.replaceAll(
            zip,
            new String(TestFiles.floatsLe(3f), StandardCharsets.ISO_8859_1),
            new String(TestFiles.floatsLe(5f), StandardCharsets.ISO_8859_1));
    Path file = file(damaged);

    // The header is intact, so listing works; only reading the data finds the damage.
    assertThat(WeightFile.readHeader(file)).containsExactly(TensorInfo.of("w", DType.F32, 4));
    try (WeightFile weights = WeightFile.open(file)) {
      assertThat(thrownBy(() -> weights.readFloats("w")))
          .hasMessageContaining("m.npz: tensor \"w\": entry \"w.npy\" is damaged: its CRC-32 is");
    }
  }

  @Test
  void corruptDeflateStreamFailsWhenRead() throws IOException {
    // Incompressible data, so that the damage lies well past the header in the deflate stream.
    Random random = new Random(1);
    float[] values = new float[50_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat();
    }
    byte[] zip = TestFiles.zip(true, "w.npy", NpyWriter.toBytes(values, values.length));
    for (int i = zip.length / 2; i < zip.length / 2 + 64; i++) {
      zip[i] = (byte) 0xFF;
    }
    Path file = file(zip);

    assertThat(WeightFile.readHeader(file)).hasSize(1);
    try (WeightFile weights = WeightFile.open(file)) {
      assertThat(thrownBy(() -> weights.readFloats("w")))
          .hasMessageStartingWith(file + ": tensor \"w\": entry \"w.npy\" ");
    }
  }
}
