package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.source.SourceFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InternalErrorTest {
  @Test
  @DisplayName("a failure inside the compiler becomes an NN0000 diagnostic that asks for a report, not an exception")
  void internalFailureIsReported() {
    String spec = "network N1 {\n  weights \"w.safetensors\"\n  input x: f32[N, 2]\n  output y = relu(x)\n}\n";
    CheckResult result = Frontend.check(new SourceFile("t.nn", spec), path -> {
      throw new IllegalStateException("simulated bug");
    });
    assertThat(result.hasInternalError()).isTrue();
    assertThat(result.graphs()).isEmpty();
    assertThat(result.diagnostics()).filteredOn(d -> d.code() == Code.INTERNAL).singleElement()
        .satisfies(d -> {
          assertThat(d.message()).contains("simulated bug");
          assertThat(d.notes()).anyMatch(n -> n.contains("please report it"));
        });
  }
}
