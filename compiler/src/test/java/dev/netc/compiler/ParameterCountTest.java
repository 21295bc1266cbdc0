package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.summary.NetworkSummary;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parameter counts of dense stacks on 4 inputs, against the counts worked out by hand (in*out + out per layer). */
class ParameterCountTest {
  @ParameterizedTest(name = "4 -> {0} has {1} parameters")
  @CsvSource(delimiter = ';', value = {
    "64, 32, 1; 2433",
    "16, 8, 1; 225",
    "512, 256, 1; 134145",
    "32, 32, 32, 32, 1; 3361",
  })
  void denseStacks(String widths, long expected) {
    List<String> units = List.of(widths.split(",\\s*"));
    StringBuilder spec = new StringBuilder("network Stack {\n  weights \"stack.safetensors\"\n  input x: f32[N, 4]\n");
    String previous = "x";
    for (int i = 0; i < units.size(); i++) {
      String name = i == units.size() - 1 ? "output y" : "h" + i;
      String activation = i == units.size() - 1 ? "sigmoid" : "relu";
      spec.append("  ").append(name).append(" = dense(").append(previous).append(", ").append(units.get(i))
          .append(", ").append(activation).append(")\n");
      previous = "h" + i;
    }
    spec.append("}\n");
    CheckResult result = Specs.check(spec.toString());
    assertThat(result.hasErrors()).as(result.diagnostics().toString()).isFalse();
    NetworkSummary summary = NetworkSummary.of(result.graphs().get(0));
    assertThat(summary.totalParams()).isEqualTo(expected);
    assertThat(summary.rows().stream().mapToLong(NetworkSummary.Row::params).sum()).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void flopsPerSampleOfTheImageFlipNetwork() {
    // x @ W1: 2*4*3 = 24, + b1: 3, relu: 3; h @ W2: 2*3*4 = 24, + b2: 4.
    CheckResult result = Frontend.checkFile(Goldens.samples().resolve("image_flip.nn"), "image_flip.nn");
    NetworkSummary summary = NetworkSummary.of(result.graphs().get(0));
    assertThat(summary.flopsPerSample().constant()).isEqualTo(24 + 3 + 3 + 24 + 4);
    assertThat(summary.totalParams()).isEqualTo(4 * 3 + 3 + 3 * 4 + 4);
  }
}
