package dev.netc.compiler.interp;

import static dev.netc.compiler.interp.Nets.assertClose;
import static dev.netc.compiler.interp.Nets.shape;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** NumPy matmul: batching, broadcast of the leading axes, and the 1-D rules. */
class MatMulTest {
  private static final Tensor A23 = Tensor.matrix(new double[] {1, 2, 3}, new double[] {4, 5, 6});

  @Test
  @DisplayName("1-D left: a row vector, its axis removed: [2] @ [2, 3] -> [3]")
  void vectorTimesMatrix() {
    assertClose(LinearAlgebra.matmul(Tensor.vector(1, 2), A23), shape(3), new double[] {9, 12, 15}, 0);
  }

  @Test
  @DisplayName("1-D right: a column vector: [2, 3] @ [3] -> [2]")
  void matrixTimesVector() {
    assertClose(LinearAlgebra.matmul(A23, Tensor.vector(1, 0, -1)), shape(2), new double[] {-2, -2}, 0);
  }

  @Test
  @DisplayName("[k] @ [k] is the dot product, a scalar")
  void dot() {
    assertClose(LinearAlgebra.matmul(Tensor.vector(1, 2, 3), Tensor.vector(4, 5, 6)), shape(), new double[] {32}, 0);
  }

  @Test
  @DisplayName("a batch of matrices times one matrix: [2, 2, 2] @ [2, 2]")
  void batchedBroadcastRight() {
    Tensor a = Tensor.of(shape(2, 2, 2), 1, 0, 0, 1, 1, 2, 3, 4);
    Tensor b = Tensor.matrix(new double[] {5, 6}, new double[] {7, 8});
    assertClose(LinearAlgebra.matmul(a, b), shape(2, 2, 2), new double[] {5, 6, 7, 8, 19, 22, 43, 50}, 0);
  }

  @Test
  @DisplayName("both operands broadcast: [2, 1, 1, 2] @ [3, 2, 1] -> [2, 3, 1, 1]")
  void batchAxesBroadcastBothWays() {
    Tensor a = Tensor.of(shape(2, 1, 1, 2), 1, 2, 3, 4);
    Tensor b = Tensor.of(shape(3, 2, 1), 1, 0, 0, 1, 1, 1);
    // Element [i, j] is row i of a (a_0 = [1, 2], a_1 = [3, 4]) dotted with column j of b ([1, 0], [0, 1], [1, 1]).
    assertClose(LinearAlgebra.matmul(a, b), shape(2, 3, 1, 1), new double[] {1, 2, 3, 3, 4, 7}, 0);
  }

  @Test
  @DisplayName("1-D operands against batches: [2] @ [2, 2, 2] -> [2, 2], [2, 2, 2] @ [2] -> [2, 2]")
  void vectorsAgainstBatches() {
    Tensor batch = Tensor.of(shape(2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8);
    assertClose(LinearAlgebra.matmul(Tensor.vector(1, 1), batch), shape(2, 2), new double[] {4, 6, 12, 14}, 0);
    assertClose(LinearAlgebra.matmul(batch, Tensor.vector(1, -1)), shape(2, 2), new double[] {-1, -1, -1, -1}, 0);
  }

  @Test
  @DisplayName("inner sizes that differ are refused with both shapes")
  void innerMismatch() {
    assertThatThrownBy(() -> LinearAlgebra.matmul(A23, A23))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3] @ [2, 3]");
  }

  @Test
  @DisplayName("through a spec: a sequence batch [N, T, 3] @ [3, 2] applies the matrix to every position")
  void sequenceBatchThroughSpec() {
    String spec = """
        network Seq {
          input x: f32[N, T, 3]
          param W: f32[3, 2] = [[1, 0], [0, 1], [1, 1]]
          v = x[:, :, 0]
          output y = x @ W
          output s = reshape(v, [N, T, 1]) @ reshape(v, [N, 1, T])
        }
        """;
    Tensor x = Tensor.of(shape(1, 2, 3), 1, 2, 3, 4, 5, 6);
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), Map.of("x", x));
    assertClose(out.get("y"), shape(1, 2, 2), new double[] {4, 5, 10, 11}, 0);
    assertClose(out.get("s"), shape(1, 2, 2), new double[] {1, 4, 4, 16}, 0);
  }
}
