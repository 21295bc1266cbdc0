package dev.netc.runtime.weights;

import static dev.netc.runtime.weights.Failures.thrownBy;
import static dev.netc.runtime.weights.TestFiles.doublesLe;
import static dev.netc.runtime.weights.TestFiles.floatsLe;
import static dev.netc.runtime.weights.TestFiles.intsLe;
import static dev.netc.runtime.weights.TestFiles.longsLe;
import static dev.netc.runtime.weights.TestFiles.npy;
import static dev.netc.runtime.weights.TestFiles.shortsLe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.netc.runtime.DType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which stored types each typed read of {@link WeightFile} takes, and how it refuses the rest. */
class TypedReadTest {
  @TempDir Path dir;

  /** One tensor of each type, named after it, each holding 1 and -2. */
  private Path everyType() throws IOException {
    return TestFiles.write(
        dir,
        "all.safetensors",
        TestFiles.safetensorsOf(
            "f32", "F32", "[2]", floatsLe(1f, -2f),
            // binary16: 1 is 0x3C00 (exponent 15, the bias), -2 is 0xC000 (sign, exponent 16)
            "f16", "F16", "[2]", shortsLe((short) 0x3C00, (short) 0xC000),
            // bfloat16: the top halves of the floats 0x3F800000 and 0xC0000000
            "bf16", "BF16", "[2]", shortsLe((short) 0x3F80, (short) 0xC000),
            "f64", "F64", "[2]", doublesLe(1, -2),
            "i64", "I64", "[2]", longsLe(1, -2),
            "i32", "I32", "[2]", intsLe(1, -2),
            "i8", "I8", "[2]", new byte[] {1, -2}));
  }

  @Test
  void eachReadTakesItsTypesAndGivesTheSameValues() throws IOException {
    try (WeightFile weights = WeightFile.open(everyType())) {
      for (String t : new String[] {"f32", "f16", "bf16", "f64"}) {
        assertThat(weights.readFloats(t)).as(t).containsExactly(1f, -2f);
        assertThat(weights.readBf16(t)).as(t).containsExactly((short) 0x3F80, (short) 0xC000);
      }
      for (String t : new String[] {"i64", "i32", "i8"}) {
        assertThat(weights.readInts(t)).as(t).containsExactly(1, -2);
        assertThat(weights.readLongs(t)).as(t).containsExactly(1L, -2L);
      }
      assertThat(weights.readI8("i8")).containsExactly(1, -2);
    }
  }

  @ParameterizedTest(name = "{0} of {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          readFloats | i64  | holds I64 values, but is read as floating point, which takes F32, F16, BF16 and F64; read it with readLongs instead
          readFloats | i32  | holds I32 values, but is read as floating point, which takes F32, F16, BF16 and F64; read it with readInts instead
          readFloats | i8   | holds I8 values, but is read as floating point, which takes F32, F16, BF16 and F64; read it with readI8 instead
          readInts   | f32  | holds F32 values, but is read as int, which takes I32, I8, and I64 within an int's range; read it with readFloats instead
          readInts   | f16  | holds F16 values, but is read as int, which takes I32, I8, and I64 within an int's range; read it with readFloats instead
          readInts   | bf16 | holds BF16 values, but is read as int, which takes I32, I8, and I64 within an int's range; read it with readFloats instead
          readInts   | f64  | holds F64 values, but is read as int, which takes I32, I8, and I64 within an int's range; read it with readFloats instead
          readLongs  | f32  | holds F32 values, but is read as long, which takes I64, I32 and I8; read it with readFloats instead
          readLongs  | f16  | holds F16 values, but is read as long, which takes I64, I32 and I8; read it with readFloats instead
          readLongs  | bf16 | holds BF16 values, but is read as long, which takes I64, I32 and I8; read it with readFloats instead
          readLongs  | f64  | holds F64 values, but is read as long, which takes I64, I32 and I8; read it with readFloats instead
          readBf16   | i64  | holds I64 values, but is read as bfloat16, which takes BF16, F32, F16 and F64; read it with readLongs instead
          readBf16   | i32  | holds I32 values, but is read as bfloat16, which takes BF16, F32, F16 and F64; read it with readInts instead
          readBf16   | i8   | holds I8 values, but is read as bfloat16, which takes BF16, F32, F16 and F64; read it with readI8 instead
          readI8     | f32  | holds F32 values, but is read as int8, which takes only I8, as stored: quantizing floating-point values needs scales, which are not the reader's to choose; read it with readFloats instead
          readI8     | f16  | holds F16 values, but is read as int8, which takes only I8, as stored: quantizing floating-point values needs scales, which are not the reader's to choose; read it with readFloats instead
          readI8     | bf16 | holds BF16 values, but is read as int8, which takes only I8, as stored: quantizing floating-point values needs scales, which are not the reader's to choose; read it with readFloats instead
          readI8     | f64  | holds F64 values, but is read as int8, which takes only I8, as stored: quantizing floating-point values needs scales, which are not the reader's to choose; read it with readFloats instead
          readI8     | i64  | holds I64 values, but is read as int8, which takes only I8, as stored; read it with readLongs instead
          readI8     | i32  | holds I32 values, but is read as int8, which takes only I8, as stored; read it with readInts instead
          """)
  void eachReadRefusesTheTypesItDoesNotTake(String read, String tensor, String problem)
      throws IOException {
    Path file = everyType();
    try (WeightFile weights = WeightFile.open(file)) {
      WeightFileException e = thrownBy(() -> read(weights, read, tensor));
      assertThat(e).hasMessage(file + ": tensor \"" + tensor + "\": " + problem);
      assertThat(e.tensor()).contains(tensor);
    }
  }

  @Test
  void everyPairOfReadAndTypeEitherReadsOrIsRefused() throws IOException {
    // The table above lists the 20 refusals; the other 15 pairs of the 5 reads and 7 types read.
    int refused = 0;
    try (WeightFile weights = WeightFile.open(everyType())) {
      for (String read : new String[] {"readFloats", "readInts", "readLongs", "readBf16", "readI8"}) {
        for (DType type : DType.values()) {
          String tensor = type.name().toLowerCase(Locale.ROOT);
          try {
            read(weights, read, tensor);
          } catch (WeightFileException e) {
            assertThat(e.problem()).startsWith("holds " + type.safetensorsName() + " values, ");
            refused++;
          }
        }
      }
    }
    assertThat(refused).isEqualTo(20);
  }

  @Test
  void readIntsRefusesI64ValuesBeyondAnIntNamingTheFirst() throws IOException {
    Path file =
        TestFiles.write(
            dir,
            "ids.safetensors",
            TestFiles.safetensorsOf(
                "ids",
                "I64",
                "[5]",
                longsLe(1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 31, Integer.MIN_VALUE - 1L),
                "low",
                "I64",
                "[1, 1]",
                longsLe(Integer.MIN_VALUE - 1L)));
    try (WeightFile weights = WeightFile.open(file)) {
      assertThat(thrownBy(() -> weights.readInts("ids")))
          .hasMessage(
              file
                  + ": tensor \"ids\": is read as int, but its I64 element at flat index 3 is"
                  + " 2147483648, beyond an int's range [-2147483648, 2147483647]; read it with"
                  + " readLongs instead");
      assertThat(thrownBy(() -> weights.readInts("low")))
          .hasMessageEndingWith(
              "its I64 element at flat index 0 is -2147483649, beyond an int's range"
                  + " [-2147483648, 2147483647]; read it with readLongs instead");
      assertThat(weights.readLongs("ids"))
          .containsExactly(1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 31, Integer.MIN_VALUE - 1L);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ids.safetensors", "ids.npy", "stored.npz", "deflated.npz"})
  void narrowingFindsTheFirstMisfitPastTheFirstChunks(String name) throws IOException {
    // 8192 longs fill one 64 KiB chunk; the misfits lie in the second and third.
    long[] ids = new long[20_000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i - 10_000;
    }
    ids[12_345] = Long.MIN_VALUE;
    ids[17_000] = 1L << 40;
    byte[] npy = npy("{'descr': '<i8', 'fortran_order': False, 'shape': (20000,), }", longsLe(ids));
    byte[] bytes =
        switch (name) {
          case "ids.safetensors" -> TestFiles.safetensorsOf("ids", "I64", "[20000]", longsLe(ids));
          case "ids.npy" -> npy;
          case "stored.npz" -> TestFiles.zip(false, "ids.npy", npy);
          default -> TestFiles.zip(true, "ids.npy", npy);
        };
    Path file = TestFiles.write(dir, name, bytes);
    try (WeightFile weights = WeightFile.open(file)) {
      String tensor = weights.tensors().get(0).name();
      assertThat(thrownBy(() -> weights.readInts(tensor)))
          .hasMessageContaining(
              "its I64 element at flat index 12345 is -9223372036854775808, beyond an int's range");
      assertThat(weights.readLongs(tensor)).containsExactly(ids);
    }
  }

  @Test
  void aMisfitInAFortranOrderArrayIsNamedByItsRowMajorIndex() throws IOException {
    // [[1, 2^40, 3], [4, 5, 6]] stored column-major: 1, 4, 2^40, 5, 3, 6. The misfit is the
    // third value stored but element 1 of the array as every read returns it.
    byte[] npy =
        npy(
            "{'descr': '<i8', 'fortran_order': True, 'shape': (2, 3), }",
            longsLe(1, 4, 1L << 40, 5, 3, 6));
    Path file = TestFiles.write(dir, "ids.npy", npy);
    try (WeightFile weights = WeightFile.open(file)) {
      assertThat(thrownBy(() -> weights.readInts("ids")))
          .hasMessageContaining("its I64 element at flat index 1 is 1099511627776");
      assertThat(weights.readLongs("ids")).containsExactly(1, 1L << 40, 3, 4, 5, 6);
    }
  }

  @Test
  void aDamagedEntryIsReportedAsDamagedNotAsAValueOutOfRange() throws IOException {
    // The damage sets the top byte of 0x0102030405, which would make it a misfit for readInts; the
    // checksum is checked before misfits are reported, so the message names the real problem.
    byte[] npy =
        npy(
            "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }",
            longsLe(7, 0x01_0203_0405L, 9));
    byte[] zip = TestFiles.zip(false, "ids.npy", npy);
    byte[] damaged =
        TestFiles.replaceAll(
            zip,
            new String(longsLe(0x01_0203_0405L), StandardCharsets.ISO_8859_1),
            new String(longsLe(0x7F00_0001_0203_0405L), StandardCharsets.ISO_8859_1));
    Path file = TestFiles.write(dir, "ids.npz", damaged);
    try (WeightFile weights = WeightFile.open(file)) {
      assertThat(thrownBy(() -> weights.readInts("ids")))
          .hasMessageContaining("tensor \"ids\": entry \"ids.npy\" is damaged: its CRC-32 is");
      assertThat(thrownBy(() -> weights.readLongs("ids")))
          .hasMessageContaining("is damaged: its CRC-32 is");
    }
  }

  @Test
  void everyTypedReadChecksTheNameAndWhetherTheFileIsOpen() throws IOException {
    WeightFile weights = WeightFile.open(everyType());
    for (String read : new String[] {"readFloats", "readInts", "readLongs", "readBf16", "readI8"}) {
      assertThat(thrownBy(() -> read(weights, read, "i9")))
          .as(read)
          .hasMessageEndingWith(
              "tensor \"i9\": not found; the closest names are \"i8\", \"i32\", \"i64\","
                  + " \"f16\", \"f32\"");
    }
    weights.close();
    for (String read : new String[] {"readFloats", "readInts", "readLongs", "readBf16", "readI8"}) {
      assertThatIllegalStateException()
          .isThrownBy(() -> read(weights, read, "i8"))
          .withMessageEndingWith("weight file is closed");
    }
  }

  /** Calls the typed read named {@code read}. */
  private static Object read(WeightFile weights, String read, String tensor) throws IOException {
    return switch (read) {
      case "readFloats" -> weights.readFloats(tensor);
      case "readInts" -> weights.readInts(tensor);
      case "readLongs" -> weights.readLongs(tensor);
      case "readBf16" -> weights.readBf16(tensor);
      case "readI8" -> weights.readI8(tensor);
      default -> throw new IllegalArgumentException(read);
    };
  }
}
