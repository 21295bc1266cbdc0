package dev.netc.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.junit.jupiter.api.Test;

/** Offsets and LSP positions, and edits applied at them. */
class LineMapTest {
  @Test
  void positionsCountLinesFromZeroAndCharactersInUtf16Units() {
    String text = "ab\n\uD835\uDD01c\r\nd\re";
    LineMap lines = new LineMap(text);
    assertThat(lines.lineCount()).isEqualTo(4);
    assertThat(lines.position(0)).isEqualTo(new Position(0, 0));
    assertThat(lines.position(text.indexOf('c'))).isEqualTo(new Position(1, 2));
    assertThat(lines.position(text.indexOf('d'))).isEqualTo(new Position(2, 0));
    assertThat(lines.position(text.indexOf('e'))).isEqualTo(new Position(3, 0));
    assertThat(lines.position(text.length() + 5)).isEqualTo(new Position(3, 1));
  }

  @Test
  void offsetsAreClampedToTheirLineAndTheText() {
    String text = "ab\r\ncd";
    LineMap lines = new LineMap(text);
    assertThat(lines.offset(new Position(1, 1))).isEqualTo(text.indexOf('d'));
    assertThat(lines.offset(new Position(0, 99))).isEqualTo(2);
    assertThat(lines.offset(new Position(9, 0))).isEqualTo(text.length());
    assertThat(lines.offset(new Position(-1, 0))).isZero();
  }

  @Test
  void offsetsAndPositionsRoundTrip() {
    String text = "network A {\n  input x: f32[N]\n\n  output y = x\n}\n";
    LineMap lines = new LineMap(text);
    for (int i = 0; i <= text.length(); i++) {
      assertThat(lines.offset(lines.position(i))).isEqualTo(i);
    }
  }

  @Test
  void changesApplyInOrderEachToTheTextBeforeIt() {
    Document d = new Document("u", 1, "abc\ndef");
    Document edited = d.apply(List.of(
        new TextDocumentContentChangeEvent(new Range(new Position(1, 0), new Position(1, 1)), "D"),
        new TextDocumentContentChangeEvent(new Range(new Position(0, 3), new Position(0, 3)), "!\n"),
        new TextDocumentContentChangeEvent(new Range(new Position(2, 3), new Position(2, 3)), "?")), 2);
    assertThat(edited.text()).isEqualTo("abc!\n\nDef?");
    assertThat(edited.version()).isEqualTo(2);
    assertThat(edited.apply(List.of(new TextDocumentContentChangeEvent("whole")), 3).text()).isEqualTo("whole");
  }
}
