package dev.netc.compiler.passes;

import static dev.netc.compiler.passes.PassFixtures.applyChecked;
import static dev.netc.compiler.passes.PassFixtures.ir;
import static dev.netc.compiler.passes.PassFixtures.literal;
import static dev.netc.compiler.passes.PassFixtures.named;
import static dev.netc.compiler.passes.PassFixtures.ofKind;
import static dev.netc.compiler.passes.PassFixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.netc.runtime.ops.ActivationKind;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.IrPrinter;
import dev.netc.compiler.ir.Op;
import org.junit.jupiter.api.Test;

class LinearFoldingTest {
  /** The ImageFlip network without the relu: two affine layers in a row. */
  static final String LINEAR_FLIP = EpilogueFusionTest.IMAGE_FLIP.replace("h = relu(x @ W1 + b1)", "h = x @ W1 + b1");

  private static IrGraph fused(String spec) {
    return applyChecked(new EpilogueFusion(), ir(spec));
  }

  @Test
  void twoAffineLayersBecomeOne() {
    IrGraph g = applyChecked(new LinearFolding(), fused(LINEAR_FLIP));
    assertThat(IrPrinter.print(g)).isEqualTo("""
        network ImageFlip (run-time dims: N)
          x     = input x                                  f32[N, 4]
          W1_W2 = param W1_W2 (inline)                     f32[4, 4]
          b1_b2 = param b1_b2 (inline)                     f32[4]
          y_hat = gemm(x, W1_W2, b1_b2)                    f32[N, 4]
          outputs: y_hat = y_hat
        """);
    assertThat(ofKind(g, Op.Gemm.class)).singleElement()
        .satisfies(n -> assertThat(n.op()).isEqualTo(new Op.Gemm(false, true, ActivationKind.IDENTITY, 0, 1)));

    double[][] w1 = {{0.2, -0.5, 0.1}, {-0.3, 0.4, -0.2}, {0.1, 0.3, 0.5}, {-0.4, 0.2, -0.1}};
    double[] b1 = {0.1, -0.1, 0.0};
    double[][] w2 = {{0.3, -0.2, 0.4, 0.1}, {-0.1, 0.5, -0.3, 0.2}, {0.2, -0.4, 0.1, -0.5}};
    double[] b2 = {0.0, 0.1, -0.1, 0.0};
    float[] wEff = values(g, "W1_W2");
    float[] bEff = values(g, "b1_b2");
    for (int j = 0; j < 4; j++) {
      double b = b2[j];
      for (int k = 0; k < 3; k++) {
        b += b1[k] * w2[k][j];
      }
      assertThat((double) bEff[j]).as("b_eff[%d]", j).isCloseTo(b, within(1e-6));
      for (int i = 0; i < 4; i++) {
        double w = 0;
        for (int k = 0; k < 3; k++) {
          w += w1[i][k] * w2[k][j];
        }
        assertThat((double) wEff[i * 4 + j]).as("W_eff[%d][%d]", i, j).isCloseTo(w, within(1e-6));
      }
    }
    // The folded layer, by hand: y = x @ W_eff + b_eff for x = [1, 0, 1, 1].
    double[] x = {1, 0, 1, 1};
    double[] y = new double[4];
    for (int j = 0; j < 4; j++) {
      y[j] = bEff[j];
      for (int i = 0; i < 4; i++) {
        y[j] += x[i] * (double) wEff[i * 4 + j];
      }
    }
    assertThat(y).containsExactly(new double[] {0.11, -0.15, -0.02, -0.27}, within(1e-6));
  }

  @Test
  void anActivationBetweenTheLayersStopsTheFold() {
    IrGraph before = fused(EpilogueFusionTest.IMAGE_FLIP);
    assertThat(applyChecked(new LinearFolding(), before)).isEqualTo(before);
  }

  @Test
  void weightsFromAFileAreNotFolded() {
    IrGraph before = fused("""
        network Dense {
          weights "w.safetensors"
          input x: f32[N, 16]
          h = dense(x, 8)
          output y = dense(h, 4)
        }
        """);
    assertThat(ofKind(before, Op.Gemm.class)).hasSize(2);
    assertThat(applyChecked(new LinearFolding(), before)).isEqualTo(before);
  }

  @Test
  void aFirstLayerThatIsAlsoAnOutputOrReadTwiceStays() {
    String spec = LINEAR_FLIP.replace("h = x @ W1 + b1", "output h = x @ W1 + b1");
    IrGraph before = fused(spec);
    assertThat(applyChecked(new LinearFolding(), before)).isEqualTo(before);
    IrGraph twice = fused(LINEAR_FLIP.replace("output y_hat = h @ W2 + b2", "output y_hat = h @ W2 + b2\n output z = relu(h)"));
    assertThat(applyChecked(new LinearFolding(), twice)).isEqualTo(twice);
  }

  @Test
  void transposedWeightsScalesMissingBiasesAndLongChainsFold() {
    // x @ W1.T (scaled by 2) -> @ W2 + b2 -> @ W3.T, relu: one Gemm with relu.
    IrGraph before = fused("""
        network Chain {
          input x: f32[N, 3]
          param W1: f32[4, 3] = %s
          param W2: f32[4, 4] = %s
          param b2: f32[4] = %s
          param W3: f32[3, 4] = %s
          a = (x @ W1.T) * 2
          b = a @ W2 + b2
          output y = relu(b @ W3.T)
        }
        """.formatted(literal(12, 1), literal(16, 2), literal(4, 3), literal(12, 4)));
    IrGraph g = applyChecked(new LinearFolding(), before);
    assertThat(IrPrinter.print(g)).isEqualTo("""
        network Chain (run-time dims: N)
          x        = input x                                  f32[N, 3]
          W1_W2_W3 = param W1_W2_W3 (inline)                  f32[3, 3]
          b2_W3    = param b2_W3 (inline)                     f32[3]
          y        = gemm(x, W1_W2_W3, b2_W3) relu            f32[N, 3]
          outputs: y = y
        """);
    double[][] w1 = matrix(before, "W1", 4, 3);
    double[][] w2 = matrix(before, "W2", 4, 4);
    double[][] w3 = matrix(before, "W3", 3, 4);
    double[] b2 = matrix(before, "b2", 1, 4)[0];
    float[] w = values(g, "W1_W2_W3");
    float[] b = values(g, "b2_W3");
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double expected = 0;
        for (int k = 0; k < 4; k++) {
          for (int l = 0; l < 4; l++) {
            expected += 2 * w1[k][i] * w2[k][l] * w3[j][l];
          }
        }
        assertThat((double) w[i * 3 + j]).isCloseTo(expected, within(1e-5));
      }
    }
    for (int j = 0; j < 3; j++) {
      double expected = 0;
      for (int l = 0; l < 4; l++) {
        expected += b2[l] * w3[j][l];
      }
      assertThat((double) b[j]).isCloseTo(expected, within(1e-5));
    }
  }

  @Test
  void aBottleneckIsNotWidened() {
    // 8 -> 1 -> 8 is 16 weights; folded it would be 64.
    IrGraph before = fused("""
        network Bottleneck {
          input x: f32[N, 8]
          param A: f32[8, 1] = %s
          param B: f32[1, 8] = %s
          output y = (x @ A) @ B
        }
        """.formatted(literal(8, 1), literal(8, 2)));
    assertThat(applyChecked(new LinearFolding(), before)).isEqualTo(before);
  }

  @Test
  void newParameterNamesAreUnique() {
    IrGraph g = applyChecked(new LinearFolding(), fused("""
        network Names {
          input x: f32[N, 2]
          param W1: f32[2, 2] = [1, 2, 3, 4]
          param W2: f32[2, 2] = [5, 6, 7, 8]
          param W1_W2: f32[2, 2] = [0, 1, 1, 0]
          output y = (x @ W1) @ W2
          output z = x @ W1_W2
        }
        """));
    IrNode y = named(g, "y");
    assertThat(g.node(y.inputs().get(1)).name()).isEqualTo("W1_W2_2");
    assertThat(values(g, "W1_W2_2")).containsExactly(19, 22, 43, 50);
  }

  private static double[][] matrix(IrGraph g, String param, int rows, int cols) {
    float[] v = values(g, param);
    double[][] m = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        m[i][j] = v[i * cols + j];
      }
    }
    return m;
  }
}
