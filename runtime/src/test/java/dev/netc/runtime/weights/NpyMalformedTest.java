package dev.netc.runtime.weights;

import dev.netc.runtime.DType;
import static dev.netc.runtime.weights.Failures.rejected;
import static dev.netc.runtime.weights.TestFiles.npy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each class of broken .npy file, and the message that rejects it. */
class NpyMalformedTest {
  @TempDir Path dir;

  private Path file(byte[] bytes) throws IOException {
    return TestFiles.write(dir, "w.npy", bytes);
  }

  private static String where() {
    return "w.npy: tensor \"w\": ";
  }

  @Test
  void emptyFile() throws IOException {
    assertThat(rejected(file(new byte[0])))
        .hasMessageEndingWith(
            where()
                + "the file is empty; expected a .npy array starting with"
                + " the magic \\x93NUMPY");
  }

  @Test
  void badMagic() throws IOException {
    byte[] zip = TestFiles.zip(false, "w.npy", new byte[4]);
    assertThat(rejected(file(zip)))
        .hasMessageEndingWith(
            where()
                + "the file does not start with the .npy magic \\x93NUMPY"
                + " (found bytes 50 4b 03 04 0a 00)");
  }

  @Test
  void truncatedPreamble() throws IOException {
    byte[] bytes = Arrays.copyOf(npy("<f4", "(2,)", 8), 8);
    assertThat(rejected(file(bytes)))
        .hasMessageEndingWith(
            where() + "the file ends after 8 bytes, inside the 10-byte .npy" + " preamble");
  }

  @Test
  void truncatedHeader() throws IOException {
    byte[] bytes = Arrays.copyOf(npy("<f4", "(2,)", 8), 40);
    assertThat(rejected(file(bytes)))
        .hasMessageEndingWith(
            where()
                + "header length 118 bytes runs past the end of the file,"
                + " which holds 30 bytes after the 10-byte preamble");
  }

  @Test
  void headerLengthBeyondTheFile() throws IOException {
    byte[] bytes = npy("<f4", "(2,)", 8);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(8, (short) 0xFFFF);
    assertThat(rejected(file(bytes)))
        .hasMessageContaining("header length 65535 bytes runs past the end of the file");
  }

  @Test
  void absurdVersion2HeaderLength() throws IOException {
    byte[] bytes = npy("<f4", "(2,)", 8);
    bytes[6] = 2;
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, Integer.MAX_VALUE);
    assertThat(rejected(file(bytes)))
        .hasMessageEndingWith(
            where() + "header length 2147483647 bytes exceeds the limit of" + " 1048576 bytes");
  }

  @Test
  void unsupportedVersion() throws IOException {
    byte[] bytes = npy("<f4", "(2,)", 8);
    bytes[6] = 4;
    assertThat(rejected(file(bytes)))
        .hasMessageEndingWith(
            where() + ".npy format version 4.0 is not supported; expected 1.0," + " 2.0 or 3.0");
  }

  @Test
  void unparseableDict() throws IOException {
    byte[] bytes = npy("{'descr': '<f4' 'fortran_order': False, 'shape': (2,), }", new byte[8]);
    assertThat(rejected(file(bytes)))
        .hasMessageContaining(
            where()
                + "header is not a dict literal like {'descr': '<f4',"
                + " 'fortran_order': False, 'shape': (2, 3)}: expected ',' or '}' after a value,"
                + " found \"'\" at character 16 of {'descr': '<f4' 'fortran_order'");
  }

  @Test
  void structuredDescrIsUnparseable() throws IOException {
    byte[] bytes =
        npy("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2,), }", new byte[8]);
    assertThat(rejected(file(bytes))).hasMessageContaining("header is not a dict literal");
  }

  @Test
  void missingAndUnexpectedKeys() throws IOException {
    assertThat(rejected(file(npy("{'descr': '<f4', 'shape': (2,), }", new byte[8]))))
        .hasMessageEndingWith(
            where()
                + "header has no 'fortran_order'; expected exactly"
                + " 'descr', 'fortran_order' and 'shape'");
    assertThat(
            rejected(
                file(
                    npy(
                        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}",
                        new byte[8]))))
        .hasMessageEndingWith(
            where()
                + "header has unexpected key 'x'; expected exactly 'descr',"
                + " 'fortran_order' and 'shape'");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = "=>",
      quoteCharacter = '"',
      textBlock =
          """
          >u8 => dtype '>u8' is not supported; netc reads only '<f4', '<f2', '<f8', '<i8', '<i4' and '|i1' (or big-endian, '>f4')
          >i1 => dtype '>i1' is not supported; netc reads only '<f4', '<f2', '<f8', '<i8', '<i4' and '|i1' (or big-endian, '>f4')
          <u8 => dtype '<u8' is not supported; netc reads only '<f4', '<f2', '<f8', '<i8', '<i4' and '|i1' (or big-endian, '>f4')
          |u1 => dtype '|u1' is not supported; netc reads only '<f4', '<f2', '<f8', '<i8', '<i4' and '|i1' (or big-endian, '>f4')
          <i1 => dtype '<i1' is not supported; netc reads only '<f4', '<f2', '<f8', '<i8', '<i4' and '|i1' (or big-endian, '>f4')
          <i2 => dtype '<i2' is not supported; netc reads only '<f4', '<f2', '<f8', '<i8', '<i4' and '|i1' (or big-endian, '>f4')
          |b1 => dtype '|b1' is not supported; netc reads only '<f4', '<f2', '<f8', '<i8', '<i4' and '|i1' (or big-endian, '>f4')
          <c8 => dtype '<c8' is not supported; netc reads only '<f4', '<f2', '<f8', '<i8', '<i4' and '|i1' (or big-endian, '>f4')
          f4 => dtype 'f4' is not supported; netc reads only '<f4', '<f2', '<f8', '<i8', '<i4' and '|i1' (or big-endian, '>f4')
          """)
  void unsupportedDescr(String descr, String problem) throws IOException {
    WeightFileException e = rejected(file(npy(descr, "(2,)", 16)));
    assertThat(e).hasMessageEndingWith(where() + problem);
    assertThat(e.tensor()).contains("w");
  }

  @Test
  void descrNotAString() throws IOException {
    assertThat(
            rejected(
                file(npy("{'descr': 4, 'fortran_order': False, 'shape': (2,), }", new byte[8]))))
        .hasMessageEndingWith(where() + "'descr' is 4; expected a type string such as '<f4'");
  }

  @Test
  void shapeNotATuple() throws IOException {
    // As in Python, (2) is the integer 2, not a tuple.
    assertThat(rejected(file(npy("<f4", "(2)", 8))))
        .hasMessageEndingWith(
            where()
                + "'shape' is 2; expected a tuple of non-negative integers"
                + " such as (2, 3)");
    assertThat(rejected(file(npy("<f4", "('2',)", 8))))
        .hasMessageEndingWith(
            where() + "'shape' ('2',) holds '2'; dimensions must be" + " non-negative integers");
  }

  @Test
  void negativeDimension() throws IOException {
    assertThat(rejected(file(npy("<f4", "(2, -3)", 8))))
        .hasMessageEndingWith(where() + "'shape' (2, -3) has negative dimension -3");
  }

  @Test
  void overflowingAndOversizedShapes() throws IOException {
    assertThat(rejected(file(npy("<f8", "(4611686018427387904, 4)", 8))))
        .hasMessageEndingWith(
            where() + "shape [4611686018427387904, 4] of '<f8' overflows a" + " 64-bit byte count");
    assertThat(rejected(file(npy("<f4", "(3000000000,)", 8))))
        .hasMessageEndingWith(
            where()
                + "shape [3000000000] has 3000000000 elements; a Java array"
                + " holds at most 2147483639");
    assertThat(rejected(file(npy("<f4", "(99999999999999999999,)", 8))))
        .hasMessageContaining("integer 99999999999999999999 does not fit in 64 bits");
  }

  @Test
  void dataShorterThanTheShape() throws IOException {
    assertThat(rejected(file(npy("<f4", "(2, 3)", 20))))
        .hasMessageEndingWith(
            where()
                + "data is truncated: shape [2, 3] of '<f4' needs 24 bytes"
                + " after the 128-byte header, but the file holds only 20");
  }

  @Test
  void integerDataShorterThanTheShape() throws IOException {
    assertThat(rejected(file(npy("<i8", "(2, 3)", 47))))
        .hasMessageEndingWith(
            where()
                + "data is truncated: shape [2, 3] of '<i8' needs 48 bytes"
                + " after the 128-byte header, but the file holds only 47");
    assertThat(rejected(file(npy("|i1", "(5,)", 0))))
        .hasMessageEndingWith(
            where()
                + "data is truncated: shape [5] of '|i1' needs 5 bytes"
                + " after the 128-byte header, but the file holds only 0");
  }

  @Test
  void integerTensorsTooLargeForAJavaArray() throws IOException {
    assertThat(rejected(file(npy("|i1", "(3000000000,)", 8))))
        .hasMessageEndingWith(
            where()
                + "shape [3000000000] has 3000000000 elements; a Java array"
                + " holds at most 2147483639");
  }

  @Test
  void bytesAfterTheData() throws IOException {
    assertThat(rejected(file(npy("<f2", "(2, 3)", 13))))
        .hasMessageEndingWith(
            where()
                + "the file holds 1 unexpected byte after the data: shape"
                + " [2, 3] of '<f2' needs 12 bytes after the 128-byte header");
  }

  @Test
  void bytesAfterIntegerData() throws IOException {
    assertThat(rejected(file(npy("<i4", "(3,)", 16))))
        .hasMessageEndingWith(
            where()
                + "the file holds 4 unexpected bytes after the data: shape"
                + " [3] of '<i4' needs 12 bytes after the 128-byte header");
  }

  @Test
  void version2And3HeadersAreRead() throws IOException {
    for (int version = 2; version <= 3; version++) {
      String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
      String header = dict + " ".repeat(63 - (12 + dict.length()) % 64) + "\n";
      ByteBuffer prefix = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      prefix.put(NpyHeader.MAGIC).put((byte) version).put((byte) 0).putInt(header.length());
      Path file =
          file(
              TestFiles.concat(
                  prefix.array(),
                  header.getBytes(StandardCharsets.UTF_8),
                  TestFiles.floatsLe(1f, -2f)));
      try (WeightFile weights = WeightFile.open(file)) {
        assertThat(weights.readFloats("w")).containsExactly(1f, -2f);
      }
    }
  }

  @Test
  void python2StyleLongsAndDoubleQuotesAreRead() throws IOException {
    Path file =
        file(
            npy(
                "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (1L, 2L)}",
                TestFiles.floatsLe(3f, 4f)));
    assertThat(WeightFile.readHeader(file)).containsExactly(TensorInfo.of("w", DType.F32, 1, 2));
  }
}
