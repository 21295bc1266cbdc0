package dev.netc.compiler.syntax;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Diagnostics;
import dev.netc.compiler.source.SourceFile;
import dev.netc.compiler.source.Span;
import dev.netc.grammar.NetcParser;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Turns the parser's errors into {@link Code#SYNTAX} diagnostics at the
 * offending token, and stops counting after {@link #LIMIT}: a file that is not
 * a spec at all should not print a thousand lines.
 */
final class SyntaxErrors extends BaseErrorListener {
  static final int LIMIT = 50;

  private final SourceFile file;
  private final Diagnostics out;
  private int count;

  SyntaxErrors(SourceFile file, Diagnostics out) {
    this.file = file;
    this.out = out;
  }

  int count() {
    return count;
  }

  @Override
  public void syntaxError(
      Recognizer<?, ?> recognizer,
      Object offending,
      int line,
      int column,
      String message,
      RecognitionException e) {
    count++;
    if (count > LIMIT) {
      return;
    }
    Span span = spanOf(offending);
    out.report(Diagnostic.of(Code.SYNTAX, span, message).label(labelFor(offending)));
    if (count == LIMIT) {
      out.report(Diagnostic.of(Code.TOO_MANY_ERRORS, span, LIMIT));
    }
  }

  private Span spanOf(Object offending) {
    if (offending instanceof Token t && t.getStartIndex() >= 0) {
      int start = Math.min(t.getStartIndex(), file.text().length());
      int end = t.getType() == Token.EOF ? start : Math.min(t.getStopIndex() + 1, file.text().length());
      return new Span(file, start, Math.max(start, end));
    }
    return new Span(file, file.text().length(), file.text().length());
  }

  private static String labelFor(Object offending) {
    if (offending instanceof Token t && t.getType() == NetcParser.EOF) {
      return "the file ends here";
    }
    return "";
  }
}
