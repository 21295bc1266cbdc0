package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;

/**
 * Characters outside the BMP take two UTF-16 units but are one code point to
 * the lexer: spans must still be UTF-16 offsets, and columns code points.
 */
class NonBmpTextTest {
  private static final String TEXT = """
      // \uD835\uDD01 is a mathematical letter, \uD83D\uDE00 an emoji
      network Wide {
        input x: f32[N, 4]
        input W: f32[6, 4]
        output y = relu(/* \uD835\uDD01\uD835\uDD01 */ x @ W)   # "\uD83D\uDE00"
      }
      """;

  @Test
  void spansCoverTheTextTheyNameAndColumnsCountCodePoints() {
    CheckResult result = Frontend.check(new SourceFile("wide.nn", TEXT));
    Diagnostic d = result.diagnostics().get(0);
    assertThat(d.code().id()).isEqualTo("NN0300");
    assertThat(d.span().text()).isEqualTo("W");
    assertThat(d.span().start()).isEqualTo(TEXT.indexOf("W)"));
    String line = TEXT.lines().toList().get(4);
    assertThat(d.span().column()).isEqualTo(line.codePointCount(0, line.indexOf("W)")) + 1);
    assertThat(d.related()).extracting(l -> l.span().text()).containsExactly("4", "6");
  }

  @Test
  void strayCharactersAfterWideOnesAreReportedWhereTheyAre() {
    String text = "// \uD83D\uDE00\nnetwork A { input x: f32[N]; output y = x }\n";
    Diagnostic d = Frontend.check(new SourceFile("a.nn", text)).diagnostics().get(0);
    assertThat(d.code().id()).isEqualTo("NN0101");
    assertThat(d.span().text()).isEqualTo(";");
  }
}
