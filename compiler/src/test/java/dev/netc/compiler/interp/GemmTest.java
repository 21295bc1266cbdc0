package dev.netc.compiler.interp;

import static dev.netc.compiler.interp.Nets.assertClose;
import static dev.netc.compiler.interp.Nets.shape;

import dev.netc.runtime.ops.ActivationKind;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import dev.netc.compiler.shape.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The fused dense layer {@code activation(scale * (x @ W + bias))}. Lowering never
 * makes one (a pass does), so the graphs are built by hand.
 */
class GemmTest {
  private static final Tensor X = Tensor.matrix(new double[] {1, 2}, new double[] {-1, 0});

  /** x: [N, 2], W: [2, 3] = [[1, 0, -1], [2, 1, 0]] (or its transpose), b = [0.5, -4, 1]. */
  private static IrGraph dense(boolean transposed, boolean bias, ActivationKind act, double alpha, double scale) {
    Dim n = Dim.symbol("N");
    List<IrGraph.Param> params = new ArrayList<>();
    params.add(new IrGraph.Param("W", TensorType.f32(transposed ? Shape.of(3, 2) : Shape.of(2, 3)), new Graph.ParamSource.Inline(
        transposed ? new float[] {1, 2, 0, 1, -1, 0} : new float[] {1, 0, -1, 2, 1, 0})));
    List<IrNode> nodes = new ArrayList<>(List.of(
        new IrNode(0, "x", new Op.Input("x"), List.of(), TensorType.f32(new Shape(List.of(n, Dim.of(2))))),
        new IrNode(1, "W", new Op.Param("W"), List.of(), TensorType.f32(params.get(0).shape()))));
    List<Integer> operands = new ArrayList<>(List.of(0, 1));
    if (bias) {
      params.add(new IrGraph.Param("b", TensorType.f32(Shape.of(3)), new Graph.ParamSource.Inline(new float[] {0.5f, -4, 1})));
      nodes.add(new IrNode(2, "b", new Op.Param("b"), List.of(), TensorType.f32(Shape.of(3))));
      operands.add(2);
    }
    nodes.add(new IrNode(3, "y", new Op.Gemm(transposed, bias, act, alpha, scale), operands,
        TensorType.f32(new Shape(List.of(n, Dim.of(3))))));
    return new IrGraph("Dense", "", "test.nn", List.of("N"), Optional.empty(),
        List.of(new IrGraph.Input("x", TensorType.f32(nodes.get(0).shape()))), params, nodes, List.of(new IrGraph.Output("y", 3)));
  }

  private static Tensor run(IrGraph g) {
    return Interpreter.run(g, Map.of("x", X)).get("y");
  }

  @Test
  @DisplayName("x @ W, with W stored [in, out] or [out, in]")
  void plainProduct() {
    // [1, 2] @ W = [5, 2, -1]; [-1, 0] @ W = [-1, 0, 1].
    double[] expected = {5, 2, -1, -1, 0, 1};
    assertClose(run(dense(false, false, ActivationKind.IDENTITY, 0, 1)), shape(2, 3), expected, 0);
    assertClose(run(dense(true, false, ActivationKind.IDENTITY, 0, 1)), shape(2, 3), expected, 0);
  }

  @Test
  @DisplayName("the bias is added before the scale, and the activation comes last")
  void biasScaleActivation() {
    // x @ W + b = [5.5, -2, 0, -0.5, -4, 2]; times 2 = [11, -4, 0, -1, -8, 4].
    assertClose(run(dense(true, true, ActivationKind.IDENTITY, 0, 2)), shape(2, 3),
        new double[] {11, -4, 0, -1, -8, 4}, 0);
    assertClose(run(dense(false, true, ActivationKind.RELU, 0, 2)), shape(2, 3),
        new double[] {11, 0, 0, 0, 0, 4}, 0);
    assertClose(run(dense(false, true, ActivationKind.LEAKY_RELU, 0.25, 2)), shape(2, 3),
        new double[] {11, -1, 0, -0.25, -2, 4}, 0);
  }
}
