package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.source.SourceFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** NN0341-NN0343: valid networks that compute something else; each fix leaves the spec without the warning. */
class SilentMistakesTest {
  private static CheckResult check(String text) {
    return Frontend.check(new SourceFile("net.nn", text));
  }

  private static String applyFix(String text, Diagnostic d) {
    Fix fix = d.fixes().stream().filter(f -> !f.edits().isEmpty()).findFirst().orElseThrow();
    return FixEditsTest.apply(text, fix);
  }

  private static final String HEADS = """
      network Heads {
        dim heads = 4
        dim d_k = 16
        input q: f32[N, heads, T, d_k]
        context = scaled_dot_product_attention(q, q, q)
        output merged = reshape(context, [N, T, heads * d_k])
      }
      """;

  @Test
  @DisplayName("heads merged without a transpose: the fix moves the head axis, and the spec checks clean")
  void headsMergedByReshape() {
    CheckResult result = check(HEADS);
    assertThat(result.diagnostics()).singleElement().extracting(d -> d.code().id()).isEqualTo("NN0343");
    String fixed = applyFix(HEADS, result.diagnostics().get(0));
    assertThat(fixed).contains("reshape(transpose(context, [0, 2, 1, 3]), [N, T, heads * d_k])");
    assertThat(check(fixed).diagnostics()).isEmpty();
  }

  @Test
  @DisplayName("softmax twice: the fix keeps the first, and the spec checks clean")
  void softmaxTwice() {
    String text = """
        network Twice {
          input x: f32[N, 8]
          output y = softmax(softmax(x))
        }
        """;
    CheckResult result = check(text);
    assertThat(result.diagnostics()).singleElement().extracting(d -> d.code().id()).isEqualTo("NN0342");
    String fixed = applyFix(text, result.diagnostics().get(0));
    assertThat(fixed).contains("output y = softmax(x)");
    assertThat(check(fixed).diagnostics()).isEmpty();
  }

  @Test
  @DisplayName("no warning where each is right: classes on the last axis, log_softmax after softmax's input, heads moved")
  void noFalsePositives() {
    assertThat(check("""
        network Fine {
          dim heads = 2
          dim d_k = 4
          input x: f32[N, 8]
          input q: f32[N, heads, T, d_k]
          output p = softmax(x)
          output lp = log_softmax(x)
          output s = sigmoid(x[:, 0:1])
          a = scaled_dot_product_attention(q, q, q)
          output merged = reshape(transpose(a, [0, 2, 1, 3]), [N, T, heads * d_k])
          output heads_kept = reshape(a, [N, heads, T * d_k])
        }
        """).diagnostics()).isEmpty();
  }

  @Test
  @DisplayName("softmax over a one-unit layer is always 1: the help says to use sigmoid")
  void softmaxOfOne() {
    CheckResult result = check("""
        network One {
          input x: f32[N, 3]
          param W: f32[3, 1] = [[1], [2], [3]]
          output p = softmax(x @ W)
        }
        """);
    Diagnostic d = result.diagnostics().get(0);
    assertThat(d.message()).isEqualTo("`softmax` over axis 1, of size 1, is always 1");
    assertThat(d.fixes()).anyMatch(f -> f.message().contains("use sigmoid instead"));
  }
}
