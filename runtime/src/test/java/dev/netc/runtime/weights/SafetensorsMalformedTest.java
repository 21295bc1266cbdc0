package dev.netc.runtime.weights;

import static dev.netc.runtime.weights.Failures.rejected;
import static dev.netc.runtime.weights.TestFiles.safetensors;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each class of broken safetensors file, and the message that rejects it. */
class SafetensorsMalformedTest {
  @TempDir Path dir;

  private Path file(byte[] bytes) throws IOException {
    return TestFiles.write(dir, "model.safetensors", bytes);
  }

  /** A header whose only tensor {@code w} has the given fields, e.g. {@code "dtype":"F32"}. */
  private Path tensor(String fields, int dataBytes) throws IOException {
    return file(safetensors("{\"w\":{" + fields + "}}", dataBytes));
  }

  @Test
  void emptyFile() throws IOException {
    WeightFileException e = rejected(file(new byte[0]));
    assertThat(e).hasMessageContaining("model.safetensors: file is empty");
    assertThat(e.getMessage()).contains("8-byte header length");
    assertThat(e.tensor()).isEmpty();
  }

  @Test
  void fileShorterThanTheLengthField() throws IOException {
    assertThat(rejected(file(new byte[5])))
        .hasMessageContaining(
            "file is only 5 bytes long; a safetensors file starts with an 8-byte");
  }

  @Test
  void headerLengthBeyondTheFile() throws IOException {
    byte[] bytes =
        TestFiles.concat(TestFiles.le64(1000), "{}        ".getBytes(StandardCharsets.UTF_8));
    assertThat(rejected(file(bytes)))
        .hasMessageEndingWith(
            "header length 1000 bytes runs past the end of the file, which holds 10 bytes after"
                + " the 8-byte length field");
  }

  @Test
  void absurdHeaderLength() throws IOException {
    assertThat(rejected(file(TestFiles.concat(TestFiles.le64(-1), new byte[16]))))
        .hasMessageContaining(
            "header length 18446744073709551615 bytes exceeds the limit of 100000000 bytes");
    assertThat(rejected(file(TestFiles.concat(TestFiles.le64(100_000_001), new byte[16]))))
        .hasMessageContaining("header length 100000001 bytes exceeds the limit");
  }

  @Test
  void headerNotJson() throws IOException {
    assertThat(rejected(file(safetensors("{\"w\": {\"dtype\" \"F32\"}}", 0))))
        .hasMessageContaining(
            "header is not valid JSON: expected ':' after an object key, found '\"'"
                + " at character 15");
  }

  @Test
  void headerNotUtf8() throws IOException {
    byte[] header =
        TestFiles.concat(
            "{\"w".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xC3, '"'},
            ":{}}".getBytes(StandardCharsets.UTF_8));
    byte[] bytes = TestFiles.concat(TestFiles.le64(header.length), header);
    assertThat(rejected(file(bytes)))
        .hasMessageContaining("header is not valid UTF-8 (bad byte sequence at header byte 3)");
  }

  @Test
  void headerNotAnObject() throws IOException {
    assertThat(rejected(file(safetensors("[1, 2]", 0))))
        .hasMessageContaining("header is an array; expected a JSON object mapping tensor names");
  }

  @Test
  void tensorEntryNotAnObject() throws IOException {
    assertThat(rejected(file(safetensors("{\"w\": 3}", 0))))
        .hasMessageContaining(
            "tensor \"w\": header entry is the number 3; expected an object with dtype, shape and"
                + " data_offsets");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no dtype               | "shape":[2],"data_offsets":[0,8]                  | missing "dtype"; expected a string such as "F32"
          dtype not a string     | "dtype":4,"shape":[2],"data_offsets":[0,8]        | "dtype" is the number 4; expected a string such as "F32"
          no shape               | "dtype":"F32","data_offsets":[0,8]                | missing "shape"; expected an array of non-negative integers
          shape not an array     | "dtype":"F32","shape":"2","data_offsets":[0,8]    | "shape" is the string "2"; expected an array of non-negative
          fractional dimension   | "dtype":"F32","shape":[2.0],"data_offsets":[0,8]  | "shape"[0] is the number 2.0; expected a non-negative integer
          no data_offsets        | "dtype":"F32","shape":[2]                         | missing "data_offsets"; expected an array of 2 non-negative integers
          one offset             | "dtype":"F32","shape":[2],"data_offsets":[8]      | "data_offsets" has 1 element; expected an array of 2
          offset not a number    | "dtype":"F32","shape":[2],"data_offsets":[0,null] | "data_offsets"[1] is null; expected a non-negative integer
          repeated field         | "dtype":"F32","dtype":"F32","shape":[2],"data_offsets":[0,8] | field "dtype" appears twice
          huge offset            | "dtype":"F32","shape":[2],"data_offsets":[0,99999999999999999999] | "data_offsets"[1] is the number 99999999999999999999, which does not fit in 64 bits
          """)
  void missingOrWrongTypedField(String name, String fields, String problem) throws IOException {
    WeightFileException e = rejected(tensor(fields, 8));
    assertThat(e).hasMessageContaining("model.safetensors: tensor \"w\": " + problem);
    assertThat(e.tensor()).contains("w");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"U8", "BOOL", "F8_E4M3", "I16", "U64", "i64", "C64"})
  void unsupportedDtype(String dtype) throws IOException {
    assertThat(rejected(tensor("\"dtype\":\"" + dtype + "\",\"shape\":[1],\"data_offsets\":[0,8]", 8)))
        .hasMessageEndingWith(
            "tensor \"w\": dtype \"" + dtype + "\" is not supported; netc reads F32, F16, BF16,"
                + " F64, I64, I32 and I8");
  }

  @Test
  void negativeDimension() throws IOException {
    assertThat(rejected(tensor("\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,8]", 8)))
        .hasMessageEndingWith("tensor \"w\": \"shape\"[1] is -3; a dimension cannot be negative");
  }

  @Test
  void elementCountTimesSizeOverflows() throws IOException {
    assertThat(
            rejected(
                tensor(
                    "\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]",
                    8)))
        .hasMessageEndingWith(
            "shape [4611686018427387904, 4] of F32 overflows a 64-bit byte count");
    assertThat(
            rejected(
                tensor(
                    "\"dtype\":\"F64\",\"shape\":[2305843009213693952],\"data_offsets\":[0,8]", 8)))
        .hasMessageEndingWith("shape [2305843009213693952] of F64 overflows a 64-bit byte count");
  }

  @Test
  void tensorTooLargeForAJavaArray() throws IOException {
    assertThat(
            rejected(
                tensor(
                    "\"dtype\":\"F16\",\"shape\":[65536,32768],\"data_offsets\":[0,4294967296]",
                    0)))
        .hasMessageEndingWith(
            "tensor \"w\": shape [65536, 32768] has 2147483648 elements; a Java array holds at"
                + " most 2147483639");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          F32 | 20 | 6 × 4 = 24
          I64 | 24 | 6 × 8 = 48
          I32 | 48 | 6 × 4 = 24
          I8  | 24 | 6 × 1 = 6
          """)
  void offsetsDisagreeWithShapeAndDtype(String dtype, int end, String needs) throws IOException {
    String fields = "\"dtype\":\"%s\",\"shape\":[2,3],\"data_offsets\":[0,%d]".formatted(dtype, end);
    assertThat(rejected(tensor(fields, end)))
        .hasMessageEndingWith(
            "tensor \"w\": data_offsets [0, %d] span %d bytes, but shape [2, 3] of %s needs %s bytes"
                .formatted(end, end, dtype, needs));
  }

  @Test
  void integerTensorsTooLargeForAJavaArray() throws IOException {
    // One byte per element: the array length, not the byte count, is what runs out.
    assertThat(
            rejected(
                tensor(
                    "\"dtype\":\"I8\",\"shape\":[2147483648],\"data_offsets\":[0,2147483648]",
                    0)))
        .hasMessageEndingWith(
            "tensor \"w\": shape [2147483648] has 2147483648 elements; a Java array holds at"
                + " most 2147483639");
    assertThat(
            rejected(
                tensor(
                    "\"dtype\":\"I64\",\"shape\":[1152921504606846976,8],\"data_offsets\":[0,8]",
                    8)))
        .hasMessageEndingWith("shape [1152921504606846976, 8] of I64 overflows a 64-bit byte count");
  }

  @Test
  void integerTensorEndingPastTheDataSection() throws IOException {
    assertThat(rejected(tensor("\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[0,24]", 16)))
        .hasMessageEndingWith(
            "tensor \"w\": data_offsets [0, 24] end past the data section, which holds only 16"
                + " bytes");
  }

  @Test
  void endBeyondTheDataSection() throws IOException {
    assertThat(rejected(tensor("\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]", 8)))
        .hasMessageEndingWith(
            "tensor \"w\": data_offsets [0, 24] end past the data section, which holds only 8"
                + " bytes");
  }

  @Test
  void beginAfterEnd() throws IOException {
    assertThat(rejected(tensor("\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[24,0]", 24)))
        .hasMessageEndingWith("tensor \"w\": data_offsets [24, 0] end before they begin");
  }

  @Test
  void overlappingTensors() throws IOException {
    String header =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[6],\"data_offsets\":[0,24]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[6],\"data_offsets\":[16,40]}}";
    WeightFileException e = rejected(file(safetensors(header, 40)));
    assertThat(e)
        .hasMessageEndingWith(
            "tensor \"b\": data_offsets [16, 40] overlap tensor \"a\" at [0, 24]; each tensor needs"
                + " its own bytes");
    assertThat(e.tensor()).contains("b");
  }

  @Test
  void identicalRangesOverlap() throws IOException {
    String header =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[0,8]}}";
    assertThat(rejected(file(safetensors(header, 8)))).hasMessageContaining("overlap tensor");
  }

  @Test
  void gapBetweenTensors() throws IOException {
    String header =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[6],\"data_offsets\":[0,24]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[6],\"data_offsets\":[32,56]}}";
    assertThat(rejected(file(safetensors(header, 56))))
        .hasMessageEndingWith(
            "tensor \"b\": data_offsets [32, 56] leave data bytes [24, 32) unused; safetensors"
                + " packs tensors back to back from offset 0");
  }

  @Test
  void bytesAfterTheLastTensor() throws IOException {
    assertThat(rejected(tensor("\"dtype\":\"F32\",\"shape\":[6],\"data_offsets\":[0,24]", 30)))
        .hasMessageEndingWith(
            "model.safetensors: data section holds 30 bytes but the tensors cover only 24; the 6"
                + " bytes after them belong to no tensor");
  }

  @Test
  void duplicateTensorNames() throws IOException {
    String entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
    WeightFileException e =
        rejected(file(safetensors("{\"w\":" + entry + ",\"w\":" + entry + "}", 4)));
    assertThat(e)
        .hasMessage(
            dir.resolve("model.safetensors") + ": tensor \"w\": appears twice in the header");
  }

  @Test
  void metadataThatIsNotStrings() throws IOException {
    assertThat(rejected(file(safetensors("{\"__metadata__\":{\"epoch\":3}}", 0))))
        .hasMessageEndingWith(
            "\"__metadata__\" entry \"epoch\" is the number 3; metadata values must be strings");
    assertThat(rejected(file(safetensors("{\"__metadata__\":[]}", 0))))
        .hasMessageEndingWith("\"__metadata__\" is an array; expected an object of strings");
  }

  @Test
  void absurdNesting() throws IOException {
    String deep = "[".repeat(10_000);
    assertThat(rejected(file(safetensors("{\"w\":" + deep, 0))))
        .hasMessageContaining("values are nested more than 64 levels deep");
  }

  @Test
  void hostileTensorNameCannotForgeMessageLines() throws IOException {
    WeightFileException e = rejected(file(safetensors("{\"w\\nfake: ok\": 3}", 0)));
    assertThat(e.getMessage()).doesNotContain("\n").contains("tensor \"w\\nfake: ok\"");
  }

  @Test
  void emptyHeaderObjectIsAValidFileWithoutTensors() throws IOException {
    assertThat(WeightFile.readHeader(file(safetensors("{}      ", 0)))).isEmpty();
  }
}
