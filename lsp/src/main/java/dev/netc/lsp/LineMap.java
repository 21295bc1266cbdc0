package dev.netc.lsp;

import dev.netc.compiler.source.Span;
import java.util.Arrays;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Converts between offsets into a text and LSP positions. LSP counts lines
 * from 0 and characters in UTF-16 code units, which is what a Java string
 * indexes; so a position is a line start plus a plain offset, never a count
 * of code points (the compiler's columns count code points, for carets in a
 * terminal, and must not be used here).
 *
 * <p>Lines end at {@code \n}, {@code \r\n} or a lone {@code \r}, as in the
 * compiler and in the LSP specification.
 */
public final class LineMap {
  private final String text;
  private final int length;
  private final int[] starts;

  public LineMap(String text) {
    this.text = text;
    this.length = text.length();
    int[] s = new int[16];
    int count = 0;
    s[count++] = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        if (count == s.length) {
          s = Arrays.copyOf(s, count * 2);
        }
        s[count++] = i + 1;
      }
    }
    this.starts = Arrays.copyOf(s, count);
  }

  public int lineCount() {
    return starts.length;
  }

  /** The position of {@code offset}, clamped to the text. */
  public Position position(int offset) {
    int o = Math.max(0, Math.min(offset, length));
    int i = Arrays.binarySearch(starts, o);
    int line = i >= 0 ? i : -i - 2;
    return new Position(line, o - starts[line]);
  }

  /**
   * The offset of {@code position}. A line past the end is the end of the text; a character
   * past the end of its line is the end of that line, as the specification asks.
   */
  public int offset(Position position) {
    int line = position.getLine();
    if (line < 0) {
      return 0;
    }
    if (line >= starts.length) {
      return length;
    }
    int end = line + 1 < starts.length ? starts[line + 1] : length;
    while (end > starts[line] && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return Math.min(starts[line] + Math.max(0, position.getCharacter()), end);
  }

  public Range range(int start, int end) {
    return new Range(position(start), position(end));
  }

  public Range range(Span span) {
    return range(span.start(), span.end());
  }
}
