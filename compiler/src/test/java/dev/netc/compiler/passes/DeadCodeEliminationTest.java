package dev.netc.compiler.passes;

import static dev.netc.compiler.passes.PassFixtures.applyChecked;
import static dev.netc.compiler.passes.PassFixtures.ir;
import static dev.netc.compiler.passes.PassFixtures.literal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrPrinter;
import org.junit.jupiter.api.Test;

class DeadCodeEliminationTest {
  private final DeadCodeElimination pass = new DeadCodeElimination();

  @Test
  void noOpsUnusedNodesAndUnusedParametersGo() {
    IrGraph before = ir("""
        network Dce {
          input x: f32[N, 4]
          param unused: f32[2] = [1, 2]
          param W: f32[4, 4] = %s
          dead = relu(x @ W)
          y = x @ W
          output z = identity(reshape(y, [N, 4]))
          output t = transpose(x, [0, 1]) * 2
          output r = identity(relu(x))
        }
        """.formatted(literal(16, 1)));
    IrGraph g = applyChecked(pass, before);
    assertThat(IrPrinter.print(g)).isEqualTo("""
        network Dce (run-time dims: N)
          x       = input x                                  f32[N, 4]
          W       = param W (inline)                         f32[4, 4]
          y       = matmul(x, W)                             f32[N, 4]
          t_const = const 2                                  f32[]
          t       = mul(x, t_const)                          f32[N, 4]
          r       = relu(x)                                  f32[N, 4]
          outputs: z = y, t = t, r = r
        """);
    assertThat(before.params()).extracting(IrGraph.Param::name).containsExactly("unused", "W");
    assertThat(g.params()).extracting(IrGraph.Param::name).containsExactly("W");
  }

  @Test
  void aReshapeThatChangesTheShapeAndARealTransposeStay() {
    IrGraph before = ir("""
        network Keep {
          input x: f32[N, 4]
          output y = reshape(x, [N, 2, 2])
          output z = transpose(x, [1, 0])
        }
        """);
    assertThat(applyChecked(pass, before)).isEqualTo(before);
  }
}
