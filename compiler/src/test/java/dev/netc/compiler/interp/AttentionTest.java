package dev.netc.compiler.interp;

import static dev.netc.compiler.interp.Nets.assertClose;
import static dev.netc.compiler.interp.Nets.shape;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** scaled_dot_product_attention, by hand and against the same computation spelled out in primitive ops. */
class AttentionTest {
  private static final Tensor Q = Tensor.matrix(new double[] {1, 0});
  private static final Tensor K = Tensor.matrix(new double[] {1, 0}, new double[] {0, 1});
  private static final Tensor V = Tensor.matrix(new double[] {1, 2}, new double[] {3, 4});

  @Test
  @DisplayName("one query, two keys: weights softmax([1, 0] / sqrt 2) mix the rows of v")
  void byHand() {
    // w = sigmoid(1 / sqrt 2) = 0.66976..., out = w * [1, 2] + (1 - w) * [3, 4].
    Tensor out = LinearAlgebra.attention(Q, K, V, Optional.empty(), Double.NaN);
    assertClose(out, shape(1, 2), new double[] {1.6604769013466862, 2.6604769013466862}, 1e-15);
    // The IR's usual scale is the same number, computed when lowering.
    assertThat(LinearAlgebra.attention(Q, K, V, Optional.empty(), 1 / Math.sqrt(2)).data()).containsExactly(out.data());
  }

  @Test
  @DisplayName("an additive mask of -1e9 hides a key; a scale of 0 weighs the keys equally")
  void maskAndScale() {
    Tensor hidden = LinearAlgebra.attention(Q, K, V, Optional.of(Tensor.vector(-1e9, 0)), Double.NaN);
    assertClose(hidden, shape(1, 2), new double[] {3, 4}, 0);
    assertClose(LinearAlgebra.attention(Q, K, V, Optional.empty(), 0), shape(1, 2), new double[] {2, 3}, 1e-15);
  }

  @Test
  @DisplayName("multi-head attention with a per-sample mask equals softmax(q @ k.T / sqrt(d) + mask) @ v written out")
  void equalsTheComposition() {
    String spec = """
        network Heads {
          input q: f32[N, 2, T, 4]
          input k: f32[N, 2, T, 4]
          input v: f32[N, 2, T, 3]
          input mask: f32[N, 1, T, T]
          output fused = scaled_dot_product_attention(q, k, v, mask)
          output spelled = softmax(q @ k.T / sqrt(4) + mask) @ v
        }
        """;
    Random random = new Random(7);
    Map<String, Tensor> inputs = Map.of(
        "q", random(random, 2, 2, 3, 4), "k", random(random, 2, 2, 3, 4), "v", random(random, 2, 2, 3, 3),
        // Causal: query t sees keys 0..t.
        "mask", Tensor.of(shape(2, 1, 3, 3), 0, -1e9, -1e9, 0, 0, -1e9, 0, 0, 0, 0, -1e9, -1e9, 0, 0, -1e9, 0, 0, 0));
    Map<String, Tensor> out = Interpreter.run(Nets.compile(spec), inputs);
    assertClose(out.get("fused"), out.get("spelled"), 1e-15);
    // The first query of each head sees only the first key: its output is v's first row.
    assertThat(out.get("fused").get(1, 1, 0, 2)).isEqualTo(inputs.get("v").get(1, 1, 0, 2));
  }

  static Tensor random(Random random, long... shape) {
    double[] data = new double[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextGaussian();
    }
    return Tensor.of(shape, data);
  }
}
