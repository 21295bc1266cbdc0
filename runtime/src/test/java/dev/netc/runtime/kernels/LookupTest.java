package dev.netc.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Lookup} and {@link Convert} against a scalar reference, on awkward sizes and offsets. */
class LookupTest {
  @Test
  @DisplayName("take equals the element-by-element gather for every axis split, index type and offset")
  void takeMatchesReference() {
    Random random = new Random(3);
    int[][] splits = {{1, 7, 3}, {5, 1, 1}, {2, 9, 17}, {3, 4, 1}, {1, 100, 33}};
    for (int[] split : splits) {
      int outer = split[0];
      int length = split[1];
      int inner = split[2];
      float[] x = new float[3 + outer * length * inner];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextFloat();
      }
      int[] shape = {2, 3};
      long[] longs = new long[2 + 6];
      int[] ints = new int[2 + 6];
      for (int j = 0; j < 6; j++) {
        longs[2 + j] = random.nextInt(2 * length) - length;
        ints[2 + j] = (int) longs[2 + j];
      }
      float[] want = new float[1 + outer * 6 * inner];
      for (int o = 0; o < outer; o++) {
        for (int j = 0; j < 6; j++) {
          long at = longs[2 + j] < 0 ? longs[2 + j] + length : longs[2 + j];
          for (int k = 0; k < inner; k++) {
            want[1 + (o * 6 + j) * inner + k] = x[3 + (int) ((o * length + at) * inner + k)];
          }
        }
      }
      float[] fromLongs = new float[want.length];
      Lookup.take(x, 3, outer, length, inner, longs, 2, shape, true, "op", "i", fromLongs, 1);
      float[] fromInts = new float[want.length];
      Lookup.take(x, 3, outer, length, inner, ints, 2, shape, true, "op", "i", fromInts, 1);
      assertThat(fromLongs).as("%s, i64", java.util.Arrays.toString(split)).containsExactly(want);
      assertThat(fromInts).as("%s, i32", java.util.Arrays.toString(split)).containsExactly(want);
    }
  }

  @Test
  @DisplayName("integer tensors are looked up too")
  void takeIntegers() {
    long[] x = {5, 6, 7, 8};
    long[] out = new long[3];
    Lookup.take(x, 0, 1, 4, 1, new int[] {3, 0, 3}, 0, new int[] {3}, false, "op", "i", out, 0);
    assertThat(out).containsExactly(8, 5, 8);
    int[] y = new int[2];
    Lookup.take(new int[] {1, 2, 3, 4}, 0, 2, 2, 1, new long[] {-1}, 0, new int[] {}, true, "op", "i", y, 0);
    assertThat(y).containsExactly(2, 4);
  }

  @Test
  @DisplayName("an index out of range throws with its position, flat index, value and the valid range")
  void outOfRange() {
    float[] table = new float[10];
    float[] out = new float[12];
    assertThatThrownBy(() -> Lookup.take(table, 0, 1, 5, 2, new long[] {0, 1, 2, 3, 4, 5}, 0, new int[] {2, 3}, false,
        "e = embedding(E, ids)", "ids", out, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("e = embedding(E, ids): ids[1, 2] (flat index 5) is 5, outside [0, 5)");
    assertThatThrownBy(() -> Lookup.take(table, 0, 1, 5, 2, new int[] {-6}, 0, new int[] {1}, true, "g", "i", out, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("g: i[0] (flat index 0) is -6, outside [-5, 5)");
    assertThatThrownBy(() -> Lookup.take(table, 0, 1, 5, 2, new long[] {Long.MIN_VALUE}, 0, new int[] {}, true, "g",
        "i", out, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("g: i[] (flat index 0) is -9223372036854775808, outside [-5, 5)");
  }

  @Test
  @DisplayName("cast truncates toward zero, maps NaN to 0, saturates floats and wraps longs")
  void cast() {
    float[] x = {2.7f, -2.7f, 0.5f, -0.5f, Float.NaN, 1e20f};
    long[] longs = new long[6];
    Convert.cast(x, 0, longs, 0, 6);
    assertThat(longs).containsExactly(2, -2, 0, 0, 0, Long.MAX_VALUE);
    int[] ints = new int[7];
    Convert.cast(x, 0, ints, 1, 6);
    assertThat(ints).containsExactly(0, 2, -2, 0, 0, 0, Integer.MAX_VALUE);
    int[] wrapped = new int[1];
    Convert.cast(new long[] {(1L << 32) + 5}, 0, wrapped, 0, 1);
    assertThat(wrapped).containsExactly(5);
    float[] floats = new float[2];
    Convert.cast(new long[] {0, 16_777_217}, 0, floats, 0, 2);
    assertThat(floats).containsExactly(0, 16_777_216);
    long[] widened = new long[1];
    Convert.cast(new int[] {-3}, 0, widened, 0, 1);
    assertThat(widened).containsExactly(-3);
    float[] fromInts = new float[1];
    Convert.cast(new int[] {7}, 0, fromInts, 0, 1);
    assertThat(fromInts).containsExactly(7);
  }

  @Test
  @DisplayName("integer transposes, slices and concatenations move the same elements as the float ones")
  void integerLayout() {
    long[] x = {0, 1, 2, 10, 11, 12};
    long[] t = new long[6];
    Layout.gather(x, 0, new int[] {1, 3}, t, 0, new int[] {3, 2});
    assertThat(t).containsExactly(0, 10, 1, 11, 2, 12);
    int[] xi = {0, 1, 2, 10, 11, 12};
    int[] slice = new int[2];
    Layout.gather(xi, 1, new int[] {3, 1}, slice, 0, new int[] {2, 1});
    assertThat(slice).containsExactly(1, 11);
    long[] joined = new long[8];
    Layout.concatPart(x, 0, joined, 0, 2, 3, 1, 0, 4);
    Layout.concatPart(new long[] {7, 8}, 0, joined, 0, 2, 1, 1, 3, 4);
    assertThat(joined).containsExactly(0, 1, 2, 7, 10, 11, 12, 8);
  }
}
