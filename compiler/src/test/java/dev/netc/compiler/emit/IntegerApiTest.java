package dev.netc.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.passes.Passes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The generated API of a network with integer inputs and outputs: its signatures and what its Javadoc says. */
class IntegerApiTest {
  @Test
  @DisplayName("integer inputs are long[] and int[]; the Javadoc names the array types and when a lookup throws")
  void signaturesAndJavadoc() {
    String source = Generate.text(Generate.files(Passes.optimize(Networks.ir("""
        network Tokens {
          input ids: i64[N, T]
          input mask: i32[N, T]
          param E: f32[4, 2] = [0, 1, 2, 3, 4, 5, 6, 7]
          output e = embedding(E, ids) * reshape(cast(mask, f32), [N, T, 1])
          output kept = cast(mask, i64)
        }
        """)), "demo"));
    assertThat(source).contains(
        "<li>{@code ids}: i64[N, T], a {@code long[]}",
        "<li>{@code mask}: i32[N, T], a {@code int[]}",
        "<li>{@code e}: f32[N, T, 2]\n",
        "<li>{@code kept}: i64[N, T], a {@code long[]}",
        "Object[] outputs = net.forward(ids, mask, n, t);",
        "public Object[] forward(long[] ids, int[] mask, int n, int t)",
        "e ({@code float[]}), kept ({@code long[]})",
        "public void forward(long[] ids, int[] mask, int n, int t, float[] e, long[] kept)",
        "or if an id or index (of {@code embedding} or {@code gather}) is outside its axis",
        "Lookup.take(this.E, 0, 1, 4, 2, ids, idsOffset, ",
        "Convert.cast(mask, maskOffset, ");
  }

  @Test
  @DisplayName("a single integer output is returned as its own array type")
  void singleIntegerOutput() {
    String source = Generate.text(Generate.files(Passes.optimize(Networks.ir("""
        network Ids {
          input x: f32[N, 3]
          output ids = cast(x, i32)
        }
        """)), "demo"));
    assertThat(source).contains("public int[] forward(float[] x, int n)", "int[] ids = net.forward(x, n);")
        .doesNotContain("outside its axis");
  }
}
