package dev.netc.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.interp.Interpreter;
import dev.netc.compiler.interp.Tensor;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.passes.Passes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The losses, generated and interpreted, against PyTorch 1.13's functions of the same names on the
 * same numbers ({@code F.cross_entropy} with probability and with index targets,
 * {@code F.binary_cross_entropy}, {@code F.binary_cross_entropy_with_logits}; mean reduction).
 */
class LossesTest {
  private static final String SPEC = """
      network Losses {
        input z: f32[N, 3]
        input t: f32[N, 3]
        input labels: %s[N]
        input p: f32[4]
        input y: f32[4]
        input logits: f32[4]
        output ce = cross_entropy(z, t)
        output sce = sparse_cross_entropy(z, labels)
        output bce = binary_cross_entropy(p, y)
        output bcel = binary_cross_entropy(logits, y, logits=true)
      }
      """;

  private static final float[] Z = {1, 2, 0.5f, -1, 0, 3};
  private static final float[] T = {0, 1, 0, 0.2f, 0.3f, 0.5f};
  private static final float[] P = {0.9f, 0.2f, 0, 1};
  private static final float[] Y = {1, 0, 1, 1};
  private static final float[] LOGITS = {2, -1, 30, -40};
  /** torch.nn.functional on the numbers above, in this order: ce, sce, bce, bcel. */
  private static final double[] TORCH = {1.115126371383667, 0.2651263475418091, 25.08212661743164, 10.110047340393066};

  @Test
  @DisplayName("generated code and the interpreter give PyTorch's losses, with i64 and i32 labels")
  void matchPyTorch() throws Exception {
    for (String labelType : new String[] {"i64", "i32"}) {
      IrGraph ir = Networks.ir(SPEC.formatted(labelType));
      Object labels = labelType.equals("i64") ? new long[] {1, 2} : new int[] {1, 2};
      for (CompileOptions options : new CompileOptions[] {CompileOptions.defaults(),
          CompileOptions.defaults().withRelease(CompileOptions.OFF_HEAP_RELEASE)}) {
        Networks.Live net = Networks.compile(Passes.optimize(ir), options);
        float[][] out = (float[][]) net.run(Z, T, labels, P, Y, LOGITS, 2);
        for (int i = 0; i < TORCH.length; i++) {
          assertThat((double) out[i][0]).as("output %d with %s labels", i, labelType)
              .isCloseTo(TORCH[i], within(1e-6 * (1 + TORCH[i])));
        }
      }
      Map<String, Tensor> inputs = new LinkedHashMap<>();
      inputs.put("z", Tensor.fromFloats(new long[] {2, 3}, Z));
      inputs.put("t", Tensor.fromFloats(new long[] {2, 3}, T));
      inputs.put("labels", Tensor.of(new long[] {2}, 1, 2));
      inputs.put("p", Tensor.fromFloats(new long[] {4}, P));
      inputs.put("y", Tensor.fromFloats(new long[] {4}, Y));
      inputs.put("logits", Tensor.fromFloats(new long[] {4}, LOGITS));
      Map<String, Tensor> reference = Interpreter.run(ir, inputs);
      int i = 0;
      for (Tensor t : reference.values()) {
        assertThat(t.data()[0]).isCloseTo(TORCH[i], within(1e-6 * (1 + TORCH[i])));
        i++;
      }
    }
  }

  @Test
  @DisplayName("a label outside the classes is an IllegalArgumentException naming the row and the range")
  void labelOutOfRange() throws Exception {
    Networks.Live net = Networks.compile(Passes.optimize(Networks.ir(SPEC.formatted("i64"))), CompileOptions.defaults());
    assertThatThrownBy(() -> net.run(Z, T, new long[] {1, 3}, P, Y, LOGITS, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sparse_cross_entropy: label 1 is 3, but the logits have 3 classes: labels are class indices in "
            + "[0, 3)");
  }
}
