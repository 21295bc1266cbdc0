package dev.netc.compiler.interp;

import static dev.netc.compiler.interp.Nets.assertClose;
import static dev.netc.compiler.interp.Nets.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** softmax, log_softmax, layernorm and mse against values from NumPy. */
class ReductionsTest {
  private static final double[] SOFTMAX_123 = {0.09003057317038046, 0.24472847105479767, 0.6652409557748219};

  @Test
  @DisplayName("softmax([1, 2, 3]) and its log; shifting by 1000 changes nothing (the max is subtracted)")
  void softmaxIsStable() {
    assertClose(Reductions.softmax(Tensor.vector(1, 2, 3), 0, false), shape(3), SOFTMAX_123, 1e-15);
    assertClose(Reductions.softmax(Tensor.vector(1001, 1002, 1003), 0, false), shape(3), SOFTMAX_123, 1e-15);
    assertClose(Reductions.softmax(Tensor.vector(-1001, -1000, -999), 0, true), shape(3),
        new double[] {-2.4076059644443806, -1.4076059644443804, -0.4076059644443803}, 1e-13);
  }

  @Test
  @DisplayName("softmax along axis 0 of a matrix normalizes each column; a -1e9 entry gets weight 0")
  void softmaxAlongAnAxis() {
    String spec = """
        network Soft {
          input x: f32[3, 2]
          output p = softmax(x, axis=0)
          output q = log_softmax(x)
        }
        """;
    Tensor x = Tensor.matrix(new double[] {1, 0}, new double[] {2, -1e9}, new double[] {3, 0});
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), Map.of("x", x));
    double[] p = out.get("p").data();
    assertThat(new double[] {p[0], p[2], p[4]}).containsExactly(SOFTMAX_123, within(1e-15));
    assertThat(new double[] {p[1], p[3], p[5]}).containsExactly(new double[] {0.5, 0, 0.5}, within(1e-15));
    // Rows of log_softmax along the last axis: [1, 0] -> log(e/(e+1)), log(1/(e+1)).
    assertThat(out.get("q").data()[0]).isCloseTo(-0.3132616875182228, within(1e-15));
    assertThat(out.get("q").data()[3]).isCloseTo(-1e9 - 2, within(1e-6));
  }

  @Test
  @DisplayName("layernorm uses the biased variance, as PyTorch: [1, 2, 3, 4] has variance 1.25")
  void layerNorm() {
    String spec = """
        network Norm {
          input x: f32[N, 4]
          param g: f32[4] = [1, 1, 2, 2]
          param b: f32[4] = [0, 0, 1, 1]
          output y = layernorm(x, g, b)
          output z = layernorm(x, g, b, eps=0.75)
        }
        """;
    Tensor x = Tensor.matrix(new double[] {1, 2, 3, 4}, new double[] {5, 5, 5, 5});
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), Map.of("x", x));
    // Row 0: (x - 2.5) / sqrt(1.25 + 1e-5) * g + b. Row 1 is constant: all zeros before g and b.
    assertClose(out.get("y"), shape(2, 4), new double[] {-1.3416354199689269, -0.447211806656309,
        1.894423613312618, 3.6832708399378538, 0, 0, 1, 1}, 1e-7);
    // With eps = 0.75 the denominator is sqrt(2) exactly.
    double r = 1 / Math.sqrt(2);
    assertClose(out.get("z"), shape(2, 4), new double[] {-1.5 * r, -0.5 * r, 1 + r, 1 + 3 * r, 0, 0, 1, 1}, 1e-15);
  }

  @Test
  @DisplayName("mse is the mean of squared differences over every element")
  void mse() {
    Tensor a = Tensor.matrix(new double[] {1, 2}, new double[] {3, 4});
    Tensor b = Tensor.matrix(new double[] {1, 0}, new double[] {0, 8});
    assertClose(Reductions.mse(a, b), shape(), new double[] {(4 + 9 + 16) / 4.0}, 0);
  }
}
