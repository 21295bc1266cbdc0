package dev.netc.compiler.syntax;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Diagnostics;
import dev.netc.compiler.source.SourceFile;
import dev.netc.compiler.source.Span;
import dev.netc.grammar.NetcParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Turns the parser's errors into diagnostics at the offending token, one code
 * per kind of mistake ({@link Code#SYNTAX}, {@link Code#UNEXPECTED_TOKEN},
 * {@link Code#MISSING_TOKEN}), and stops counting after {@link #LIMIT}: a file
 * that is not a spec at all should not print a thousand lines.
 */
final class SyntaxErrors extends BaseErrorListener {
  static final int LIMIT = 50;

  private final SourceFile file;
  private final Diagnostics out;
  private final List<StatementBreaks.Failure> failures = new ArrayList<>();
  private int count;

  SyntaxErrors(SourceFile file, Diagnostics out) {
    this.file = file;
    this.out = out;
  }

  int count() {
    return count;
  }

  /** Every error so far with the statement it happened in, for {@link StatementBreaks}. */
  List<StatementBreaks.Failure> failures() {
    return failures;
  }

  /**
   * {@code expected `)`, found `output`}.
   *
   * @param statement the first token of the statement being parsed, or null
   */
  void expected(Token statement, Token at, String expected, String found) {
    failures.add(new StatementBreaks.Failure(statement, at));
    if (!unclosedBracket(statement, at)) {
      report(at, Code.SYNTAX, expected, found);
    }
  }

  /** {@code unexpected `@`}, and where: {@code context} is empty or starts with a space or colon. */
  void unexpected(Token statement, Token at, String token, String context) {
    failures.add(new StatementBreaks.Failure(statement, at));
    if (!unclosedBracket(statement, at)) {
      // "unexpected end of the line", not "unexpected the end of the line".
      report(at, Code.UNEXPECTED_TOKEN, token.startsWith("the end of") ? token.substring(4) : token, context);
    }
  }

  /**
   * When the file ends inside a bracket a statement opened, the error is the bracket: reported
   * where it was opened, with the end of the file beside it, rather than at the end, which may be
   * many lines away. (A half-typed line, which the next statement ends, keeps its error at the
   * line's end, where the typing stopped.)
   */
  private boolean unclosedBracket(Token statement, Token at) {
    if (statement == null || at.getType() != Token.EOF || statement.getStartIndex() < 0) {
      return false;
    }
    int open = innermostUnclosed(file.text(), statement.getStartIndex(), Math.min(spanOf(at).start(),
        file.text().length()));
    if (open < 0) {
      return false;
    }
    count++;
    if (count > LIMIT) {
      return true;
    }
    char bracket = file.text().charAt(open);
    String close = bracket == '(' ? ")" : "]";
    out.report(Diagnostic.of(Code.UNTERMINATED, new Span(file, open, open + 1), "`" + bracket + "`")
        .label("opened here, never closed")
        .related(spanOf(at), labelFor(at))
        .help("close it with `" + close + "`"));
    return true;
  }

  /**
   * The offset of the innermost {@code (} or {@code [} of {@code text[from, to)} left open, outside
   * strings and comments, or -1.
   */
  static int innermostUnclosed(String text, int from, int to) {
    java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        for (i++; i < to && text.charAt(i) != '"' && text.charAt(i) != '\n'; i++) { }
      } else if (c == '#' || c == '/' && i + 1 < to && text.charAt(i + 1) == '/') {
        for (; i < to && text.charAt(i) != '\n'; i++) { }
      } else if (c == '/' && i + 1 < to && text.charAt(i + 1) == '*') {
        int end = text.indexOf("*/", i + 2);
        i = end < 0 ? to : end + 1;
      } else if (c == '(' || c == '[') {
        open.push(i);
      } else if ((c == ')' || c == ']') && !open.isEmpty()) {
        open.pop();
      }
    }
    return open.isEmpty() ? -1 : open.peek();
  }

  /** {@code missing `:` before `f32`}. */
  void missing(Token statement, Token at, String expected, String before) {
    failures.add(new StatementBreaks.Failure(statement, at));
    report(at, Code.MISSING_TOKEN, expected, before);
  }

  /** Errors the recovery strategy does not word itself; none are known, but a token is always there to name. */
  @Override
  public void syntaxError(
      Recognizer<?, ?> recognizer,
      Object offending,
      int line,
      int column,
      String message,
      RecognitionException e) {
    Token at = offending instanceof Token t ? t : null;
    report(at, Code.UNEXPECTED_TOKEN, at == null ? "input" : FriendlyErrorStrategy.describe(at), "");
  }

  private void report(Token offending, Code code, Object... args) {
    count++;
    if (count > LIMIT) {
      return;
    }
    Span span = spanOf(offending);
    out.report(Diagnostic.of(code, span, args).label(labelFor(offending)));
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
    if (offending instanceof Token t && t.getType() == NetcParser.STATEMENT_END) {
      return "the statement ends here: the next line starts another";
    }
    return "";
  }
}
