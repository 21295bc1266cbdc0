package dev.netc.compiler.interp;

import static dev.netc.compiler.interp.Nets.assertClose;
import static dev.netc.compiler.interp.Nets.shape;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.compiler.ir.IrGraph;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The ops that move elements: transpose, reshape, flatten, concat and slicing, through specs. */
class ShapeOpsTest {
  /** x[i, j, k] = 100 i + 10 j + k, so every element says where it came from. */
  private static final Tensor X = Tensor.of(shape(2, 3, 4),
      0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23,
      100, 101, 102, 103, 110, 111, 112, 113, 120, 121, 122, 123);

  @Test
  @DisplayName("transpose: .T swaps the last two axes, a permutation moves every axis, none reverses them")
  void transpose() {
    String spec = """
        network Moves {
          input x: f32[2, 3, 4]
          output t = x.T
          output p = transpose(x, [2, 0, 1])
          output r = transpose(x)
        }
        """;
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), Map.of("x", X));
    assertClose(out.get("t"), shape(2, 4, 3), new double[] {0, 10, 20, 1, 11, 21, 2, 12, 22, 3, 13, 23,
        100, 110, 120, 101, 111, 121, 102, 112, 122, 103, 113, 123}, 0);
    // p[k, i, j] = x[i, j, k].
    assertClose(out.get("p"), shape(4, 2, 3), new double[] {0, 10, 20, 100, 110, 120, 1, 11, 21, 101, 111, 121,
        2, 12, 22, 102, 112, 122, 3, 13, 23, 103, 113, 123}, 0);
    // r[k, j, i] = x[i, j, k].
    assertClose(out.get("r"), shape(4, 3, 2), new double[] {0, 100, 10, 110, 20, 120, 1, 101, 11, 111, 21, 121,
        2, 102, 12, 112, 22, 122, 3, 103, 13, 113, 23, 123}, 0);
  }

  @Test
  @DisplayName("reshape and flatten keep the row-major order, with -1 and run-time sizes")
  void reshapeAndFlatten() {
    String spec = """
        network Shapes {
          input x: f32[N, 3, 4]
          output a = reshape(x, [N, -1])
          output b = reshape(x, [N, 2, 6])
          output c = flatten(x, start=0)
        }
        """;
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), Map.of("x", X));
    assertClose(out.get("a"), shape(2, 12), X.data(), 0);
    assertClose(out.get("b"), shape(2, 2, 6), X.data(), 0);
    assertClose(out.get("c"), shape(24), X.data(), 0);
  }

  @Test
  @DisplayName("concat joins along an axis: the last by default, or the first")
  void concat() {
    String spec = """
        network Join {
          input a: f32[N, 2]
          input b: f32[N, 1]
          param c: f32[1, 2] = [[7, 8]]
          param d: f32[2, 2] = [[1, 2], [3, 4]]
          output x = concat([a, b])
          output y = concat([c, d, c], axis=0)
        }
        """;
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec),
        Map.of("a", Tensor.matrix(new double[] {1, 2}, new double[] {3, 4}), "b", Tensor.of(shape(2, 1), 5, 6)));
    assertClose(out.get("x"), shape(2, 3), new double[] {1, 2, 5, 3, 4, 6}, 0);
    assertClose(out.get("y"), shape(4, 2), new double[] {7, 8, 1, 2, 3, 4, 7, 8}, 0);
  }

  @Test
  @DisplayName("slicing: ranges shorten an axis, an index drops it, negative positions count from the end")
  void slice() {
    String spec = """
        network Cut {
          input x: f32[N, 3, 4]
          output a = x[:, 1:3]
          output b = x[:, -1]
          output c = x[:, 0, 1:3]
          output d = x[:, :, -1]
        }
        """;
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), Map.of("x", X));
    assertClose(out.get("a"), shape(2, 2, 4), new double[] {10, 11, 12, 13, 20, 21, 22, 23,
        110, 111, 112, 113, 120, 121, 122, 123}, 0);
    assertClose(out.get("b"), shape(2, 4), new double[] {20, 21, 22, 23, 120, 121, 122, 123}, 0);
    assertClose(out.get("c"), shape(2, 2), new double[] {1, 2, 101, 102}, 0);
    assertClose(out.get("d"), shape(2, 3), new double[] {3, 13, 23, 103, 113, 123}, 0);
  }

  @Test
  @DisplayName("slicing a parameter of fixed shape on its first axis")
  void sliceFirstAxis() {
    String spec = """
        network Rows {
          input x: f32[N, 2]
          param W: f32[3, 2] = [[1, 2], [3, 4], [5, 6]]
          output y = x + W[1]
          output z = W[1:, 1]
        }
        """;
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), Map.of("x", Tensor.matrix(new double[] {10, 20})));
    assertClose(out.get("y"), shape(1, 2), new double[] {13, 24}, 0);
    assertClose(out.get("z"), shape(2), new double[] {4, 6}, 0);
  }
  @Test
  @DisplayName("a slice that ends at a run-time size keeps that many positions of a fixed axis")
  void sliceToRuntimeSize() {
    // x[n, t, c] = 100 n + 10 t; m[i, j, k] = 100 i + 10 j + k.
    Tensor x = Tensor.of(shape(2, 2, 2), 0, 0, 10, 10, 100, 100, 110, 110);
    Map<String, Tensor> out = Interpreter.run(Nets.compile(POSITIONS), Map.of("x", x));
    assertClose(out.get("y"), shape(2, 2, 2), new double[] {1, 2, 13, 14, 101, 102, 113, 114}, 0);
    assertClose(out.get("d"), shape(4), new double[] {2, 4, 6, 8}, 0);
    assertClose(out.get("m"), shape(2, 2, 2), new double[] {0, 1, 10, 11, 100, 101, 110, 111}, 0);
  }

  @Test
  @DisplayName("a run-time size past the axis stops the call before anything is computed, naming the slice")
  void sliceToRuntimeSizeOutOfRange() {
    IrGraph g = Nets.compile(POSITIONS);
    // T = 3: pos keeps 3 of the 4 rows, but d would need 6.
    assertThatThrownBy(() -> Interpreter.run(g, Map.of("x", Tensor.zeros(1, 3, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("d = P[0:2*T, 1]: 2*T is 6, but axis 0 of P has 4 positions");
    assertThatThrownBy(() -> Interpreter.run(g, Map.of("x", Tensor.zeros(1, 5, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pos = P[0:T]: T is 5, but axis 0 of P has 4 positions");
  }

  private static final String POSITIONS = """
      network Positions {
        input x: f32[N, T, 2]
        param P: f32[4, 2] = [[1, 2], [3, 4], [5, 6], [7, 8]]
        param M: f32[2, 3, 2] = [[[0, 1], [10, 11], [20, 21]], [[100, 101], [110, 111], [120, 121]]]
        pos = P[0:T]
        output y = x + pos
        output d = P[:2*T, 1]
        output m = M[:, :T]
      }
      """;
}
