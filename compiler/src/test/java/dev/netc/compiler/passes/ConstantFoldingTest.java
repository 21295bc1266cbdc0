package dev.netc.compiler.passes;

import static dev.netc.compiler.passes.PassFixtures.applyChecked;
import static dev.netc.compiler.passes.PassFixtures.ir;
import static dev.netc.compiler.passes.PassFixtures.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.netc.runtime.ops.ActivationKind;
import dev.netc.runtime.ops.ArithOp;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.IrPrinter;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import dev.netc.compiler.shape.TensorType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConstantFoldingTest {
  private final ConstantFolding pass = new ConstantFolding();

  @Test
  void arithmeticThatDoesNothingIsRemoved() {
    IrGraph g = applyChecked(pass, ir("""
        network Consts {
          input x: f32[N, 4]
          h = relu(x)
          output a = h * 1
          output b = (1 * x + 0) / 1 - 0
          output d = 0.5 * (x * 2)
          output e = -(-x)
          output f = (x / 4) / 0.25
        }
        """));
    assertThat(IrPrinter.print(g)).isEqualTo("""
        network Consts (run-time dims: N)
          x = input x                                  f32[N, 4]
          h = relu(x)                                  f32[N, 4]
          outputs: a = h, b = x, d = x, e = x, f = x
        """);
  }

  @Test
  void aScaleOfAScaleIsOneMultiplication() {
    IrGraph g = applyChecked(pass, ir("""
        network Scale {
          input x: f32[N, 4]
          output c = x * 2 / 8
          output d = 3 * (x / 2) * 4
        }
        """));
    assertThat(IrPrinter.print(g)).isEqualTo("""
        network Scale (run-time dims: N)
          x         = input x                                  f32[N, 4]
          c_const_2 = const 0.250000                           f32[]
          c         = mul(x, c_const_2)                        f32[N, 4]
          d_const_3 = const 6                                  f32[]
          d         = mul(x, d_const_3)                        f32[N, 4]
          outputs: c = c, d = d
        """);
  }

  @Test
  void constantsFoldUnderTheFoldedNodesName() {
    // k = 2 * 3; m = -k; s = sigmoid(m); y = x * s: the front end folds such
    // expressions itself, so the graph is written out by hand.
    Shape nx = new Shape(List.of(Dim.symbol("N"), Dim.of(4)));
    List<IrNode> nodes = List.of(
        new IrNode(0, "x", new Op.Input("x"), List.of(), TensorType.f32(nx)),
        new IrNode(1, "two", new Op.Constant(2), List.of(), TensorType.f32(Shape.SCALAR)),
        new IrNode(2, "three", new Op.Constant(3), List.of(), TensorType.f32(Shape.SCALAR)),
        new IrNode(3, "k", new Op.Elementwise(ArithOp.MUL), List.of(1, 2), TensorType.f32(Shape.SCALAR)),
        new IrNode(4, "m", new Op.Negate(), List.of(3), TensorType.f32(Shape.SCALAR)),
        new IrNode(5, "s", new Op.Activation(ActivationKind.SIGMOID, 0), List.of(4), TensorType.f32(Shape.SCALAR)),
        new IrNode(6, "y", new Op.Elementwise(ArithOp.MUL), List.of(0, 5), TensorType.f32(nx)));
    IrGraph g = new IrGraph("Hand", "", "hand.nn", List.of("N"), Optional.empty(),
        List.of(new IrGraph.Input("x", TensorType.f32(nx))), List.of(), nodes, List.of(new IrGraph.Output("y", 6)));
    IrGraph folded = applyChecked(pass, g);
    assertThat(IrPrinter.print(folded)).isEqualTo("""
        network Hand (run-time dims: N)
          x = input x                                  f32[N, 4]
          s = const 0.00247262                         f32[]
          y = mul(x, s)                                f32[N, 4]
          outputs: y = y
        """);
    assertThat(((Op.Constant) named(folded, "s").op()).value()).isCloseTo(1 / (1 + Math.exp(6)), within(1e-15));
  }

  @Test
  void activationsFoldAsTheFrontEndFoldsThem() {
    // The front end folds gelu(0.7) in the spec; the pass folds the same activation in the IR.
    IrGraph spec = ir("""
        network Gelu {
          input x: f32[N]
          output y = x * gelu(0.7)
        }
        """);
    double frontEnd = spec.nodes().stream().filter(n -> n.op() instanceof Op.Constant).map(n -> ((Op.Constant) n.op()))
        .findFirst().orElseThrow().value();
    for (ActivationKind kind : ActivationKind.values()) {
      List<IrNode> nodes = List.of(
          new IrNode(0, "c", new Op.Constant(0.7), List.of(), TensorType.f32(Shape.SCALAR)),
          new IrNode(1, "a", new Op.Activation(kind, 0.1), List.of(0), TensorType.f32(Shape.SCALAR)));
      IrGraph g = new IrGraph("One", "", "one.nn", List.of(), Optional.empty(), List.of(), List.of(), nodes,
          List.of(new IrGraph.Output("a", 1)));
      double value = ((Op.Constant) named(applyChecked(pass, g), "a").op()).value();
      if (kind == ActivationKind.GELU) {
        assertThat(value).isCloseTo(frontEnd, within(1e-12));
      }
      if (kind.ordinal() <= ActivationKind.GELU_TANH.ordinal()) {
        assertThat(value).as(kind.spelling()).isBetween(0.0, 0.7);
      } else {
        // The math functions: exp(0.7), pow(0.7, 0.1), ... as their reference definitions.
        assertThat(value).as(kind.spelling()).isEqualTo(kind.apply(0.7, 0.1));
      }
    }
  }

  @Test
  void aGraphWithNothingToFoldIsReturnedAsItIs() {
    IrGraph g = ir(EpilogueFusionTest.IMAGE_FLIP);
    assertThat(applyChecked(pass, g)).isEqualTo(g);
  }
}
