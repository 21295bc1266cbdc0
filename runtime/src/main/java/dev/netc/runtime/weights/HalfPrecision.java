package dev.netc.runtime.weights;

/**
 * Conversions between the 16-bit floating-point formats weight files store and {@code float} or
 * {@code double}: IEEE 754 binary16 (F16) and bfloat16 (BF16, the upper half of a binary32).
 *
 * <p>Widening is exact. Narrowing to bfloat16 rounds to nearest, ties to even, as IEEE 754 and
 * PyTorch's {@code .to(torch.bfloat16)} do: values beyond bfloat16's largest finite value round to
 * infinity, values below its smallest subnormal to a zero of the same sign.
 */
public final class HalfPrecision {
  /** bfloat16's exponent field all ones with the top significand bit: a quiet NaN. */
  private static final int BFLOAT16_QUIET_NAN = 0x7FC0;

  /** The significand bits of a bfloat16 NaN below its quiet bit. */
  private static final int BFLOAT16_PAYLOAD = 0x3F;

  /** bfloat16 and binary32 share their exponent range, so the smallest normal is 2^-126. */
  private static final int MIN_NORMAL_EXPONENT = -126;

  /** bfloat16 keeps 7 significand bits after the leading one. */
  private static final int SIGNIFICAND_BITS = 7;

  private HalfPrecision() {}

  /**
   * Widens IEEE 754 binary16 exactly. Written out rather than left to {@code Float.float16ToFloat},
   * which sets the quiet bit of signaling NaNs; this keeps every bit of the payload, as NumPy's
   * {@code astype(np.float32)} does, so that values match NumPy's bit for bit.
   */
  static float float16ToFloat(short half) {
    int bits = half & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1F;
    int significand = bits & 0x3FF;
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F80_0000 | significand << 13); // infinity or NaN
    }
    if (exponent != 0) {
      // Rebias the exponent from 15 to 127; the significand gains 13 trailing zero bits.
      return Float.intBitsToFloat(sign | (exponent + 112) << 23 | significand << 13);
    }
    // Zero or subnormal: significand × 2^-24, exact in a float.
    float magnitude = significand * 0x1p-24f;
    return Float.intBitsToFloat(sign | Float.floatToRawIntBits(magnitude));
  }

  /** bfloat16 is the top half of a binary32, so widening is a shift. */
  public static float bfloat16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /**
   * The bfloat16 nearest to {@code value}. A NaN keeps its sign and the top of its payload and
   * becomes quiet: cutting a signaling NaN to 16 bits could otherwise leave a zero significand,
   * which is infinity.
   */
  public static short toBfloat16(float value) {
    if (Float.isNaN(value)) {
      int bits = Float.floatToRawIntBits(value);
      return (short) (bits >>> 16 & 0x8000 | BFLOAT16_QUIET_NAN | bits >>> 16 & BFLOAT16_PAYLOAD);
    }
    return round(value); // a float widens to double exactly
  }

  /**
   * The bfloat16 nearest to {@code value}, rounded once: going through {@code float} would round
   * twice, and a value just above a bfloat16 tie that becomes the tie as a float would then round
   * the wrong way. NaNs become quiet as in {@link #toBfloat16(float)}.
   */
  static short toBfloat16(double value) {
    if (Double.isNaN(value)) {
      long bits = Double.doubleToRawLongBits(value);
      int top = (int) (bits >>> 48); // sign, exponent and the first 4 significand bits
      int payload = (int) (bits >>> 45) & BFLOAT16_PAYLOAD;
      return (short) (top & 0x8000 | BFLOAT16_QUIET_NAN | payload);
    }
    return round(value);
  }

  /** Rounds a number (not NaN) to the nearest bfloat16, ties to even. */
  private static short round(double value) {
    // bfloat16's spacing at value: 8 significant bits, and no finer than the smallest subnormal,
    // 2^-133. Scaling by it is exact, so rint rounds the exact value once, ties to even; the
    // product is a bfloat16 value, or 2^128 and beyond, which the cast makes infinity. Zeros keep
    // their sign through all three steps, and infinities pass through unchanged.
    int exponent = Math.max(Math.getExponent(value), MIN_NORMAL_EXPONENT);
    double spacing = Math.scalb(1.0, exponent - SIGNIFICAND_BITS);
    float rounded = (float) (Math.rint(value / spacing) * spacing);
    return (short) (Float.floatToRawIntBits(rounded) >>> 16);
  }

  /** {@code values} rounded to bfloat16 one by one, as {@link #toBfloat16(float)} rounds each. */
  public static short[] toBfloat16(float[] values) {
    short[] bits = new short[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = toBfloat16(values[i]);
    }
    return bits;
  }
}
