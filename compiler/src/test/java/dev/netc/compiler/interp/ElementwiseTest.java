package dev.netc.compiler.interp;

import static dev.netc.compiler.interp.Nets.F32;
import static dev.netc.compiler.interp.Nets.assertClose;
import static dev.netc.compiler.interp.Nets.shape;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.runtime.ops.ArithOp;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code + - * /} with NumPy broadcasting, negation, and element-wise activations, through specs. */
class ElementwiseTest {
  private static final Tensor X = Tensor.matrix(new double[] {1, -2, 3}, new double[] {-4, 5, -6});

  @Test
  @DisplayName("a bias broadcasts over rows, a column over columns, a constant over everything")
  void broadcasting() {
    String spec = """
        network Arith {
          input x: f32[N, 3]
          input u: f32[N, 1]
          param b: f32[3] = [10, 20, 30]
          output plus = x + b
          output minus = b - x
          output times = x * u
          output half = x / 2
          output negated = -x
        }
        """;
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec),
        Map.of("x", X, "u", Tensor.of(shape(2, 1), 2, -1)));
    assertClose(out.get("plus"), shape(2, 3), new double[] {11, 18, 33, 6, 25, 24}, 0);
    assertClose(out.get("minus"), shape(2, 3), new double[] {9, 22, 27, 14, 15, 36}, 0);
    assertClose(out.get("times"), shape(2, 3), new double[] {2, -4, 6, 4, -5, 6}, 0);
    assertClose(out.get("half"), shape(2, 3), new double[] {0.5, -1, 1.5, -2, 2.5, -3}, 0);
    assertClose(out.get("negated"), shape(2, 3), new double[] {-1, 2, -3, 4, -5, 6}, 0);
  }

  @Test
  @DisplayName("both operands stretch: [2, 1] * [1, 3] is an outer product [2, 3]")
  void outerProduct() {
    Tensor col = Tensor.of(shape(2, 1), 1, 2);
    Tensor row = Tensor.of(shape(1, 3), 3, 4, 5);
    assertClose(ArrayKernels.elementwise(ArithOp.MUL, col, row), shape(2, 3), new double[] {3, 4, 5, 6, 8, 10}, 0);
  }

  @Test
  @DisplayName("a rank-3 operand against a rank-2 one: [2, 1, 2] + [3, 2] -> [2, 3, 2]")
  void leadingAxesInserted() {
    Tensor a = Tensor.of(shape(2, 1, 2), 0, 0, 100, 100);
    Tensor b = Tensor.of(shape(3, 2), 1, 2, 3, 4, 5, 6);
    assertClose(ArrayKernels.elementwise(ArithOp.ADD, a, b), shape(2, 3, 2),
        new double[] {1, 2, 3, 4, 5, 6, 101, 102, 103, 104, 105, 106}, 0);
  }

  @Test
  @DisplayName("shapes that do not broadcast are refused")
  void noBroadcast() {
    assertThatThrownBy(() -> ArrayKernels.elementwise(ArithOp.ADD, X, Tensor.vector(1, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3] and [2]");
  }

  @Test
  @DisplayName("activations apply element-wise: relu, leaky_relu, sigmoid, tanh, gelu both ways, identity")
  void activations() {
    String spec = """
        network Acts {
          input x: f32[3]
          output r = relu(x)
          output l = leaky_relu(x, alpha=0.1)
          output s = sigmoid(x)
          output t = tanh(x)
          output g = gelu(x)
          output gt = gelu(x, approximate="tanh")
          output i = identity(x)
        }
        """;
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), Map.of("x", Tensor.vector(-1, 0, 2)));
    assertClose(out.get("r"), shape(3), new double[] {0, 0, 2}, 0);
    assertClose(out.get("l"), shape(3), new double[] {-0.1, 0, 2}, 1e-7);
    assertClose(out.get("s"), shape(3), new double[] {0.2689414213699951, 0.5, 0.8807970779778823}, 1e-15);
    assertClose(out.get("t"), shape(3), new double[] {-0.7615941559557649, 0, 0.9640275800758169}, 1e-15);
    assertClose(out.get("g"), shape(3), new double[] {-0.15865525393145707, 0, 1.9544997361036416}, 1e-15);
    assertClose(out.get("gt"), shape(3), new double[] {-0.15880800939172324, 0, 1.954597694087775}, 1e-15);
    assertClose(out.get("i"), shape(3), new double[] {-1, 0, 2}, F32);
  }
}
