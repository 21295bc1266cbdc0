package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.source.SourceFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code output y: TYPE = expr}: the declared type is checked, and a matching one changes nothing. */
class OutputTypeTest {
  private static CheckResult check(String text) {
    return Frontend.check(new SourceFile("net.nn", text));
  }

  @Test
  @DisplayName("a declared type that matches, with run-time and dim sizes, checks clean and compiles as without it")
  void matching() {
    CheckResult result = check("""
        network Typed {
          dim classes = 2 * 5
          input x: f32[N, T, 4]
          input W: f32[4, classes]
          output y: f32[N, T, 10] = x @ W
          z = relu(y)
          output z: f32[N, T, classes]
        }
        """);
    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.graphs().get(0).outputs()).containsExactly("y", "z");
  }

  @Test
  @DisplayName("a different element type or an unknown dimension in the declaration is reported")
  void mismatches() {
    CheckResult result = check("""
        network Typed {
          input x: f32[N, 4]
          output y: i64[N, 4] = x * 2
          output z: f32[N, classes] = x
        }
        """);
    assertThat(result.diagnostics()).extracting(d -> d.code().id() + " " + d.message())
        .containsExactly("NN0344 `y` is declared i64[N, 4], but computes f32[N, 4]",
            "NN0204 unknown dimension `classes`");
  }
}
