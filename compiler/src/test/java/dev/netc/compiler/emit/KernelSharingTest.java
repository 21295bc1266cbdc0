package dev.netc.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.GeneratedFile;
import dev.netc.compiler.passes.PassOptions;
import dev.netc.compiler.passes.Passes;
import dev.netc.compiler.plan.NetworkPlan;
import dev.netc.compiler.plan.Planner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Layers with the same kernel plan run one kernel: it is generated, and compiled by the JIT, once. */
class KernelSharingTest {
  private static String literal(int count, int seed) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      s.append(i == 0 ? "" : ", ").append(((i * 7 + seed) % 11 - 5) / 10.0);
    }
    return s.append(']').toString();
  }

  /** Three 16 x 16 relu layers with biases, then one without an activation. */
  private static final String STACK = """
      network Stack {
        input x: f32[N, 16]
        param W1: f32[16, 16] = %s
        param b1: f32[16] = %s
        param W2: f32[16, 16] = %s
        param b2: f32[16] = %s
        param W3: f32[16, 16] = %s
        param b3: f32[16] = %s
        param W4: f32[16, 16] = %s
        param b4: f32[16] = %s
        h1 = relu(x @ W1 + b1)
        h2 = relu(h1 @ W2 + b2)
        h3 = relu(h2 @ W3 + b3)
        output y = h3 @ W4 + b4
      }
      """.formatted(literal(256, 1), literal(16, 2), literal(256, 3), literal(16, 4), literal(256, 5), literal(16, 6),
      literal(256, 7), literal(16, 8));

  @Test
  @DisplayName("layers of the same shapes and epilogue share one kernel; another epilogue is another kernel")
  void equalPlansShareAKernel() throws Exception {
    // Without linear folding, which would merge the last two layers.
    var ir = Passes.optimize(Networks.ir(STACK), new PassOptions(false));
    NetworkPlan plan = Planner.plan(ir, "share", CompileOptions.defaults());
    assertThat(plan.kernels()).extracting(k -> k.name()).containsExactly("gemm16x16BiasRelu", "gemm16x16Bias");
    assertThat(plan.kernels().get(0).uses()).extracting(u -> u.node()).containsExactly("h1", "h2", "h3");
    // Each layer still packs its own weight.
    assertThat(plan.fields().stream().filter(f -> f.field().endsWith("_packed")).count()).isEqualTo(4);

    List<GeneratedFile> files = Generate.files(ir, "share", CompileOptions.defaults());
    String kernels = files.get(1).text();
    assertThat(kernels.split("static void gemm16x16BiasRelu\\(", -1)).hasSize(2);
    assertThat(kernels).doesNotContain("h2(").contains("{@code h2}: relu(h1 @ W2 + b2)");

    // The shared kernel computes every layer right: against the interpreter at batches 1 and 30.
    Networks.Live live = Networks.compile(ir);
    for (int batch : new int[] {1, 30}) {
      float[] x = new float[batch * 16];
      for (int i = 0; i < x.length; i++) {
        x[i] = (i % 13 - 6) / 4f;
      }
      float[] y = (float[]) live.run(x, batch);
      var reference = dev.netc.compiler.interp.Interpreter.run(Networks.ir(STACK), Map.of("x",
          dev.netc.compiler.interp.Tensor.fromFloats(new long[] {batch, 16}, x))).get("y").toFloats();
      for (int i = 0; i < y.length; i++) {
        assertThat((double) y[i]).isCloseTo(reference[i], org.assertj.core.api.Assertions.within(1e-4 * (1
            + Math.abs(reference[i]))));
      }
    }
  }
}
