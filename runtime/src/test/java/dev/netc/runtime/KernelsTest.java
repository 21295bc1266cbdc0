package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.netc.runtime.kernels.Activations;
import dev.netc.runtime.kernels.Elementwise;
import dev.netc.runtime.kernels.Layout;
import dev.netc.runtime.kernels.MatMul;
import dev.netc.runtime.kernels.Normalize;
import dev.netc.runtime.kernels.VectorMath;
import dev.netc.runtime.ops.ActivationKind;
import dev.netc.runtime.ops.ArithOp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The shared kernels against hand-worked values and their scalar definitions, on awkward sizes. */
class KernelsTest {
  @Test
  @DisplayName("sigmoid saturates without NaN: sigmoid(897) = 1, sigmoid(-531) = 0")
  void sigmoidSaturates() {
    float[] x = {897, -531, 0, 1e30f, -1e30f, Float.MAX_VALUE, -Float.MAX_VALUE, 3, -3, 0.5f, 1, 2, 4, 8, 16, 17, 33};
    float[] y = new float[x.length];
    Activations.apply(ActivationKind.SIGMOID, x, 0, y, 0, x.length, 0);
    assertThat(y[0]).isEqualTo(1f);
    assertThat(y[1]).isEqualTo(0f);
    assertThat(y[2]).isEqualTo(0.5f);
    for (int i = 0; i < x.length; i++) {
      assertThat(Float.isNaN(y[i])).as("sigmoid(%s)", x[i]).isFalse();
      assertThat((double) y[i]).isCloseTo(1 / (1 + Math.exp(-(double) x[i])), within(1e-6));
    }
  }

  @Test
  @DisplayName("vector gelu and tanh agree with their scalar definitions to float precision")
  void activationsMatchTheirDefinitions() {
    int n = 103;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (i - 51) / 8f;
    }
    float[] gelu = new float[n];
    float[] tanh = new float[n];
    Activations.apply(ActivationKind.GELU, x, 0, gelu, 0, n, 0);
    Activations.apply(ActivationKind.TANH, x, 0, tanh, 0, n, 0);
    for (int i = 0; i < n; i++) {
      double exact = ActivationKind.GELU.apply(x[i], 0);
      assertThat((double) gelu[i]).isCloseTo(exact, within(2e-6 * (1 + Math.abs(exact))));
      assertThat((double) tanh[i]).isCloseTo(Math.tanh(x[i]), within(1e-6));
      assertThat(VectorMath.gelu(x[i])).isCloseTo(gelu[i], within(1e-6f));
    }
  }

  @Test
  @DisplayName("an activation over a stored block touches only the block's columns, then adds the residual")
  void activationOverABlock() {
    int rows = 3;
    int cols = 21;
    int stride = 40;
    float[] out = new float[rows * stride];
    float[] res = new float[rows * stride];
    for (int i = 0; i < out.length; i++) {
      out[i] = (i % 13 - 6) / 3f;
      res[i] = i / 100f;
    }
    float[] before = out.clone();
    for (ActivationKind f : ActivationKind.values()) {
      float[] y = before.clone();
      Activations.applyBlock(f, y, 5, rows, cols, stride, 0.1f, res, 5);
      for (int i = 0; i < y.length; i++) {
        int row = (i - 5) / stride;
        int col = (i - 5) % stride;
        boolean inBlock = i >= 5 && row < rows && col < cols;
        float x = before[i];
        float expected = inBlock ? scalar(f, x) + res[i] : x;
        if (!Float.isFinite(expected)) {
          // log, sqrt and pow of a negative number, rsqrt of 0: NaN and infinity as Math has them.
          assertThat(Float.isNaN(y[i]) ? "NaN" : Float.toString(y[i])).as("%s at %d", f, i)
              .isEqualTo(Float.isNaN(expected) ? "NaN" : Float.toString(expected));
          continue;
        }
        assertThat(y[i]).as("%s at %d", f, i).isCloseTo(expected, within(2e-6f * (1 + Math.abs(expected))));
      }
    }
  }

  private static float scalar(ActivationKind f, float x) {
    return switch (f) {
      case IDENTITY -> x;
      case RELU -> VectorMath.relu(x);
      case LEAKY_RELU -> VectorMath.leakyRelu(x, 0.1f);
      case SIGMOID -> VectorMath.sigmoid(x);
      case TANH -> VectorMath.tanh(x);
      case GELU -> VectorMath.gelu(x);
      case GELU_TANH -> VectorMath.geluTanh(x);
      case EXP -> (float) Math.exp(x);
      case LOG -> (float) Math.log(x);
      case ERF -> VectorMath.erf(x);
      case SQRT -> (float) Math.sqrt(x);
      case RSQRT -> (float) (1 / Math.sqrt(x));
      case ABS -> Math.abs(x);
      case POW -> (float) Math.pow(x, 0.1f);
    };
  }


  @Test
  @DisplayName("softmax subtracts the row maximum: large logits give finite probabilities that sum to 1")
  void softmaxIsStable() {
    float[] x = {1000, 1001, 1002, -1e9f, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
    float[] y = new float[x.length];
    Normalize.softmax(x, 0, y, 0, 1, x.length, 1, false);
    double sum = 0;
    for (float v : y) {
      assertThat(Float.isNaN(v)).isFalse();
      sum += v;
    }
    assertThat(sum).isCloseTo(1, within(1e-6));
    assertThat((double) y[2]).isCloseTo(Math.exp(0) / (1 + Math.exp(-1) + Math.exp(-2)), within(1e-6));
  }

  @Test
  @DisplayName("broadcasting adds a row to every row and a column to every column")
  void broadcasting() {
    float[] a = {1, 2, 3, 4, 5, 6};
    float[] row = {10, 20, 30};
    float[] out = new float[6];
    Elementwise.apply(ArithOp.ADD, a, 0, new int[] {3, 1}, row, 0, new int[] {0, 1}, out, 0, new int[] {2, 3});
    assertThat(out).containsExactly(11, 22, 33, 14, 25, 36);
    float[] column = {100, 200};
    Elementwise.apply(ArithOp.SUB, a, 0, new int[] {3, 1}, column, 0, new int[] {1, 0}, out, 0, new int[] {2, 3});
    assertThat(out).containsExactly(-99, -98, -97, -196, -195, -194);
  }

  @Test
  @DisplayName("gather transposes with permuted strides and slices with an offset")
  void gather() {
    float[] x = {0, 1, 2, 3, 4, 5};
    float[] t = new float[6];
    Layout.gather(x, 0, new int[] {1, 3}, t, 0, new int[] {3, 2});
    assertThat(t).containsExactly(0, 3, 1, 4, 2, 5);
    float[] s = new float[2];
    Layout.gather(x, 1, new int[] {3, 1}, s, 0, new int[] {2, 1});
    assertThat(s).containsExactly(1, 4);
  }

  @Test
  @DisplayName("a batched product broadcasts an operand with stride 0")
  void batchedProduct() {
    float[] a = {1, 2, 3, 4, 5, 6, 7, 8};
    float[] b = {1, 0, 0, 1};
    float[] c = new float[8];
    MatMul.batched(a, 0, new int[] {4}, b, 0, new int[] {0}, c, 0, new int[] {2}, 2, 2, 2);
    assertThat(c).containsExactly(a);
  }

  @Test
  @DisplayName("packing puts each panel's rows together and pads the last panel with zeros")
  void packing() {
    float[] w = {1, 2, 3, 4, 5, 6};
    assertThat(Layout.packPanels(w, 2, 3, false, 2)).containsExactly(1, 2, 4, 5, 3, 0, 6, 0);
    assertThat(Layout.packPanels(new float[] {1, 4, 2, 5, 3, 6}, 2, 3, true, 2)).containsExactly(1, 2, 4, 5, 3, 0, 6, 0);
    // One panel at a time, into a reused array: the tail panel's padding is written, not left over.
    float[] panel = {9, 9, 9, 9};
    Layout.packPanel(w, 2, 3, false, 2, 1, panel, 0);
    assertThat(panel).containsExactly(3, 0, 6, 0);
  }
}
