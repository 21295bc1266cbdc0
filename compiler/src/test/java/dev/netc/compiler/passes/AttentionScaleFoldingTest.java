package dev.netc.compiler.passes;

import static dev.netc.compiler.passes.PassFixtures.applyChecked;
import static dev.netc.compiler.passes.PassFixtures.ir;
import static dev.netc.compiler.passes.PassFixtures.literal;
import static dev.netc.compiler.passes.PassFixtures.named;
import static dev.netc.compiler.passes.PassFixtures.ofKind;
import static dev.netc.compiler.passes.PassFixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.runtime.ops.ArithOp;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrPrinter;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttentionScaleFoldingTest {
  private static IrGraph fusedAndFolded(String spec) {
    return applyChecked(new AttentionScaleFolding(), applyChecked(new EpilogueFusion(), ir(spec)));
  }

  @Test
  void theScoreScaleMovesIntoTheQueryProjection() {
    IrGraph g = fusedAndFolded("""
        network Scores {
          input x: f32[T, 16]
          param Wq: f32[16, 16] = %s
          param bq: f32[16] = %s
          param Wk: f32[16, 16] = %s
          q = x @ Wq + bq
          k = x @ Wk
          output s = (q @ k.T) / sqrt(16)
        }
        """.formatted(literal(256, 1), literal(16, 2), literal(256, 3)));
    assertThat(IrPrinter.print(g)).isEqualTo("""
        network Scores (run-time dims: T)
          x           = input x                                  f32[T, 16]
          Wq          = param Wq (inline)                        f32[16, 16]
          bq          = param bq (inline)                        f32[16]
          q           = gemm(x, Wq, bq) scale=0.250000           f32[T, 16]
          Wk          = param Wk (inline)                        f32[16, 16]
          k           = gemm(x, Wk)                              f32[T, 16]
          s_transpose = transpose(k) [1, 0]                      f32[16, T]
          s           = matmul(q, s_transpose)                   f32[T, T]
          outputs: s = s
        """);
    assertThat(((Op.Gemm) named(g, "q").op()).scale()).isEqualTo(0.25);
    assertThat(ofKind(g, Op.Elementwise.class)).isEmpty();
  }

  @Test
  void aMultiplicationOnEitherSideFoldsIntoTheKeyProjectionWhenTheQueryHasNone() {
    IrGraph g = fusedAndFolded("""
        network Keys {
          input q: f32[T, 16]
          input x: f32[T, 16]
          param Wk: f32[16, 16] = %s
          k = x @ Wk
          output s = 0.25 * (q @ k.T)
        }
        """.formatted(literal(256, 1)));
    assertThat(((Op.Gemm) named(g, "k").op()).scale()).isEqualTo(0.25);
    assertThat(named(g, "s").op()).isInstanceOf(Op.MatMul.class);
    assertThat(ofKind(g, Op.Elementwise.class)).isEmpty();
  }

  @Test
  void withoutAFoldableGemmTheScaleMovesOntoTheSmallerQuery() {
    // q has an activation: relu(z) / c is not relu(z / c) in general, so its Gemm keeps its scale.
    IrGraph g = fusedAndFolded("""
        network Moved {
          input x: f32[T, 16]
          input k: f32[T, 16]
          param Wq: f32[16, 16] = %s
          q = sigmoid(x @ Wq)
          output s = (q @ k.T) / 4
        }
        """.formatted(literal(256, 1)));
    assertThat(IrPrinter.print(g)).isEqualTo("""
        network Moved (run-time dims: T)
          x           = input x                                  f32[T, 16]
          Wq          = param Wq (inline)                        f32[16, 16]
          q           = gemm(x, Wq) sigmoid                      f32[T, 16]
          k           = input k                                  f32[T, 16]
          s_transpose = transpose(k) [1, 0]                      f32[16, T]
          s_const_2   = const 0.250000                           f32[]
          s_mul       = mul(q, s_const_2)                        f32[T, 16]
          s           = matmul(s_mul, s_transpose)               f32[T, T]
          outputs: s = s
        """);
  }

  @Test
  void theScaleStaysOnScoresSmallerThanTheQuery() {
    IrGraph before = applyChecked(new EpilogueFusion(), ir("""
        network Small {
          input q: f32[4, 16]
          input k: f32[2, 16]
          output s = (q @ k.T) / 4
        }
        """));
    assertThat(applyChecked(new AttentionScaleFolding(), before)).isEqualTo(before);
    assertThat(named(before, "s").op()).isEqualTo(new Op.Elementwise(ArithOp.DIV));
  }

  @Test
  void elementCountsTreatRunTimeSizesAsOneLargeSize() {
    Dim n = Dim.symbol("N");
    Dim t = Dim.symbol("T");
    assertThat(AttentionScaleFolding.smaller(new Shape(List.of(n, t, Dim.of(16))), new Shape(List.of(n, t, t))))
        .isTrue();
    assertThat(AttentionScaleFolding.smaller(new Shape(List.of(n, t, t)), new Shape(List.of(n, t, Dim.of(16)))))
        .isFalse();
    assertThat(AttentionScaleFolding.smaller(new Shape(List.of(n, Dim.of(8))), new Shape(List.of(t, Dim.of(16)))))
        .isTrue();
    assertThat(AttentionScaleFolding.smaller(Shape.of(4, 16), Shape.of(4, 2))).isFalse();
    assertThat(AttentionScaleFolding.smaller(Shape.of(4, 16), Shape.of(4, 16))).isFalse();
  }

  @Test
  void theAttentionOpsScaleMovesIntoTheQueryProjectionThroughTheHeadSplit() {
    IrGraph g = applyChecked(new AttentionScaleFolding(),
        applyChecked(new EpilogueFusion(), sample("transformer_encoder.nn")));
    assertThat(ofKind(g, Op.Attention.class)).singleElement()
        .satisfies(n -> assertThat(((Op.Attention) n.op()).scale()).isEqualTo(1));
    assertThat(((Op.Gemm) named(g, "q_add").op()).scale()).isEqualTo(0.25);
    assertThat(((Op.Gemm) named(g, "k_add").op()).scale()).isEqualTo(1);
  }
}
