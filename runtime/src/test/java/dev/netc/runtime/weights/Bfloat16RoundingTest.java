package dev.netc.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.runtime.DType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link WeightFile#readBf16} rounding F32, F16 and F64 tensors to bfloat16: values worked out by
 * hand, then many more against a reference that rounds by the definition, picking the nearest of
 * all bfloat16 values with exact decimal arithmetic.
 *
 * <p>A bfloat16 is the top 16 bits of a binary32: a sign, the 8-bit exponent and 7 significand
 * bits. From a float, rounding looks at the 16 bits dropped: below 0x8000 down, above up, exactly
 * 0x8000 a tie, which goes to the result whose last bit is 0. A carry out of the significand bumps
 * the exponent, which is how the largest values round up to infinity (0x7F80).
 */
class Bfloat16RoundingTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "F32 {0} -> {1}: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          3F800000 | 3F80 | 1.0 is a bfloat16: the dropped bits are 0
          C0490FDB | C049 | -pi: dropped 0x0FDB < 0x8000, so the magnitude rounds down
          3F808000 | 3F80 | 1 + 2^-8, a tie between 3F80 and 3F81: to the even 3F80, down
          3F818000 | 3F82 | 1 + 2^-7 + 2^-8, a tie between 3F81 and 3F82: to the even 3F82, up
          BF818000 | BF82 | the same tie negative: ties to even are symmetric
          3F808001 | 3F81 | one bit above the tie rounds up
          3F807FFF | 3F80 | one bit below the tie rounds down
          7F7F7FFF | 7F7F | just below the tie above the largest bfloat16 (0x1.fep127) keeps it
          7F7F8000 | 7F80 | the tie between 7F7F (odd) and 2^128 goes to the even one: infinity
          7F7FFFFF | 7F80 | Float.MAX_VALUE rounds up past the largest bfloat16 to infinity
          FF7FFFFF | FF80 | and -MAX_VALUE to minus infinity
          00000001 | 0000 | 2^-149 is far below half of bfloat16's smallest subnormal 2^-133
          00008000 | 0000 | 2^-134, half of 2^-133: a tie, to the even zero
          00008001 | 0001 | just above that tie: the smallest subnormal
          00018000 | 0002 | 1.5 * 2^-133, a tie between 0001 and 0002: to the even 0002
          007FFFFF | 0080 | the largest float subnormal rounds up to the smallest normal 2^-126
          80008000 | 8000 | -2^-134 ties to the even zero and keeps its sign: -0
          00000000 | 0000 | +0
          80000000 | 8000 | -0 keeps its sign
          7F800000 | 7F80 | infinity
          FF800000 | FF80 | minus infinity
          7FC00000 | 7FC0 | Float.NaN: quiet already
          7F800001 | 7FC0 | a signaling NaN whose payload is all in the dropped bits; cut, it would be infinity
          7FA00000 | 7FE0 | a signaling NaN keeps its payload bit 0x20 and gains the quiet bit 0x40
          FF800001 | FFC0 | a negative signaling NaN stays negative
          7FFFFFFF | 7FFF | a NaN with every payload bit: rounding up would carry into the sign
          """)
  void f32(String input, String expected, String why) throws IOException {
    float value = Float.intBitsToFloat(Integer.parseUnsignedInt(input, 16));
    Path file = write("F32", TestFiles.floatsLe(value));
    assertThat(readOne(file)).as(why).isEqualTo(hex(expected));
  }

  @ParameterizedTest(name = "F64 {0} -> {1}: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          0x1.0100000001p0      | 3F81 | 1 + 2^-8 + 2^-40 is above the tie; through float it would become the tie and round down to 3F80
          0x1.01p0              | 3F80 | 1 + 2^-8 exactly: the tie, to the even 3F80
          0x1.03p0              | 3F82 | 1 + 2^-7 + 2^-8: the tie, to the even 3F82
          0.1                   | 3DCD | 1.10011001100...b * 2^-4: the bits after the seventh, 1100..., are above half, so up to 1.1001101b; exponent 123 = 0x7B
          1e300                 | 7F80 | far beyond the largest bfloat16: infinity
          -1e300                | FF80 | and minus infinity
          -1e-300               | 8000 | far below the smallest subnormal: -0
          0x0.0000000000001p-1022 | 0000 | Double.MIN_VALUE, a double subnormal
          0x1p-133              | 0001 | bfloat16's smallest subnormal, exactly
          0x1p-134              | 0000 | half of it: a tie, to the even zero
          0x1.0000000000001p-134 | 0001 | one double step above that tie
          0x1.fep127            | 7F7F | the largest bfloat16, exactly
          0x1.fefffffffffffp127 | 7F7F | just below the tie above it
          0x1.ffp127            | 7F80 | the tie above it goes to the even one: infinity
          -0.0                  | 8000 | -0 keeps its sign
          Infinity              | 7F80 | infinity
          """)
  void f64(String input, String expected, String why) throws IOException {
    double value = Double.parseDouble(input);
    Path file = write("F64", TestFiles.doublesLe(value));
    assertThat(readOne(file)).as(why).isEqualTo(hex(expected));
  }

  @ParameterizedTest(name = "F64 NaN {0} -> {1}: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          7FF8000000000000 | 7FC0 | Double.NaN
          7FF0000000000001 | 7FC0 | a signaling NaN with only the lowest payload bit: made quiet, not infinity
          7FF4000000000000 | 7FE0 | the payload bit below the quiet bit maps to 0x20
          FFF8000000000000 | FFC0 | a negative NaN stays negative
          """)
  void f64NaN(String input, String expected, String why) throws IOException {
    double value = Double.longBitsToDouble(Long.parseUnsignedLong(input, 16));
    Path file = write("F64", TestFiles.doublesLe(value));
    assertThat(readOne(file)).as(why).isEqualTo(hex(expected));
  }

  @ParameterizedTest(name = "F16 {0} -> {1}: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          3C00 | 3F80 | 1.0
          3C02 | 3F80 | 1 + 2^-9, a quarter step of bfloat16 at 1, rounds down
          3C04 | 3F80 | 1 + 2^-8, the tie, to the even 3F80
          3C05 | 3F81 | 1 + 2^-8 + 2^-10, above the tie
          3C0C | 3F82 | 1 + 2^-7 + 2^-8, the tie between 3F81 and 3F82, to the even 3F82
          3555 | 3EAB | 1/3 as binary16, 1.0101010101b * 2^-2: the three bits after the seventh, 101, are above half, so 0101011b; exponent 125 = 0x7D
          7BFF | 4780 | 65504, 1.1111111111b * 2^15, rounds up to 2^16: exponent 143 = 0x8F
          0001 | 3380 | 2^-24, binary16's smallest subnormal, is normal in bfloat16: exponent 103 = 0x67
          03FF | 3880 | 1.111111111b * 2^-15, the largest binary16 subnormal, rounds up to 2^-14
          8000 | 8000 | -0
          7C00 | 7F80 | infinity
          FC00 | FF80 | minus infinity
          7E00 | 7FC0 | a quiet NaN
          7C01 | 7FC0 | a signaling NaN with the lowest payload bit: made quiet, not infinity
          7D00 | 7FE0 | a signaling NaN's payload bit 0x100 becomes bfloat16's 0x20
          FE00 | FFC0 | a negative NaN
          """)
  void f16(String input, String expected, String why) throws IOException {
    Path file = write("F16", TestFiles.shortsLe((short) Integer.parseInt(input, 16)));
    assertThat(readOne(file)).as(why).isEqualTo(hex(expected));
  }

  @Test
  void bf16IsReadAsStored() throws IOException {
    short[] bits = new short[65536];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = (short) i;
    }
    Path file = write("BF16", TestFiles.shortsLe(bits));
    try (WeightFile weights = WeightFile.open(file)) {
      assertThat(weights.readBf16("x")).containsExactly(bits);
    }
  }

  @Test
  void everyF16ValueRoundsAsTheDefinitionSays() throws IOException {
    short[] halves = new short[65536];
    for (int i = 0; i < halves.length; i++) {
      halves[i] = (short) i;
    }
    Path file = write("F16", TestFiles.shortsLe(halves));
    short[] rounded;
    try (WeightFile weights = WeightFile.open(file)) {
      rounded = weights.readBf16("x");
    }
    for (int i = 0; i < halves.length; i++) {
      boolean nan = (i & 0x7C00) == 0x7C00 && (i & 0x3FF) != 0;
      // A NaN keeps its sign and the top 7 of its 10 payload bits, and becomes quiet; any other
      // binary16 value widens to double exactly, and the reference rounds that once.
      int expected = nan ? i & 0x8000 | 0x7F80 | (i & 0x3FF) >>> 3 | 0x40 : reference(halfToDouble(i));
      assertThat(rounded[i] & 0xFFFF).as("F16 %04x", i).isEqualTo(expected);
    }
  }

  @Test
  void manyF32ValuesRoundAsTheDefinitionSays() throws IOException {
    Random random = new Random(20_260_101);
    float[] values = new float[100_000];
    for (int i = 0; i < values.length; i++) {
      int bits = random.nextInt();
      // Half the samples sit on a tie or one bit either side of it, where rounding can go wrong.
      if (i % 2 == 0) {
        bits = bits & 0xFFFF_0000 | new int[] {0x8000, 0x7FFF, 0x8001, 0x0000}[i / 2 % 4];
      }
      values[i] = Float.intBitsToFloat(bits);
    }
    Path file = write("F32", TestFiles.floatsLe(values));
    short[] rounded;
    try (WeightFile weights = WeightFile.open(file)) {
      rounded = weights.readBf16("x");
    }
    for (int i = 0; i < values.length; i++) {
      int expected = Float.isNaN(values[i]) ? quietNaN(values[i]) : reference(values[i]);
      assertThat(rounded[i] & 0xFFFF)
          .as("F32 %08x", Float.floatToRawIntBits(values[i]))
          .isEqualTo(expected);
    }
  }

  @Test
  void manyF64ValuesRoundOnceAsTheDefinitionSays() throws IOException {
    Random random = new Random(7);
    double[] values = new double[50_000];
    for (int i = 0; i < values.length; i++) {
      // Exponents around bfloat16's range, from below its subnormals to beyond its largest value.
      double significand = 1 + random.nextDouble();
      int exponent = random.nextInt(280) - 145;
      double value = Math.scalb(significand, exponent) * (random.nextBoolean() ? 1 : -1);
      if (i % 2 == 0) {
        // A tie of bfloat16 at this exponent, nudged by a few double steps either way: these are
        // the values a detour through float would round wrongly.
        double step = Math.scalb(1.0, Math.max(Math.getExponent(value), -126) - 8);
        value = Math.floor(value / step) * step;
        value += Math.ulp(value) * (random.nextInt(5) - 2);
      }
      values[i] = value;
    }
    Path file = write("F64", TestFiles.doublesLe(values));
    short[] rounded;
    try (WeightFile weights = WeightFile.open(file)) {
      rounded = weights.readBf16("x");
    }
    for (int i = 0; i < values.length; i++) {
      assertThat(rounded[i] & 0xFFFF).as("F64 %s", Double.toHexString(values[i]))
          .isEqualTo(reference(values[i]));
    }
  }

  /** The magnitudes of the finite non-negative bfloat16 values, indexed by their bits. */
  private static final BigDecimal[] MAGNITUDES = new BigDecimal[0x7F80];

  static {
    for (int bits = 0; bits < MAGNITUDES.length; bits++) {
      MAGNITUDES[bits] = new BigDecimal((double) Float.intBitsToFloat(bits << 16));
    }
  }

  /**
   * The bfloat16 nearest to {@code x} (not NaN) by the definition: of the two bfloat16 values
   * around it, the closer; at equal distance the one whose bits end in 0. Beyond the largest value,
   * the next one up is 2^128 (the exponent taken as unbounded), and choosing it means infinity.
   */
  private static int reference(double x) {
    int sign = Double.doubleToRawLongBits(x) < 0 ? 0x8000 : 0;
    if (Double.isInfinite(x)) {
      return sign | 0x7F80;
    }
    BigDecimal magnitude = new BigDecimal(Math.abs(x));
    int below = 0; // the largest bfloat16 not above the magnitude, by binary search
    int high = MAGNITUDES.length - 1;
    while (below < high) {
      int mid = (below + high + 1) >>> 1;
      if (MAGNITUDES[mid].compareTo(magnitude) <= 0) {
        below = mid;
      } else {
        high = mid - 1;
      }
    }
    BigDecimal next =
        below + 1 < MAGNITUDES.length ? MAGNITUDES[below + 1] : BigDecimal.valueOf(2).pow(128);
    int order =
        magnitude.subtract(MAGNITUDES[below]).compareTo(next.subtract(magnitude));
    int chosen = order < 0 || order == 0 && below % 2 == 0 ? below : below + 1;
    return sign | chosen;
  }

  /** A float NaN as a quiet bfloat16 NaN: sign and top payload bits kept, quiet bit set. */
  private static int quietNaN(float nan) {
    return Float.floatToRawIntBits(nan) >>> 16 | 0x0040;
  }

  /** IEEE 754 binary16 (not NaN) to double, straight from the definition. */
  private static double halfToDouble(int h) {
    int exponent = (h >>> 10) & 0x1F;
    int significand = h & 0x3FF;
    double sign = (h & 0x8000) != 0 ? -1 : 1;
    if (exponent == 0x1F) {
      return sign * Double.POSITIVE_INFINITY;
    }
    return sign
        * (exponent == 0
            ? significand * Math.pow(2, -24)
            : (1 + significand / 1024.0) * Math.pow(2, exponent - 15));
  }

  /** A safetensors file with one tensor, {@code x}, of {@code dtype} holding {@code data}. */
  private Path write(String dtype, byte[] data) throws IOException {
    String shape = "[" + data.length / DType.fromSafetensorsName(dtype).orElseThrow().byteSize() + "]";
    return TestFiles.write(
        dir, "x.safetensors", TestFiles.safetensorsOf("x", dtype, shape, data));
  }

  private static int readOne(Path file) throws IOException {
    try (WeightFile weights = WeightFile.open(file)) {
      short[] bits = weights.readBf16("x");
      assertThat(bits).hasSize(1);
      return bits[0] & 0xFFFF;
    }
  }

  private static int hex(String bits) {
    return Integer.parseInt(bits, 16);
  }
}
