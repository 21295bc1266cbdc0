package dev.netc.compiler.ir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Frontend;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.source.SourceFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IrBuilderTest {
  static IrGraph sample(String file) {
    CheckResult result = Frontend.checkFile(Path.of(System.getProperty("netc.samples", "../samples"), file), file);
    assertThat(result.graphs()).as(result.diagnostics().toString()).hasSize(1);
    return IrBuilder.build(result.graphs().get(0));
  }

  @Test
  void imageFlipLowersToOneNodePerOperation() {
    IrGraph g = sample("image_flip.nn");
    assertThat(IrValidator.problems(g)).isEmpty();
    assertThat(IrPrinter.print(g)).isEqualTo("""
        network ImageFlip (run-time dims: N)
          x            = input x                                  f32[N, 4]
          W1           = param W1 (inline)                        f32[4, 3]
          h_matmul     = matmul(x, W1)                            f32[N, 3]
          b1           = param b1 (inline)                        f32[3]
          h_add        = add(h_matmul, b1)                        f32[N, 3]
          h            = relu(h_add)                              f32[N, 3]
          W2           = param W2 (inline)                        f32[3, 4]
          y_hat_matmul = matmul(h, W2)                            f32[N, 4]
          b2           = param b2 (inline)                        f32[4]
          y_hat        = add(y_hat_matmul, b2)                    f32[N, 4]
          outputs: y_hat = y_hat
        """);
  }

  @Test
  void transformerLowersCleanly() {
    IrGraph g = sample("transformer_encoder.nn");
    assertThat(IrValidator.problems(g)).isEmpty();
    assertThat(g.nodes()).filteredOn(n -> n.op() instanceof Op.Attention).singleElement()
        .satisfies(n -> assertThat(((Op.Attention) n.op()).scale()).isEqualTo(0.25));
  }

  @Test
  @DisplayName("a slice cut at a run-time size prints its end, lists it for checking, and is validated")
  void sliceToRuntimeSize() {
    CheckResult result = Frontend.check(new SourceFile("positions.nn", """
        network Positions {
          input x: f32[N, T, 4]
          weights "positions.safetensors"
          param table: f32[8, 4]
          h = x[:, :, 0:2]
          pos = table[:2*T]
          output y = h + table[0:T, 1:3]
          output z = pos
        }
        """));
    assertThat(result.graphs()).as(result.diagnostics().toString()).hasSize(1);
    IrGraph g = IrBuilder.build(result.graphs().get(0));
    assertThat(IrValidator.problems(g)).isEmpty();
    IrNode pos = g.nodes().stream().filter(n -> n.name().equals("pos")).findFirst().orElseThrow();
    assertThat(IrPrinter.print(g)).contains("pos     = slice(table) [0:2*T, :]                  f32[2*T, 4]");
    assertThat(g.sliceEnds()).containsExactly(
        new IrGraph.SliceEnd("pos = table[0:2*T]", Dim.of(2).times(Dim.symbol("T")), "table", 0, 8),
        new IrGraph.SliceEnd("y_slice = table[0:T, 1:3]", Dim.symbol("T"), "table", 0, 8));

    // A run-time end on the run-time axis of x (defined before pos), or a result of another shape, is invalid IR.
    IrNode x = g.nodes().stream().filter(n -> n.name().equals("x")).findFirst().orElseThrow();
    Op.Slice cutT = new Op.Slice(List.of(new Node.AxisRange(0, -1, true, false), Node.AxisRange.upTo(Dim.symbol("T")),
        new Node.AxisRange(0, 4, true, false)));
    IrNode onRuntimeAxis = new IrNode(pos.id(), pos.name(), cutT, List.of(x.id()), pos.type());
    assertThat(IrValidator.problems(replace(g, pos, onRuntimeAxis)))
        .anyMatch(p -> p.contains("axis 1 is the run-time size T, cut at T"));
    IrNode wrongShape = pos.withOp(new Op.Slice(List.of(Node.AxisRange.upTo(Dim.symbol("T")),
        new Node.AxisRange(0, 4, true, false))));
    assertThat(IrValidator.problems(replace(g, pos, wrongShape)))
        .containsExactly("pos: the slice table[0:T] of [8, 4] is [T, 4], not [2*T, 4]");
  }

  /** {@code g} with {@code node} in place of {@code old}. */
  private static IrGraph replace(IrGraph g, IrNode old, IrNode node) {
    List<IrNode> nodes = new java.util.ArrayList<>(g.nodes());
    nodes.set(nodes.indexOf(old), node);
    return g.withNodes(nodes, g.outputs());
  }
}
