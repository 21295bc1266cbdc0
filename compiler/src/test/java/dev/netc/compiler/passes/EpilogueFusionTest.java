package dev.netc.compiler.passes;

import static dev.netc.compiler.passes.PassFixtures.applyChecked;
import static dev.netc.compiler.passes.PassFixtures.ir;
import static dev.netc.compiler.passes.PassFixtures.named;
import static dev.netc.compiler.passes.PassFixtures.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.runtime.ops.ActivationKind;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrPrinter;
import dev.netc.compiler.ir.Op;
import org.junit.jupiter.api.Test;

class EpilogueFusionTest {
  static final String IMAGE_FLIP = """
      network ImageFlip {
        input  x: f32[N, 4]
        param  W1: f32[4, 3] = [[0.2, -0.5, 0.1], [-0.3, 0.4, -0.2], [0.1, 0.3, 0.5], [-0.4, 0.2, -0.1]]
        param  b1: f32[3]    = [0.1, -0.1, 0.0]
        param  W2: f32[3, 4] = [[0.3, -0.2, 0.4, 0.1], [-0.1, 0.5, -0.3, 0.2], [0.2, -0.4, 0.1, -0.5]]
        param  b2: f32[4]    = [0.0, 0.1, -0.1, 0.0]
        h = relu(x @ W1 + b1)
        output y_hat = h @ W2 + b2
      }
      """;

  private final EpilogueFusion pass = new EpilogueFusion();

  @Test
  void imageFlipBecomesTwoGemmsNamedAsWritten() {
    IrGraph g = applyChecked(pass, ir(IMAGE_FLIP));
    assertThat(IrPrinter.print(g)).isEqualTo("""
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
    assertThat(ofKind(g, Op.Gemm.class)).hasSize(2);
    assertThat(named(g, "h").op()).isEqualTo(new Op.Gemm(false, true, ActivationKind.RELU, 0, 1));
    assertThat(named(g, "y_hat").op()).isEqualTo(new Op.Gemm(false, true, ActivationKind.IDENTITY, 0, 1));
  }

  @Test
  void outInDenseLayersFuseTransposed() {
    IrGraph g = applyChecked(pass, ir("""
        network Dense {
          weights "w.safetensors"
          input x: f32[N, 16]
          h = dense(x, 8, relu, layout=out_in)
          output y = dense(h, 4, layout=out_in, bias=false)
        }
        """));
    assertThat(IrPrinter.print(g)).isEqualTo("""
        network Dense (run-time dims: N)
          x        = input x                                  f32[N, 16]
          h.weight = param h.weight (file: h.weight)          f32[8, 16]
          h.bias   = param h.bias (file: h.bias)              f32[8]
          h        = gemm(x, h.weight, h.bias) W.T relu       f32[N, 8]
          y.weight = param y.weight (file: y.weight)          f32[4, 8]
          y        = gemm(h, y.weight) W.T                    f32[N, 4]
          outputs: y = y
        """);
    assertThat(ofKind(g, Op.Transpose.class)).isEmpty();
  }

  @Test
  void biasOnEitherSideScalesNegationAndLeakyAlphaJoinTheGemm() {
    IrGraph g = applyChecked(pass, ir("""
        network Scales {
          weights "w.safetensors"
          input x: f32[N, T, 16]
          param W: f32[16, 8]
          param b: f32[8]
          output a = (b + x @ W) / 2
          output c = relu((x @ W + b) * 3)
          output d = -(x @ W)
          output e = leaky_relu(x @ W + b, alpha=0.2)
          output f = (x @ W) * 2 + b
          output g = softmax(x @ W + b)
        }
        """));
    assertThat(IrPrinter.print(g)).isEqualTo("""
        network Scales (run-time dims: N, T)
          b     = param b (file: b)                        f32[8]
          x     = input x                                  f32[N, T, 16]
          W     = param W (file: W)                        f32[16, 8]
          a     = gemm(x, W, b) scale=0.500000             f32[N, T, 8]
          c     = gemm(x, W, b) scale=3 relu               f32[N, T, 8]
          d     = gemm(x, W) scale=-1                      f32[N, T, 8]
          e     = gemm(x, W, b) leaky_relu alpha=0.200000  f32[N, T, 8]
          f_mul = gemm(x, W) scale=2                       f32[N, T, 8]
          f     = add(f_mul, b)                            f32[N, T, 8]
          g_add = gemm(x, W, b)                            f32[N, T, 8]
          g     = softmax(g_add) axis=2                    f32[N, T, 8]
          outputs: a = a, c = c, d = d, e = e, f = f, g = g
        """);
    // The scale of 2 multiplies the product only: the bias added after it is not scaled.
    assertThat(named(g, "f").op()).isInstanceOf(Op.Elementwise.class);
  }

  @Test
  void valuesReadElsewhereStopTheChain() {
    IrGraph g = applyChecked(pass, ir("""
        network Shared {
          weights "w.safetensors"
          input x: f32[N, 16]
          input V: f32[16, 8]
          param W: f32[16, 8]
          param b: f32[8]
          h = x @ W + b
          output y = relu(h)
          output z = h
          output m = x @ W
          output n = m + b
          output o = x @ V + b
        }
        """));
    assertThat(IrPrinter.print(g)).isEqualTo("""
        network Shared (run-time dims: N)
          x        = input x                                  f32[N, 16]
          W        = param W (file: W)                        f32[16, 8]
          b        = param b (file: b)                        f32[8]
          h        = gemm(x, W, b)                            f32[N, 8]
          y        = relu(h)                                  f32[N, 8]
          m        = gemm(x, W)                               f32[N, 8]
          n        = add(m, b)                                f32[N, 8]
          V        = input V                                  f32[16, 8]
          o_matmul = matmul(x, V)                             f32[N, 8]
          o        = add(o_matmul, b)                         f32[N, 8]
          outputs: y = y, z = h, m = m, n = n, o = o
        """);
  }

  @Test
  void aResidualBeforeTheBiasLetsTheBiasJoinTheGemm() {
    IrGraph g = applyChecked(pass, ir("""
        network Residual {
          weights "w.safetensors"
          input x: f32[N, 8]
          param W: f32[8, 8]
          param b: f32[8]
          param c: f32[8]
          output y = x + x @ W + b
          output z = x @ W + b + c
        }
        """));
    assertThat(IrPrinter.print(g)).isEqualTo("""
        network Residual (run-time dims: N)
          x        = input x                                  f32[N, 8]
          W        = param W (file: W)                        f32[8, 8]
          b        = param b (file: b)                        f32[8]
          y_matmul = gemm(x, W, b)                            f32[N, 8]
          y        = add(x, y_matmul)                         f32[N, 8]
          z_add    = gemm(x, W, b)                            f32[N, 8]
          c        = param c (file: c)                        f32[8]
          z        = add(z_add, c)                            f32[N, 8]
          outputs: y = y, z = z
        """);
  }

  @Test
  void aParameterOnTheLeftOrABiasOfTheWrongShapeIsNotFused() {
    IrGraph before = ir("""
        network Other {
          weights "w.safetensors"
          input x: f32[8, 4]
          param P: f32[3, 8]
          param W: f32[4, 8]
          param B: f32[8, 8]
          output y = P @ x
          output z = x @ W + B
        }
        """);
    IrGraph g = applyChecked(pass, before);
    assertThat(named(g, "y").op()).isInstanceOf(Op.MatMul.class);
    assertThat(named(g, "z_matmul").op()).isEqualTo(new Op.Gemm(false, false, ActivationKind.IDENTITY, 0, 1));
    assertThat(named(g, "z").op()).isInstanceOf(Op.Elementwise.class);
  }

  @Test
  void twoProductsOfferedTheSameBiasDoNotBothTakeIt() {
    IrGraph g = applyChecked(pass, ir("""
        network Two {
          weights "w.safetensors"
          input x: f32[N, 4]
          param W1: f32[4, 4]
          param W2: f32[4, 4]
          param b: f32[4]
          output y = x @ W1 + x @ W2 + b
        }
        """));
    assertThat(IrPrinter.print(g)).isEqualTo("""
        network Two (run-time dims: N)
          x          = input x                                  f32[N, 4]
          W1         = param W1 (file: W1)                      f32[4, 4]
          W2         = param W2 (file: W2)                      f32[4, 4]
          y_matmul_2 = gemm(x, W2)                              f32[N, 4]
          b          = param b (file: b)                        f32[4]
          y_matmul   = gemm(x, W1, b)                           f32[N, 4]
          y          = add(y_matmul, y_matmul_2)                f32[N, 4]
          outputs: y = y
        """);
  }
}
