package dev.netc.compiler.source;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The text of one spec and the name it is reported under. Offsets are UTF-16
 * indexes into {@link #text()}; lines and columns are 1-based, columns counted
 * in code points so that a caret lines up under the character a user sees.
 */
public final class SourceFile {
  private final String name;
  private final String text;
  private final Path path;
  private final int[] lineStarts;

  /** A source that lives in memory only (tests, an editor buffer without a file). */
  public SourceFile(String name, String text) {
    this(name, text, null);
  }

  /**
   * A source read from {@code path}; relative names in it (a weights file) are
   * resolved against the path's folder.
   */
  public SourceFile(String name, String text, Path path) {
    this.name = Objects.requireNonNull(name);
    this.text = Objects.requireNonNull(text);
    this.path = path;
    this.lineStarts = computeLineStarts(text);
  }

  /** The file this text was read from, if any. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  private static int[] computeLineStarts(String text) {
    int[] starts = new int[16];
    int count = 0;
    starts[count++] = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean newline = c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'));
      if (newline) {
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = i + 1;
      }
    }
    return Arrays.copyOf(starts, count);
  }

  /** The name diagnostics use: the path as the user gave it. */
  public String name() {
    return name;
  }

  public String text() {
    return text;
  }

  public int lineCount() {
    return lineStarts.length;
  }

  /** The 1-based line holding {@code offset}. */
  public int line(int offset) {
    int i = Arrays.binarySearch(lineStarts, clamp(offset));
    return i >= 0 ? i + 1 : -i - 1;
  }

  /** The 1-based column of {@code offset} within its line, in code points. */
  public int column(int offset) {
    int o = clamp(offset);
    int start = lineStarts[line(o) - 1];
    return text.codePointCount(start, o) + 1;
  }

  /** The text of a 1-based line without its line terminator. */
  public String lineText(int line) {
    int start = lineStarts[line - 1];
    int end = line < lineStarts.length ? lineStarts[line] : text.length();
    while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(start, end);
  }

  /** The offset of a 1-based line and column, clamped to the text. */
  public int offset(int line, int column) {
    int l = Math.max(1, Math.min(line, lineStarts.length));
    int start = lineStarts[l - 1];
    int end = l < lineStarts.length ? lineStarts[l] : text.length();
    int o = start;
    for (int c = 1; c < column && o < end; c++) {
      o += Character.charCount(text.codePointAt(o));
    }
    return Math.min(o, text.length());
  }

  private int clamp(int offset) {
    return Math.max(0, Math.min(offset, text.length()));
  }

  @Override
  public String toString() {
    return name;
  }
}
