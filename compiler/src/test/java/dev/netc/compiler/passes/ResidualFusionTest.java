package dev.netc.compiler.passes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrPrinter;
import dev.netc.compiler.ir.IrValidator;
import org.junit.jupiter.api.Test;

class ResidualFusionTest {
  private static IrGraph fused(String spec) {
    IrGraph g = Passes.optimize(PassFixtures.ir(spec));
    assertThat(IrValidator.problems(g)).isEmpty();
    return g;
  }

  @Test
  void aResidualJoinsTheGemmThatFeedsTheAdd() {
    IrGraph g = fused("""
        network Res {
          input x: f32[N, 4]
          param W: f32[4, 4] = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
          param b: f32[4] = [1, 2, 3, 4]
          output y = x + tanh(x @ W + b)
        }
        """);
    assertThat(IrPrinter.print(g)).contains("y = gemm(x, W, b, x) tanh +residual");
  }

  @Test
  void aBroadcastResidualOrASharedProductStaysAnAdd() {
    IrGraph g = fused("""
        network Keep {
          input x: f32[N, 4]
          input row: f32[4]
          param W: f32[4, 4] = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
          p = x @ W
          output a = p + row
          output c = p + x
        }
        """);
    assertThat(IrPrinter.print(g)).doesNotContain("+residual").contains("add(p, row)").contains("add(p, x)");
  }
}
