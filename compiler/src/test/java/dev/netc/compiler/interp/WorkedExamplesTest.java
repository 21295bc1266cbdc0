package dev.netc.compiler.interp;

import static dev.netc.compiler.interp.Nets.F32;
import static dev.netc.compiler.interp.Nets.assertClose;
import static dev.netc.compiler.interp.Nets.shape;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.Frontend;
import dev.netc.compiler.ir.IrBuilder;
import dev.netc.compiler.ir.IrGraph;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Whole networks whose results were worked out by hand (the sums are short enough to check on paper). */
class WorkedExamplesTest {
  private static final String WEIGHTS = """
        param  W1: f32[4, 3] = [[0.2, -0.5, 0.1], [-0.3, 0.4, -0.2], [0.1, 0.3, 0.5], [-0.4, 0.2, -0.1]]
        param  b1: f32[3]    = [0.1, -0.1, 0.0]
        param  W2: f32[3, 4] = [[0.3, -0.2, 0.4, 0.1], [-0.1, 0.5, -0.3, 0.2], [0.2, -0.4, 0.1, -0.5]]
        param  b2: f32[4]    = [0.0, 0.1, -0.1, 0.0]
      """;

  /** samples/image_flip.nn, with h and a loss as extra outputs. */
  private static final String IMAGE_FLIP = """
      network ImageFlip {
        input  x: f32[N, 4]
        input  target: f32[N, 4]
      """ + WEIGHTS + """
        output h = relu(x @ W1 + b1)
        output y_hat = h @ W2 + b2
        output loss = mse(y_hat, target)
      }
      """;

  private static final Tensor X = Tensor.matrix(new double[] {1, 0, 1, 1});

  @Test
  @DisplayName("ImageFlip: x = [1, 0, 1, 1] gives h = [0, 0, 0.5], y_hat = [0.1, -0.1, -0.05, -0.25], MSE 0.89625")
  void imageFlip() {
    // x @ W1 = rows 0 + 2 + 3 of W1 = [-0.1, 0, 0.5]; + b1 = [0, -0.1, 0.5]; relu: [0, 0, 0.5].
    // y_hat = 0.5 * row 2 of W2 + b2. Loss: (0.9^2 + 1.1^2 + 0.05^2 + 1.25^2) / 4 = 3.585 / 4.
    Map<String, Tensor> out = Interpreter.run(Nets.compile(IMAGE_FLIP),
        Map.of("x", X, "target", Tensor.matrix(new double[] {1, 1, 0, 1})));
    assertThat(out.keySet()).containsExactly("h", "y_hat", "loss");
    assertClose(out.get("h"), shape(1, 3), new double[] {0, 0, 0.5}, F32);
    assertClose(out.get("y_hat"), shape(1, 4), new double[] {0.1, -0.1, -0.05, -0.25}, F32);
    assertClose(out.get("loss"), shape(), new double[] {0.89625}, F32);
  }

  @Test
  @DisplayName("ImageFlip without the ReLU: y = [0.11, -0.15, -0.02, -0.27]")
  void imageFlipWithoutRelu() {
    // h = [0, -0.1, 0.5] now keeps its negative unit: y = -0.1 * row 1 + 0.5 * row 2 of W2 + b2.
    String spec = """
        network Linear {
          input  x: f32[N, 4]
        """ + WEIGHTS + """
          h = x @ W1 + b1
          output y = h @ W2 + b2
        }
        """;
    assertClose(Nets.run(spec, "y", Map.of("x", X)), shape(1, 4), new double[] {0.11, -0.15, -0.02, -0.27}, F32);
  }

  @Test
  @DisplayName("the sample file itself runs: samples/image_flip.nn")
  void imageFlipSample() {
    Path file = Path.of(System.getProperty("netc.samples", "../samples"), "image_flip.nn");
    IrGraph g = IrBuilder.build(Frontend.checkFile(file, "image_flip.nn").graphs().get(0));
    Tensor batch = Tensor.matrix(new double[] {1, 0, 1, 1}, new double[] {0, 0, 0, 0});
    // The second sample is all zeros: h = relu(b1) = [0.1, 0, 0], y_hat = 0.1 * row 0 of W2 + b2.
    assertClose(Interpreter.run(g, Map.of("x", batch)).get("y_hat"), shape(2, 4),
        new double[] {0.1, -0.1, -0.05, -0.25, 0.03, 0.08, -0.06, 0.01}, F32);
  }

  @Test
  @DisplayName("[[200, 17]] @ [[1, -3, 5], [-2, 4, -6]] + [[0.5, 1, -1]] = [[166.5, -531, 897]], sigmoid [[1, 0, 1]], no NaN")
  void sigmoidSaturatesWithoutNaN() {
    String spec = """
        network Saturate {
          input x: f32[1, 2]
          param W: f32[2, 3] = [[1, -3, 5], [-2, 4, -6]]
          param b: f32[1, 3] = [[0.5, 1, -1]]
          output z = x @ W + b
          output s = sigmoid(z)
        }
        """;
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), Map.of("x", Tensor.matrix(new double[] {200, 17})));
    assertClose(out.get("z"), shape(1, 3), new double[] {166.5, -531, 897}, F32);
    assertClose(out.get("s"), shape(1, 3), new double[] {1, 0, 1}, F32);
    assertThat(out.get("s").data()).doesNotContain(Double.NaN);
    assertThat(out.get("s").data()[1]).isGreaterThanOrEqualTo(0);
  }

  @Test
  @DisplayName("[[1, 2, 3], [4, 5, 6]] @ [[7, 8], [9, 10], [11, 12]] = [[58, 64], [139, 154]]")
  void matmul2x3by3x2() {
    String spec = """
        network Product {
          input a: f32[2, 3]
          param B: f32[3, 2] = [[7, 8], [9, 10], [11, 12]]
          output c = a @ B
        }
        """;
    Tensor a = Tensor.matrix(new double[] {1, 2, 3}, new double[] {4, 5, 6});
    assertClose(Nets.run(spec, "c", Map.of("a", a)), shape(2, 2), new double[] {58, 64, 139, 154}, F32);
  }

  @Test
  @DisplayName("a batch of 4: [4, 3] @ [3, 2] row by row")
  void batchOfFour() {
    String spec = """
        network Batch {
          input x: f32[N, 3]
          param W: f32[3, 2] = [[.2, .8], [.5, .3], [.7, .1]]
          output y = x @ W
        }
        """;
    Tensor x = Tensor.matrix(new double[] {1, .5, .8}, new double[] {.3, .9, .2}, new double[] {.7, .4, .6},
        new double[] {.1, .8, .9});
    assertClose(Nets.run(spec, "y", Map.of("x", x)), shape(4, 2),
        new double[] {1.01, 1.03, 0.65, 0.53, 0.76, 0.74, 1.05, 0.41}, F32);
  }
}
