package dev.netc.compiler.interp;

import static dev.netc.compiler.interp.Nets.assertClose;
import static dev.netc.compiler.interp.Nets.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import dev.netc.compiler.shape.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The interpreter's contract: input validation, run-time dimensions, parameter loading, outputs. */
class InterpreterTest {
  private static final String TWO_INPUTS = """
      network Pair {
        input x: f32[N, 3]
        input y: f32[N, 3]
        output s = x + y
      }
      """;

  private static Tensor ones(long... shape) {
    return Tensor.of(shape, new double[(int) Shapes.count(shape)]);
  }

  @Test
  @DisplayName("a missing input is named, with its shape and the network's inputs")
  void missingInput() {
    assertThatThrownBy(() -> Interpreter.run(Nets.compile(TWO_INPUTS), Map.of("x", ones(2, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("missing input \"y\" of shape [N, 3]; the network's inputs are x, y");
  }

  @Test
  @DisplayName("an unknown input is named")
  void unknownInput() {
    assertThatThrownBy(() -> Interpreter.run(Nets.compile(TWO_INPUTS),
            Map.of("x", ones(2, 3), "y", ones(2, 3), "z", ones(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown input \"z\"; the network's inputs are x, y");
  }

  @Test
  @DisplayName("a wrong size names the input, the expected shape with N bound, and the shape found")
  void wrongSize() {
    assertThatThrownBy(() -> Interpreter.run(Nets.compile(TWO_INPUTS), Map.of("x", ones(2, 3), "y", ones(2, 4))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input \"y\": expected shape [N, 3] = [2, 3] with N = 2 (from input \"x\"), found [2, 4]"
            + " (axis 1 should be 3)");
  }

  @Test
  @DisplayName("two inputs that disagree on N")
  void inconsistentRuntimeDim() {
    assertThatThrownBy(() -> Interpreter.run(Nets.compile(TWO_INPUTS), Map.of("x", ones(2, 3), "y", ones(5, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input \"y\": expected shape [N, 3] = [2, 3] with N = 2 (from input \"x\"), found [5, 3]"
            + " (axis 0 should be 2)");
  }

  @Test
  @DisplayName("a wrong rank")
  void wrongRank() {
    assertThatThrownBy(() -> Interpreter.run(Nets.compile(TWO_INPUTS), Map.of("x", ones(2, 3, 1), "y", ones(2, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input \"x\": expected shape [N, 3], found [2, 3, 1] (rank 2 expected, found rank 3)");
  }

  @Test
  @DisplayName("products of run-time dimensions are checked, or solved for their one unknown symbol")
  void productsOfSymbols() {
    Dim n = Dim.symbol("N");
    Dim t = Dim.symbol("T");
    // Declared so that the product comes first: matching repeats until nothing new binds.
    List<IrGraph.Input> inputs = List.of(
        new IrGraph.Input("flat", TensorType.f32(new Shape(List.of(Dim.of(2).times(n).times(t), Dim.of(4))))),
        new IrGraph.Input("x", TensorType.f32(new Shape(List.of(n, t)))));
    RuntimeDims dims = RuntimeDims.bind(inputs, Map.of("flat", ones(24, 4), "x", ones(3, 4)));
    assertThat(dims.values()).containsExactlyInAnyOrderEntriesOf(Map.of("N", 3L, "T", 4L));
    assertThatThrownBy(() -> RuntimeDims.bind(inputs, Map.of("flat", ones(20, 4), "x", ones(3, 4))))
        .hasMessageContaining("input \"flat\": expected shape [2*N*T, 4] = [24, 4]")
        .hasMessageContaining("found [20, 4]");
    List<IrGraph.Input> solved = List.of(new IrGraph.Input("x", TensorType.f32(new Shape(List.of(Dim.of(3).times(n))))));
    assertThat(RuntimeDims.bind(solved, Map.of("x", ones(12))).values()).containsEntry("N", 4L);
    assertThatThrownBy(() -> RuntimeDims.bind(solved, Map.of("x", ones(10))))
        .hasMessage("input \"x\": expected shape [3*N], found [10] (axis 0 is 3*N, which must be a multiple of 3)");
  }

  @Test
  @DisplayName("file-bound parameters come from the loader, by their key in the weights file")
  void paramLoader() {
    String spec = """
        network Loaded {
          weights "nowhere.safetensors"
          input x: f32[N, 2]
          param W: f32[2, 2] from "layer.weight"
          param b: f32[2] = [1, 1]
          output y = x @ W + b
        }
        """;
    List<String> asked = new ArrayList<>();
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), Map.of("x", Tensor.matrix(new double[] {1, 2})),
        key -> {
          asked.add(key);
          return new float[] {1, 2, 3, 4};
        });
    assertThat(asked).containsExactly("layer.weight");
    assertClose(out.get("y"), shape(1, 2), new double[] {8, 11}, 0);
    assertThatThrownBy(() -> Interpreter.run(Nets.compile(spec), Map.of("x", Tensor.matrix(new double[] {1, 2})),
            key -> new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter W has 3 values, its shape [2, 2] needs 4");
  }

  @Test
  @DisplayName("outputs come back in declaration order, and an output may be an input passed through")
  void outputsInOrder() {
    String spec = """
        network Order {
          input x: f32[2]
          output z = x * 3
          output a = x
          output m = z - a
        }
        """;
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), Map.of("x", Tensor.vector(1, 2)));
    assertThat(out.keySet()).containsExactly("z", "a", "m");
    assertClose(out.get("m"), shape(2), new double[] {2, 4}, 0);
    assertClose(out.get("a"), shape(2), new double[] {1, 2}, 0);
  }

  @Test
  @DisplayName("Tensor: shape and data must agree; arrays are copied in and out")
  void tensorIsImmutable() {
    assertThatThrownBy(() -> Tensor.of(shape(2, 2), 1, 2, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("shape [2, 2] holds 4 elements, but 3 were given");
    double[] data = {1, 2};
    Tensor t = Tensor.vector(data);
    data[0] = 9;
    t.data()[1] = 9;
    assertThat(t.data()).containsExactly(1, 2);
    assertThat(t).isEqualTo(Tensor.vector(1, 2));
    assertThat(Tensor.scalar(2.5).toFloats()).containsExactly(2.5f);
    assertThat(Tensor.matrix(new double[] {1, 2}, new double[] {3, 4}).get(1, 0)).isEqualTo(3);
  }
}
