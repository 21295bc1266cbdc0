package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.runtime.weights.SafetensorsWriter;
import dev.netc.runtime.weights.WeightFileException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed parameter loads: the shape check each makes, and the type check it leaves to the reader. */
class ParamLoaderTest {
  @TempDir Path dir;

  /** A [2, 3] tensor of each type the writers write, plus an F32 for the transposed case. */
  private Path weights() throws IOException {
    Path file = dir.resolve("params.safetensors");
    new SafetensorsWriter()
        .add("w", new float[] {1, 2, 3, 4, 5, 6}, 2, 3)
        .add("ids", new long[] {Long.MIN_VALUE, -1, 0, 1, 2, Long.MAX_VALUE}, 2, 3)
        .add("positions", new int[] {Integer.MIN_VALUE, -1, 0, 1, 2, Integer.MAX_VALUE}, 2, 3)
        .add("codes", new byte[] {-128, -1, 0, 1, 2, 127}, 2, 3)
        // bfloat16 bits of 1, -2, 0.5, -0, infinity and a quiet NaN
        .addBf16("half", new short[] {0x3F80, (short) 0xC000, 0x3F00, (short) 0x8000, 0x7F80, 0x7FC0}, 2, 3)
        .write(file);
    return file;
  }

  @Test
  @DisplayName("each typed load returns the tensor in its array type when the shape matches")
  void typedLoads() throws IOException {
    try (ParamLoader loader = ParamLoader.open(weights())) {
      assertThat(loader.f32("w", 2, 3)).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(loader.load("w", 2, 3)).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(loader.i64("ids", 2, 3)).containsExactly(Long.MIN_VALUE, -1, 0, 1, 2, Long.MAX_VALUE);
      assertThat(loader.i32("positions", 2, 3))
          .containsExactly(Integer.MIN_VALUE, -1, 0, 1, 2, Integer.MAX_VALUE);
      assertThat(loader.i8("codes", 2, 3)).containsExactly(-128, -1, 0, 1, 2, 127);
      assertThat(loader.bf16("half", 2, 3))
          .containsExactly(0x3F80, (short) 0xC000, 0x3F00, (short) 0x8000, 0x7F80, 0x7FC0);
      // Conversions come from the reader: I8 widens to i32 and i64, F32 rounds to bf16.
      assertThat(loader.i32("codes", 2, 3)).containsExactly(-128, -1, 0, 1, 2, 127);
      assertThat(loader.i64("codes", 2, 3)).containsExactly(-128, -1, 0, 1, 2, 127);
      assertThat(loader.bf16("w", 2, 3))
          .containsExactly(0x3F80, 0x4000, 0x4040, 0x4080, 0x40A0, 0x40C0);
      assertThat(loader.f32("half", 2, 3))
          .containsExactly(1f, -2f, 0.5f, -0f, Float.POSITIVE_INFINITY, Float.NaN);
    }
  }

  @Test
  @DisplayName("every typed load checks the shape and names the tensor, the expected and the found shape")
  void everyLoadChecksTheShape() throws IOException {
    Path file = weights();
    try (ParamLoader loader = ParamLoader.open(file)) {
      String transposed = ": the network needs shape [3, 2], the file holds [2, 3] (the transpose: declare the"
          + " layout the file uses, e.g. dense(..., layout=out_in))";
      assertThatThrownBy(() -> loader.f32("w", 3, 2))
          .isInstanceOf(WeightFileException.class)
          .hasMessage(file + ": tensor \"w\"" + transposed);
      assertThatThrownBy(() -> loader.load("w", 3, 2)).hasMessage(file + ": tensor \"w\"" + transposed);
      assertThatThrownBy(() -> loader.i64("ids", 3, 2)).hasMessage(file + ": tensor \"ids\"" + transposed);
      assertThatThrownBy(() -> loader.i32("positions", 6))
          .hasMessage(file + ": tensor \"positions\": the network needs shape [6], the file holds [2, 3]");
      assertThatThrownBy(() -> loader.i8("codes", 2, 3, 1))
          .hasMessage(file + ": tensor \"codes\": the network needs shape [2, 3, 1], the file holds [2, 3]");
      assertThatThrownBy(() -> loader.bf16("half"))
          .hasMessage(file + ": tensor \"half\": the network needs shape [], the file holds [2, 3]");
    }
  }

  @Test
  @DisplayName("a load of the wrong type fails with the reader's message, after the shape check")
  void wrongTypeFailsWithTheReadersMessage() throws IOException {
    Path file = weights();
    try (ParamLoader loader = ParamLoader.open(file)) {
      assertThatThrownBy(() -> loader.f32("ids", 2, 3))
          .isInstanceOf(WeightFileException.class)
          .hasMessage(file + ": tensor \"ids\": holds I64 values, but is read as floating point, which takes"
              + " F32, F16, BF16 and F64; read it with readLongs instead");
      assertThatThrownBy(() -> loader.i32("ids", 2, 3))
          .hasMessageContaining("its I64 element at flat index 0 is -9223372036854775808, beyond an int's range");
      assertThatThrownBy(() -> loader.i8("positions", 2, 3))
          .hasMessageContaining("tensor \"positions\": holds I32 values, but is read as int8");
      assertThatThrownBy(() -> loader.i64("w", 2, 3))
          .hasMessageContaining("tensor \"w\": holds F32 values, but is read as long");
      assertThatThrownBy(() -> loader.bf16("codes", 2, 3))
          .hasMessageContaining("tensor \"codes\": holds I8 values, but is read as bfloat16");
      // A wrong shape is reported first: it is what the spec's author can see and fix.
      assertThatThrownBy(() -> loader.f32("ids", 6)).hasMessageContaining("the network needs shape [6]");
      assertThatThrownBy(() -> loader.i64("missing", 1)).hasMessageContaining("tensor \"missing\": not found");
    }
  }
}
