package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The messages of generated code's argument checks. */
class ChecksTest {
  @Test
  @DisplayName("tooShort says how many elements the array holds from the offset and how many the shape needs")
  void tooFewFromTheOffset() {
    assertThat(Checks.tooShort("x", new float[208], 8, 256, "[64, 4]"))
        .hasMessage("x holds 200 floats from offset 8, but its shape [64, 4] needs 256 from there");
    assertThat(Checks.tooShort("ids", new int[10], 10, 3, "[3]"))
        .hasMessage("ids holds 0 ints from offset 10, but its shape [3] needs 3 from there");
    assertThat(Checks.tooShort("tokens", new long[5], 0, 6, "[2, 3]"))
        .hasMessage("tokens holds 5 longs, but its shape [2, 3] needs 6");
  }

  @Test
  @DisplayName("tooShort names a null array with the elements it should hold")
  void nullArray() {
    assertThat(Checks.tooShort("x", (float[]) null, 0, 256, "[64, 4]"))
        .hasMessage("x is null; expected [64, 4] = 256 floats");
    assertThat(Checks.tooShort("ids", (int[]) null, 4, 6, "[B, 3]"))
        .hasMessage("ids is null; expected [B, 3] = 6 ints from offset 4");
    assertThat(Checks.tooShort("tokens", (long[]) null, 0, 1, "[1]"))
        .hasMessage("tokens is null; expected [1] = 1 longs");
  }

  @Test
  @DisplayName("tooShort refuses a negative offset and one past the end of the array")
  void badOffsets() {
    assertThat(Checks.tooShort("x", new float[8], -1, 4, "[4]"))
        .hasMessage("the offset of x is -1; it must be 0 or more");
    assertThat(Checks.tooShort("ids", new int[8], Integer.MIN_VALUE, 4, "[4]"))
        .hasMessage("the offset of ids is -2147483648; it must be 0 or more");
    assertThat(Checks.tooShort("x", new float[200], 300, 256, "[64, 4]"))
        .hasMessage("x holds 200 floats, so offset 300 lies beyond its end; its shape [64, 4] needs 256 floats"
            + " from there");
    assertThat(Checks.tooShort("tokens", new long[0], 1, 0, "[0]"))
        .hasMessage("tokens holds 0 longs, so offset 1 lies beyond its end; its shape [0] needs 0 longs from there");
  }

  @Test
  @DisplayName("run-time dimensions must be at least 1 and sizes must fit a Java array")
  void dimensionsAndSizes() {
    Checks.dimension("B", 1);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Checks.dimension("B", 0))
        .withMessage("the run-time dimension B must be at least 1, found 0");
    assertThat(Checks.size("h", 12)).isEqualTo(12);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Checks.size("h", 1L << 31))
        .withMessage("h would need 2147483648 floats, more than a Java array holds; use a smaller batch");
  }
}
