package dev.netc.compiler.ir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Frontend;
import java.nio.file.Path;
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
}
