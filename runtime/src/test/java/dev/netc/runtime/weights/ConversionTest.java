package dev.netc.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every one of the 65,536 F16 and BF16 bit patterns, read from a safetensors file, against
 * conversions computed here from the definitions of the formats.
 */
class ConversionTest {
  @TempDir Path dir;

  @Test
  void everyHalfAndBfloat16Value() throws IOException {
    ByteBuffer data = ByteBuffer.allocate(2 * 2 * 65536).order(ByteOrder.LITTLE_ENDIAN);
    for (int pass = 0; pass < 2; pass++) {
      for (int bits = 0; bits < 65536; bits++) {
        data.putShort((short) bits);
      }
    }
    String header =
        "{\"bf16\":{\"dtype\":\"BF16\",\"shape\":[256,256],\"data_offsets\":[0,131072]},"
            + "\"f16\":{\"dtype\":\"F16\",\"shape\":[65536],\"data_offsets\":[131072,262144]}}";
    Path file =
        TestFiles.write(dir, "all.safetensors", TestFiles.safetensors(header, data.array()));

    try (WeightFile weights = WeightFile.open(file)) {
      float[] half = weights.readFloats("f16");
      float[] bfloat = weights.readFloats("bf16");
      for (int bits = 0; bits < 65536; bits++) {
        assertThat(Float.floatToRawIntBits(half[bits]))
            .as("F16 %04x", bits)
            .isEqualTo(halfToFloatBits(bits));
        assertThat(Float.floatToRawIntBits(bfloat[bits]))
            .as("BF16 %04x", bits)
            .isEqualTo(bits << 16);
      }
    }
  }

  @Test
  void f64NarrowsToTheNearestFloat() throws IOException {
    double[] values = {0.1, 1e300, -1e-300, 1 + Math.ulp(1f) / 2, Double.NaN, -0.0, 65504.0};
    ByteBuffer data = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      data.putDouble(v);
    }
    String header =
        "{\"d\":{\"dtype\":\"F64\",\"shape\":["
            + values.length
            + "],\"data_offsets\":[0,"
            + 8 * values.length
            + "]}}";
    Path file = TestFiles.write(dir, "d.safetensors", TestFiles.safetensors(header, data.array()));
    try (WeightFile weights = WeightFile.open(file)) {
      assertThat(weights.readFloats("d"))
          .containsExactly(0.1f, Float.POSITIVE_INFINITY, -0f, 1f, Float.NaN, -0f, 65504f);
    }
  }

  /** IEEE 754 binary16 to binary32, straight from the definition. */
  private static int halfToFloatBits(int h) {
    int sign = (h >>> 15) << 31;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x3FF;
    if (exponent == 0x1F) {
      return sign | 0x7F80_0000 | mantissa << 13; // infinity, or NaN keeping its payload
    }
    double magnitude =
        exponent == 0
            ? mantissa * Math.pow(2, -24) // subnormal (or zero)
            : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
    return sign | Float.floatToRawIntBits((float) magnitude);
  }
}
