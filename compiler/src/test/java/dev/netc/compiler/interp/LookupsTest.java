package dev.netc.compiler.interp;

import static dev.netc.compiler.interp.Nets.assertClose;
import static dev.netc.compiler.interp.Nets.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.compiler.ir.IrGraph;
import dev.netc.runtime.DType;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Integer inputs, {@code cast}, {@code embedding} and {@code gather} in the interpreter, against values worked out by hand. */
class LookupsTest {
  /** A table whose row r is [10 r, 10 r + 1]: every looked-up value says which row it came from. */
  private static final String TABLE = "param E: f32[4, 2] = [[0, 1], [10, 11], [20, 21], [30, 31]]";

  @Test
  @DisplayName("embedding replaces each id with its row, for ids of any rank")
  void embedding() {
    String spec = """
        network Embed {
          input ids: i64[N, T]
          input one: i32[]
          %s
          output e = embedding(E, ids)
          output s = embedding(E, one)
        }
        """.formatted(TABLE);
    IrGraph g = Nets.compile(spec);
    assertThat(g.inputs().get(0).type().dtype()).isEqualTo(DType.I64);
    Map<String, Tensor> out = Interpreter.run(g, Map.of("ids", Tensor.of(shape(2, 3), 3, 0, 1, 1, 1, 2),
        "one", Tensor.scalar(2)));
    assertClose(out.get("e"), shape(2, 3, 2), new double[] {30, 31, 0, 1, 10, 11, 10, 11, 10, 11, 20, 21}, 0);
    assertClose(out.get("s"), shape(2), new double[] {20, 21}, 0);
  }

  @Test
  @DisplayName("an id outside the table is an error naming its position and value, never a wrong row")
  void idOutOfRange() {
    String spec = """
        network Embed {
          input ids: i64[2, 2]
          %s
          output e = embedding(E, ids)
        }
        """.formatted(TABLE);
    IrGraph g = Nets.compile(spec);
    assertThatThrownBy(() -> Interpreter.run(g, Map.of("ids", Tensor.of(shape(2, 2), 0, 1, 4, 0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ids[1, 0] (flat index 2) is 4, outside [0, 4)");
    // An embedding takes no negative ids: -1 is not the last row.
    assertThatThrownBy(() -> Interpreter.run(g, Map.of("ids", Tensor.of(shape(2, 2), 0, -1, 0, 0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is -1, outside [0, 4)");
    assertThatThrownBy(() -> Interpreter.run(g, Map.of("ids", Tensor.of(shape(2, 2), 0, 0.5, 0, 0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input ids is i64, but element 1 is 0.5");
  }

  @Test
  @DisplayName("gather follows ONNX: index shape in place of the axis, negative indices from the end, constants drop the axis")
  void gather() {
    String spec = """
        network Gathers {
          input x: f32[2, 3]
          input i: i64[2, 2]
          output rows = gather(x, i[0], axis=0)
          output cols = gather(x, i, axis=1)
          output last = gather(x, -1, axis=1)
          output first = gather(x, 0)
        }
        """;
    // x = [[0, 1, 2], [10, 11, 12]], i = [[1, 0], [-1, 2]]
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), Map.of(
        "x", Tensor.of(shape(2, 3), 0, 1, 2, 10, 11, 12), "i", Tensor.of(shape(2, 2), 1, 0, -1, 2)));
    assertClose(out.get("rows"), shape(2, 3), new double[] {10, 11, 12, 0, 1, 2}, 0);
    // cols[r, a, b] = x[r, i[a, b]]
    assertClose(out.get("cols"), shape(2, 2, 2), new double[] {1, 0, 2, 2, 11, 10, 12, 12}, 0);
    assertClose(out.get("last"), shape(2), new double[] {2, 12}, 0);
    assertClose(out.get("first"), shape(3), new double[] {0, 1, 2}, 0);
  }

  @Test
  @DisplayName("cast truncates floats toward zero as NumPy's astype does, wraps i64 into i32, and rounds to f32")
  void cast() {
    String spec = """
        network Casts {
          input x: f32[5]
          input big: i64[2]
          output toLong = cast(x, i64)
          output toInt = cast(x, "i32")
          output wrapped = cast(big, i32)
          output widened = cast(big, f32)
          output bias = (1 - cast(cast(x, i64), f32)) * -10000
        }
        """;
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), Map.of(
        "x", Tensor.of(shape(5), 2.7, -2.7, 0.5, -0.5, 1), "big", Tensor.of(shape(2), 4294967297.0, 16777217)));
    assertClose(out.get("toLong"), shape(5), new double[] {2, -2, 0, 0, 1}, 0);
    assertClose(out.get("toInt"), shape(5), new double[] {2, -2, 0, 0, 1}, 0);
    // 2^32 + 1 keeps its low 32 bits; 2^24 + 1 is the first integer a float cannot hold.
    assertClose(out.get("wrapped"), shape(2), new double[] {1, 16777217}, 0);
    assertClose(out.get("widened"), shape(2), new double[] {4294967296.0, 16777216}, 0);
    assertClose(out.get("bias"), shape(5), new double[] {10000, -30000, -10000, -10000, 0}, 0);
  }

  @Test
  @DisplayName("integer tensors move like float ones: reshape, transpose, slices and concat keep their type")
  void dataMovement() {
    String spec = """
        network Moves {
          input ids: i32[2, 3]
          output t = transpose(ids)
          output s = reshape(ids, [3, 2])[1:]
          output c = concat([ids, ids[:, 0:1]], axis=1)
        }
        """;
    IrGraph g = Nets.compile(spec);
    g.outputs().forEach(o -> assertThat(g.node(o.node()).dtype()).as(o.name()).isEqualTo(DType.I32));
    Map<String, Tensor> out = Interpreter.run(g, Map.of("ids", Tensor.of(shape(2, 3), 1, 2, 3, 4, 5, 6)));
    assertClose(out.get("t"), shape(3, 2), new double[] {1, 4, 2, 5, 3, 6}, 0);
    assertClose(out.get("s"), shape(2, 2), new double[] {3, 4, 5, 6}, 0);
    assertClose(out.get("c"), shape(2, 4), new double[] {1, 2, 3, 1, 4, 5, 6, 4}, 0);
  }
}
