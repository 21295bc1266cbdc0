package dev.netc.compiler.source;

import java.util.Objects;

/**
 * A half-open range {@code [start, end)} of a source file's text: where a
 * diagnostic points, where an AST node came from.
 */
public record Span(SourceFile file, int start, int end) {
  public Span {
    Objects.requireNonNull(file);
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }

  /** The smallest span that covers both. */
  public Span to(Span other) {
    return new Span(file, Math.min(start, other.start), Math.max(end, other.end));
  }

  public int line() {
    return file.line(start);
  }

  public int column() {
    return file.column(start);
  }

  public int endLine() {
    return file.line(end);
  }

  public int endColumn() {
    return file.column(end);
  }

  /** The source text the span covers. */
  public String text() {
    return file.text().substring(start, Math.min(end, file.text().length()));
  }

  /** {@code file:line:col}, the form editors and log parsers link to. */
  public String location() {
    return file.name() + ":" + line() + ":" + column();
  }

  @Override
  public String toString() {
    return location();
  }
}
