package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.runtime.kernels.Layout;
import dev.netc.runtime.weights.SafetensorsWriter;
import dev.netc.runtime.weights.WeightFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 8-bit weights: the quantization, by hand-checked examples, the packing, and the reads of a file. */
class Int8WeightTest {
  @TempDir Path dir;

  @Test
  @DisplayName("each column's scale is its largest magnitude / 127, and values round to nearest, ties to even")
  void quantizesPerColumn() {
    // Column 0: max 1, scale 1/127; 0.5 / (1/127) = 63.5 -> 64 (even). Column 1: max 4, scale 4/127;
    // -2 / (4/127) = -63.5 -> -64 (even).
    Int8Weight q = Int8Weight.quantize(new float[] {1, -2, 0.5f, 4}, 2, 2, 1, "W");
    assertThat(q.scales()).containsExactly(1f / 127, 4f / 127);
    assertThat(q.values()).containsExactly(127, -64, 64, 127);
    assertThat(q.dequantized()).containsExactly(1f, -64 * (4f / 127), 64 * (1f / 127), 4f);
  }

  @Test
  @DisplayName("along axis 0 each row has its scale: a PyTorch [out, in] weight scaled per output")
  void quantizesPerRow() {
    Int8Weight q = Int8Weight.quantize(new float[] {1, -2, 0.5f, 4}, 2, 2, 0, "W");
    // Row 0: max 2, scale 2/127; 1 / (2/127) = 63.5 -> 64. Row 1: max 4; 0.5 / (4/127) = 15.875 -> 16.
    assertThat(q.scales()).containsExactly(2f / 127, 4f / 127);
    assertThat(q.values()).containsExactly(64, -127, 16, 127);
  }

  @Test
  @DisplayName("an all-zero column has scale 0 and stays zero; no value exceeds 127 in magnitude")
  void zerosAndRange() {
    Int8Weight q = Int8Weight.quantize(new float[] {0, -3, 0, 3, 0, -1e-30f}, 3, 2, 1, "W");
    assertThat(q.scales()[0]).isZero();
    assertThat(q.dequantized()).containsExactly(0, -3, 0, 3, 0, 0);
    Random random = new Random(5);
    float[] w = new float[64 * 48];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (random.nextGaussian() * Math.exp(random.nextGaussian()));
    }
    Int8Weight r = Int8Weight.quantize(w, 64, 48, 1, "W");
    float[] back = r.dequantized();
    for (int i = 0; i < w.length; i++) {
      assertThat(r.values()[i]).isBetween((byte) -127, (byte) 127);
      // At most half a step off, and the product rounding to float.
      assertThat((double) Math.abs(back[i] - w[i])).isLessThanOrEqualTo(r.scales()[i % 48] * 0.5 * (1 + 1e-6));
    }
  }

  @Test
  @DisplayName("a NaN or infinite weight cannot be quantized, and the message says where and what to do")
  void nonFinite() {
    assertThatThrownBy(() -> Int8Weight.quantize(new float[] {1, Float.NaN, 2, 3}, 2, 2, 1, "fc1.weight"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fc1.weight holds NaN at [0, 1], which 8-bit weights cannot represent; keep this weight in f32");
  }

  @Test
  @DisplayName("packed 8-bit panels are the f32 panels' layout; the columns hold the scales, then the bias")
  void packing() {
    Random random = new Random(9);
    int k = 5;
    int n = 37;
    float[] w = new float[k * n];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) random.nextGaussian();
    }
    for (boolean transposed : new boolean[] {false, true}) {
      Int8Weight q = Int8Weight.quantize(w, transposed ? n : k, transposed ? k : n, transposed ? 0 : 1, "W");
      byte[] packed = Layout.packPanels(q, k, n, transposed, 32);
      float[] asFloats = new float[q.values().length];
      for (int i = 0; i < asFloats.length; i++) {
        asFloats[i] = q.values()[i];
      }
      float[] expected = Layout.packPanels(asFloats, k, n, transposed, 32);
      assertThat(packed).hasSize(expected.length);
      for (int i = 0; i < packed.length; i++) {
        assertThat((float) packed[i]).isEqualTo(expected[i]);
      }
      float[] bias = new float[n];
      java.util.Arrays.fill(bias, 0.25f);
      float[] columns = Layout.columns(q, bias, k, n, transposed, 64);
      assertThat(columns).hasSize(128);
      for (int c = 0; c < 64; c++) {
        assertThat(columns[c]).isEqualTo(c < n ? q.scales()[c] : 0);
        assertThat(columns[64 + c]).isEqualTo(c < n ? 0.25f : 0);
      }
    }
    Int8Weight perInput = Int8Weight.quantize(w, k, n, 0, "W");
    assertThatThrownBy(() -> Layout.packPanels(perInput, k, n, false, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Int8Weight[5 x 37, scales along axis 0] is not a 5 x 37 weight scaled along axis 1");
  }

  @Test
  @DisplayName("a file's I8 weight is read as stored with its scales; an F32 one is quantized on load")
  void reads() throws IOException {
    Path file = dir.resolve("q.safetensors");
    new SafetensorsWriter()
        .add("w", new byte[] {127, -64, 64, 127}, 2, 2)
        .add("w.scale", new float[] {0.5f, 0.25f}, 2)
        .add("f", new float[] {1, -2, 0.5f, 4}, 2, 2)
        .add("bare", new byte[] {1, 2, 3, 4}, 2, 2)
        .add("bad", new byte[] {1, 2, 3, 4}, 2, 2)
        .add("bad.scale", new float[] {0.5f, -1}, 2)
        .add("nan", new float[] {1, Float.NaN, 0, 0}, 2, 2)
        .write(file);
    try (ParamLoader loader = ParamLoader.open(file)) {
      Int8Weight w = loader.int8("w", 1, 2, 2);
      assertThat(w.values()).containsExactly(127, -64, 64, 127);
      assertThat(w.dequantized()).containsExactly(63.5f, -16, 32, 31.75f);
      assertThat(loader.int8("f", 1, 2, 2)).isEqualTo(Int8Weight.quantize(new float[] {1, -2, 0.5f, 4}, 2, 2, 1, "f"));
      assertThatThrownBy(() -> loader.int8("bare", 1, 2, 2)).isInstanceOf(WeightFileException.class)
          .hasMessageContaining("holds I8 values, but the file has no tensor bare.scale with their scales (F32, one "
              + "per column: [2]); add it, or store the weight as F32 and netc quantizes it");
      assertThatThrownBy(() -> loader.int8("bad", 1, 2, 2)).isInstanceOf(WeightFileException.class)
          .hasMessageContaining("scale 1 is -1.0; an I8 weight's scales are finite and not negative");
      assertThatThrownBy(() -> loader.int8("w", 0, 2, 3)).isInstanceOf(WeightFileException.class)
          .hasMessageContaining("the network needs shape [2, 3], the file holds [2, 2]");
      assertThatThrownBy(() -> loader.int8("nan", 1, 2, 2)).isInstanceOf(WeightFileException.class)
          .hasMessageContaining("the weight holds NaN at [0, 1], which 8-bit weights cannot represent");
    }
  }
}
