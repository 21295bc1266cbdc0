package dev.netc.compiler.interp;

import static dev.netc.compiler.interp.Nets.assertClose;
import static dev.netc.compiler.interp.Nets.shape;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.Op;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The element-wise math functions, reductions, l2_normalize, layernorm over several axes and
 * causal attention in the reference interpreter, against values worked out by hand or with
 * Java's {@link Math} (erf: known values to 16 digits).
 */
class MathOpsTest {
  private static final double E = Math.E;

  @Test
  @DisplayName("exp, log, erf, sqrt, rsqrt, abs and pow element-wise: erf(0.5) = 0.5204998778130465")
  void mathFunctions() {
    String spec = """
        network Fns {
          input x: f32[3]
          output e = exp(x)
          output l = log(abs(x))
          output f = erf(x)
          output s = sqrt(abs(x))
          output r = rsqrt(abs(x))
          output a = abs(x)
          output p2 = pow(x, 2)
          output p3 = pow(x, 3)
          output ph = pow(abs(x), -0.5)
        }
        """;
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), Map.of("x", Tensor.vector(0.5, 1, -2)));
    assertClose(out.get("e"), shape(3), new double[] {Math.sqrt(E), E, 1 / (E * E)}, 1e-15);
    assertClose(out.get("l"), shape(3), new double[] {-Math.log(2), 0, Math.log(2)}, 1e-15);
    assertClose(out.get("f"), shape(3), new double[] {0.5204998778130465, 0.8427007929497149, -0.9953222650189527},
        1e-15);
    assertClose(out.get("s"), shape(3), new double[] {Math.sqrt(0.5), 1, Math.sqrt(2)}, 1e-15);
    assertClose(out.get("r"), shape(3), new double[] {Math.sqrt(2), 1, Math.sqrt(0.5)}, 1e-15);
    assertClose(out.get("a"), shape(3), new double[] {0.5, 1, 2}, 0);
    assertClose(out.get("p2"), shape(3), new double[] {0.25, 1, 4}, 0);
    assertClose(out.get("p3"), shape(3), new double[] {0.125, 1, -8}, 0);
    assertClose(out.get("ph"), shape(3), new double[] {Math.sqrt(2), 1, Math.sqrt(0.5)}, 1e-15);
  }

  @Test
  @DisplayName("functions of constants fold: sqrt(16) * x is x * 4, exp(0) + x is x + 1, pow(2, 10) is 1024")
  void constantsFold() {
    String spec = """
        network Folded {
          dim d = 16
          input x: f32[2]
          output y = x * sqrt(d) + exp(0) + pow(2, 10) - erf(0)
        }
        """;
    IrGraph g = Nets.compile(spec);
    assertThat(g.nodes()).noneMatch(n -> n.op() instanceof Op.Activation);
    assertClose(Interpreter.run(g, Map.of("x", Tensor.vector(1, 2))).get("y"), shape(2), new double[] {1029, 1033}, 0);
  }

  @Test
  @DisplayName("sum, mean and max of [[1, 2, 3], [4, 5, 6]] along each axis, both, and with keepdims")
  void reductions() {
    String spec = """
        network Red {
          input x: f32[2, 3]
          output s = sum(x)
          output m0 = mean(x, axis=0)
          output mx = max(x, axis=[0, 1])
          output mk = mean(x, axis=1, keepdims=true)
          output neg = max(x, axis=-2, keepdims=true)
        }
        """;
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec),
        Map.of("x", Tensor.matrix(new double[] {1, 2, 3}, new double[] {4, 5, 6})));
    assertClose(out.get("s"), shape(2), new double[] {6, 15}, 0);
    assertClose(out.get("m0"), shape(3), new double[] {2.5, 3.5, 4.5}, 0);
    assertClose(out.get("mx"), shape(), new double[] {6}, 0);
    assertClose(out.get("mk"), shape(2, 1), new double[] {2, 5}, 0);
    assertClose(out.get("neg"), shape(1, 3), new double[] {4, 5, 6}, 0);
  }

  @Test
  @DisplayName("axes apart: sum of [[[1, 2], [3, 4]], [[5, 6], [7, 8]]] over axes 0 and 2 is [14, 22], in two IR nodes")
  void reductionOverAxesApart() {
    String spec = """
        network Apart {
          input x: f32[N, 2, 2]
          output s = sum(x, axis=[0, 2])
          output k = mean(x, axis=[2, 0], keepdims=true)
        }
        """;
    IrGraph g = Nets.compile(spec);
    assertThat(g.nodes().stream().filter(n -> n.op() instanceof Op.Reduce).count()).isEqualTo(4);
    Tensor x = new Tensor(shape(2, 2, 2), new double[] {1, 2, 3, 4, 5, 6, 7, 8});
    Map<String, Tensor> out = Interpreter.run(g, Map.of("x", x));
    assertClose(out.get("s"), shape(2), new double[] {14, 22}, 0);
    assertClose(out.get("k"), shape(1, 2, 1), new double[] {3.5, 5.5}, 0);
  }

  @Test
  @DisplayName("l2_normalize: [3, 4] becomes [0.6, 0.8] along either axis; a zero vector stays 0 (eps)")
  void l2Normalize() {
    String spec = """
        network L2 {
          input x: f32[2, 2]
          output rows = l2_normalize(x)
          output cols = l2_normalize(x, axis=0)
        }
        """;
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec),
        Map.of("x", Tensor.matrix(new double[] {3, 4}, new double[] {0, 0})));
    assertClose(out.get("rows"), shape(2, 2), new double[] {0.6, 0.8, 0, 0}, 1e-15);
    assertClose(out.get("cols"), shape(2, 2), new double[] {1, 1, 0, 0}, 1e-15);
  }

  @Test
  @DisplayName("layernorm over the last two axes normalizes [[1, 2], [3, 4]] as one group of four")
  void layerNormOverTwoAxes() {
    String spec = """
        network Ln2 {
          input x: f32[N, 2, 2]
          param g: f32[2, 2] = [[1, 1], [2, 2]]
          param b: f32[2, 2] = [[0, 0], [1, 1]]
          output y = layernorm(x, g, b, axis=1)
        }
        """;
    Tensor x = new Tensor(shape(1, 2, 2), new double[] {1, 2, 3, 4});
    // The group [1, 2, 3, 4]: mean 2.5, biased variance 1.25.
    double r = 1 / Math.sqrt(1.25 + 1e-5);
    assertClose(Nets.run(spec, "y", Map.of("x", x)), shape(1, 2, 2),
        new double[] {-1.5 * r, -0.5 * r, 0.5 * r * 2 + 1, 1.5 * r * 2 + 1}, 1e-12);
  }

  @Test
  @DisplayName("causal attention: query 0 sees key 0 alone, query 1 both; more queries than keys see all keys")
  void causalAttention() {
    String spec = """
        network Causal {
          input q: f32[3, 1]
          input k: f32[2, 1]
          input v: f32[2, 1]
          input mask: f32[3, 2]
          output a = scaled_dot_product_attention(q, k, v, causal=true)
          output m = scaled_dot_product_attention(q, k, v, mask=mask, causal=true)
        }
        """;
    Tensor q = new Tensor(shape(3, 1), new double[] {1, 1, 1});
    Tensor k = new Tensor(shape(2, 1), new double[] {0, 1});
    Tensor v = new Tensor(shape(2, 1), new double[] {10, 20});
    Tensor mask = new Tensor(shape(3, 2), new double[] {0, 0, 0, -1e9, 0, 0});
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), Map.of("q", q, "k", k, "v", v, "mask", mask));
    // Scores [0, 1]: weights 1/(1+e) and e/(1+e) once both keys are seen.
    double both = (10 + 20 * E) / (1 + E);
    assertClose(out.get("a"), shape(3, 1), new double[] {10, both, both}, 1e-12);
    assertClose(out.get("m"), shape(3, 1), new double[] {10, 10, both}, 1e-12);
  }
}
