package dev.netc.compiler.passes;

import static dev.netc.compiler.passes.PassFixtures.assertPreserved;
import static dev.netc.compiler.passes.PassFixtures.ir;
import static dev.netc.compiler.passes.PassFixtures.named;
import static dev.netc.compiler.passes.PassFixtures.ofKind;
import static dev.netc.compiler.passes.PassFixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.runtime.ops.ActivationKind;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrPrinter;
import dev.netc.compiler.ir.Op;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PassesTest {
  @ParameterizedTest
  @ValueSource(strings = {"image_flip.nn", "mlp.nn", "transformer_encoder.nn"})
  void everyStageOfEverySampleIsValidAndKeepsTheOutputs(String file) {
    IrGraph g = sample(file);
    for (PassOptions options : List.of(PassOptions.defaults(), new PassOptions(false))) {
      List<Passes.Stage> stages = Passes.stages(g, options);
      for (Passes.Stage stage : stages) {
        assertPreserved(g, stage.graph(), file + ": " + stage.pass());
      }
      assertThat(stages.get(stages.size() - 1).graph()).isEqualTo(Passes.optimize(g, options));
      // A second run finds nothing left to do.
      IrGraph once = Passes.optimize(g, options);
      assertThat(Passes.optimize(once, options)).isEqualTo(once);
    }
  }

  @Test
  void theStagesAreNamedAfterThePassesInPipelineOrder() {
    IrGraph g = sample("image_flip.nn");
    assertThat(Passes.stages(g, PassOptions.defaults())).extracting(Passes.Stage::pass).containsExactly(
        "constant-folding", "dead-code-elimination", "epilogue-fusion", "linear-folding",
        "attention-scale-folding", "residual-fusion", "heads-in-place", "dead-code-elimination");
    assertThat(Passes.stages(g, new PassOptions(false))).extracting(Passes.Stage::pass)
        .doesNotContain("linear-folding");
    assertThat(PassOptions.defaults().foldLinear()).isTrue();
  }

  @Test
  void imageFlipEndsAsTwoGemms() {
    assertThat(IrPrinter.print(Passes.optimize(sample("image_flip.nn")))).isEqualTo("""
        network ImageFlip (run-time dims: N)
          x     = input x                                  f32[N, 4]
          W1    = param W1 (inline)                        f32[4, 3]
          b1    = param b1 (inline)                        f32[3]
          h     = gemm(x, W1, b1) relu                     f32[N, 3]
          W2    = param W2 (inline)                        f32[3, 4]
          b2    = param b2 (inline)                        f32[4]
          y_hat = gemm(h, W2, b2)                          f32[N, 4]
          outputs: y_hat = y_hat
        """);
  }

  @Test
  void theMlpEndsAsThreeTransposedGemms() {
    assertThat(IrPrinter.print(Passes.optimize(sample("mlp.nn")))).isEqualTo("""
        network Mlp (run-time dims: N)
          x          = input x                                  f32[N, 784]
          fc1.weight = param fc1.weight (file: fc1.weight)      f32[128, 784]
          fc1.bias   = param fc1.bias (file: fc1.bias)          f32[128]
          fc1        = gemm(x, fc1.weight, fc1.bias) W.T relu   f32[N, 128]
          fc2.weight = param fc2.weight (file: fc2.weight)      f32[64, 128]
          fc2.bias   = param fc2.bias (file: fc2.bias)          f32[64]
          fc2        = gemm(fc1, fc2.weight, fc2.bias) W.T relu f32[N, 64]
          fc3.weight = param fc3.weight (file: fc3.weight)      f32[10, 64]
          fc3.bias   = param fc3.bias (file: fc3.bias)          f32[10]
          logits     = gemm(fc2, fc3.weight, fc3.bias) W.T      f32[N, 10]
          outputs: logits = logits
        """);
  }

  @Test
  void theTransformerHasSixGemmsAndAnUnscaledAttention() {
    IrGraph g = Passes.optimize(sample("transformer_encoder.nn"));
    // The two residual connections are added in the output projection's and the second FFN layer's stores.
    assertThat(ofKind(g, Op.Gemm.class)).extracting(n -> n.name()).containsExactly(
        "q_add", "k_add", "v_add", "h_add_2", "ff", "y_add_2");
    assertThat(ofKind(g, Op.Gemm.class)).allSatisfy(n -> assertThat(((Op.Gemm) n.op()).hasBias()).isTrue());
    assertThat(ofKind(g, Op.Gemm.class)).filteredOn(n -> ((Op.Gemm) n.op()).hasResidual())
        .extracting(n -> n.name()).containsExactly("h_add_2", "y_add_2");
    assertThat(ofKind(g, Op.Elementwise.class)).isEmpty();
    assertThat(((Op.Gemm) named(g, "q_add").op()).scale()).isEqualTo(0.25);
    assertThat(((Op.Gemm) named(g, "ff").op()).activation()).isEqualTo(ActivationKind.GELU);
    assertThat(ofKind(g, Op.MatMul.class)).isEmpty();
    assertThat(ofKind(g, Op.Attention.class)).singleElement()
        .satisfies(n -> assertThat(((Op.Attention) n.op()).scale()).isEqualTo(1));
  }

  @Test
  void linearFoldingIsAnOption() {
    IrGraph g = ir(LinearFoldingTest.LINEAR_FLIP);
    assertThat(ofKind(Passes.optimize(g), Op.Gemm.class)).hasSize(1);
    assertThat(ofKind(Passes.optimize(g, new PassOptions(false)), Op.Gemm.class)).hasSize(2);
    // The folded layers' own parameters are gone from the graph, not just from its nodes.
    assertThat(Passes.optimize(g).params()).extracting(IrGraph.Param::name).containsExactly("W1_W2", "b1_b2");
  }
}
