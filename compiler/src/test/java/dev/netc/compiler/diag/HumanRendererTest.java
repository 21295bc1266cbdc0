package dev.netc.compiler.diag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Frontend;
import dev.netc.compiler.source.SourceFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The terminal rendering of a diagnostic: the source line, the span underlined. */
class HumanRendererTest {
  private static String render(String spec) {
    CheckResult result = Frontend.check(new SourceFile("net.nn", spec));
    assertThat(result.diagnostics()).isNotEmpty();
    return new HumanRenderer(false).render(result.diagnostics().get(0));
  }

  @Test
  @DisplayName("a short line is shown whole, with the span underlined under it")
  void shortLine() {
    String out = render("network N {\n  input x: f32[N, 4]\n  output y = x @ W\n}\n");
    assertThat(out).contains(" 3 |   output y = x @ W\n", "   |                  ^ ");
  }

  @Test
  @DisplayName("a 200,000-character line is cut to the span and 40 characters each side, the marks still under it")
  void longLineIsCut() {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 40_000; i++) {
      values.append(i == 0 ? "" : ", ").append(i % 10);
    }
    String spec = "network N {\n  input x: f32[N, 4]\n  param b: f32[40001] = [" + values + ", oops]\n"
        + "  output y = x\n}\n";
    String out = render(spec);
    String sourceLine = out.lines().filter(l -> l.startsWith(" 3 |")).findFirst().orElseThrow();
    String marks = out.lines().filter(l -> l.contains("^")).findFirst().orElseThrow();
    assertThat(sourceLine.length()).isLessThan(HumanRenderer.MAX_LINE + 20);
    assertThat(sourceLine).startsWith(" 3 | ...");
    int caret = marks.indexOf('^');
    // The caret stands under the first character the diagnostic's span covers.
    CheckResult result = Frontend.check(new SourceFile("net.nn", spec));
    String covered = result.diagnostics().get(0).span().text();
    assertThat(sourceLine.substring(caret)).startsWith(covered.substring(0, Math.min(covered.length(), 3)));
  }
}
