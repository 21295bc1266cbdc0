package dev.netc.compiler.syntax;

import dev.netc.compiler.ast.SpecFile;
import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Diagnostics;
import dev.netc.compiler.diag.Edit;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.source.SourceFile;
import dev.netc.compiler.source.Span;
import dev.netc.grammar.NetcLexer;
import dev.netc.grammar.NetcParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses a {@code .nn} source into a {@link SpecFile}, reporting every lexical
 * and syntax problem and recovering from each so that the rest of the file is
 * still checked.
 *
 * <p>Tokens are screened before parsing: stray characters and unterminated
 * strings or comments are reported once here, in plain words, and kept away
 * from the parser so that one typo does not also become a parse error. Nesting
 * deeper than {@link #MAX_DEPTH} is refused before the parser recurses into it.
 */
public final class SpecParser {
  /** Brackets nested deeper than this are refused: no real network needs it. */
  public static final int MAX_DEPTH = 128;

  private SpecParser() {}

  /** The result of parsing: the tree, and whether it is whole enough to check. */
  public record Parsed(SpecFile spec, boolean checkable, boolean syntaxErrors) {}

  public static Parsed parse(SourceFile file, Diagnostics out) {
    int errorsBefore = out.errorCount();
    List<Token> tokens = screen(file, out);
    if (tokens == null) {
      return new Parsed(new SpecFile(file, List.of()), false, true);
    }
    ParseTree parsed = parseTokens(tokens, file, out);
    SpecFile spec = new AstBuilder(file, parsed.tokens()).file(parsed.tree());
    if (spec.networks().isEmpty() && parsed.errors() == 0) {
      out.report(Diagnostic.of(Code.NO_NETWORK, new Span(file, 0, 0))
          .help("a spec holds one or more blocks like `network Name { input x: f32[N, 4] ... }`"));
    }
    boolean syntaxErrors = parsed.errors() > 0 || out.errorCount() > errorsBefore;
    return new Parsed(spec, parsed.errors() <= SyntaxErrors.LIMIT, syntaxErrors);
  }

  /** A parse tree, its error count, and the tokens it was parsed from (with any statement breaks). */
  private record ParseTree(NetcParser.FileContext tree, int errors, List<Token> tokens) {}

  /** Rounds of {@link StatementBreaks}: each round ends every half-typed statement its parse found. */
  private static final int MAX_BREAK_ROUNDS = 4;

  private static ParseTree parseTokens(List<Token> tokens, SourceFile file, Diagnostics out) {
    // SLL prediction is enough for almost every input and much faster; only a
    // file it fails on is parsed again with full LL and error recovery.
    NetcParser fast = new NetcParser(new CommonTokenStream(new ListTokenSource(tokens)));
    fast.removeErrorListeners();
    fast.setErrorHandler(new BailErrorStrategy());
    fast.getInterpreter().setPredictionMode(PredictionMode.SLL);
    try {
      return new ParseTree(fast.file(), 0, tokens);
    } catch (ParseCancellationException slow) {
      // Each round's errors are only kept if no statement turns out to be half-typed.
      Set<Token> breaks = new HashSet<>();
      for (int round = 1; ; round++) {
        List<Token> current = breaks.isEmpty() ? tokens : StatementBreaks.insert(tokens, breaks);
        Diagnostics errors = new Diagnostics();
        NetcParser parser = new NetcParser(new CommonTokenStream(new ListTokenSource(current)));
        SyntaxErrors listener = new SyntaxErrors(file, errors);
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        parser.setErrorHandler(new FriendlyErrorStrategy(listener));
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        NetcParser.FileContext tree = parser.file();
        if (round == MAX_BREAK_ROUNDS || !breaks.addAll(StatementBreaks.find(current, listener.failures()))) {
          out.addAll(errors.sorted());
          return new ParseTree(tree, listener.count(), current);
        }
      }
    }
  }

  /**
   * Lexes the file and reports the tokens the parser should never see. Returns
   * null when the file cannot be parsed safely at all (nesting too deep).
   */
  private static List<Token> screen(SourceFile file, Diagnostics out) {
    NetcLexer lexer = new NetcLexer(CharStreams.fromString(file.text(), file.name()));
    lexer.removeErrorListeners();
    int[] utf16 = utf16Offsets(file.text());
    List<Token> tokens = new ArrayList<>();
    int depth = 0;
    int strayStart = -1;
    int strayEnd = -1;
    for (Token t = lexer.nextToken(); ; t = lexer.nextToken()) {
      CommonToken token = (CommonToken) t;
      if (utf16 != null) {
        toUtf16(token, utf16);
      }
      if (token.getType() == NetcLexer.ERROR_CHAR && strayEnd == token.getStartIndex()) {
        strayEnd = token.getStopIndex() + 1;
        token.setChannel(Token.HIDDEN_CHANNEL);
        tokens.add(token);
        continue;
      }
      if (strayStart >= 0) {
        reportStray(file, strayStart, strayEnd, out);
        strayStart = -1;
        strayEnd = -1;
      }
      switch (token.getType()) {
        case NetcLexer.ERROR_CHAR -> {
          strayStart = token.getStartIndex();
          strayEnd = token.getStopIndex() + 1;
          token.setChannel(Token.HIDDEN_CHANNEL);
        }
        case NetcLexer.UNTERMINATED_STRING -> {
          out.report(Diagnostic.of(Code.UNTERMINATED, spanOf(file, token), "string")
              .label("this string has no closing `\"` on its line")
              .help("close the string with `\"` before the end of the line"));
          token.setType(NetcLexer.STRING);
          token.setText(token.getText() + "\"");
        }
        case NetcLexer.UNTERMINATED_COMMENT -> {
          out.report(Diagnostic.of(Code.UNTERMINATED, new Span(file, token.getStartIndex(), token.getStartIndex() + 2), "comment")
              .label("this comment is never closed")
              .help("close the comment with `*/`"));
          token.setChannel(Token.HIDDEN_CHANNEL);
        }
        case NetcLexer.LPAREN, NetcLexer.LBRACK, NetcLexer.LBRACE -> {
          if (++depth > MAX_DEPTH) {
            out.report(Diagnostic.of(Code.TOO_DEEP, spanOf(file, token), MAX_DEPTH)
                .label("nesting goes past " + MAX_DEPTH + " levels here")
                .help("split the expression into named steps"));
            return null;
          }
        }
        case NetcLexer.RPAREN, NetcLexer.RBRACK, NetcLexer.RBRACE -> depth = Math.max(0, depth - 1);
        default -> {}
      }
      tokens.add(token);
      if (token.getType() == Token.EOF) {
        return tokens;
      }
    }
  }

  /**
   * The UTF-16 offset of each code point index (and of the end), or null when the two
   * agree: ANTLR's character streams index code points, while spans index the string's
   * UTF-16 units, and the two differ after any character outside the BMP (an emoji or a
   * mathematical letter in a comment).
   */
  private static int[] utf16Offsets(String text) {
    int codePoints = text.codePointCount(0, text.length());
    if (codePoints == text.length()) {
      return null;
    }
    int[] offsets = new int[codePoints + 1];
    int offset = 0;
    for (int i = 0; i < codePoints; i++) {
      offsets[i] = offset;
      offset += Character.charCount(text.codePointAt(offset));
    }
    offsets[codePoints] = offset;
    return offsets;
  }

  /** Moves a token's indexes from code points to UTF-16 units, keeping its text. */
  private static void toUtf16(CommonToken token, int[] utf16) {
    // The text is read through the indexes unless set: fix it before they change.
    token.setText(token.getText());
    int start = token.getStartIndex();
    int stop = token.getStopIndex();
    int last = utf16.length - 1;
    token.setStartIndex(utf16[Math.max(0, Math.min(start, last))]);
    token.setStopIndex(stop < start ? utf16[Math.max(0, Math.min(start, last))] - 1 : utf16[Math.min(stop + 1, last)] - 1);
  }

  private static void reportStray(SourceFile file, int start, int end, Diagnostics out) {
    String text = file.text().substring(start, end);
    String shown = text.length() > 16 ? text.substring(0, 16) + "..." : text;
    StringBuilder printable = new StringBuilder();
    shown.codePoints().forEach(cp -> {
      if (Character.isISOControl(cp) || Character.isWhitespace(cp)) {
        printable.append(String.format("\\u%04x", cp));
      } else {
        printable.appendCodePoint(cp);
      }
    });
    Diagnostic.Builder d = Diagnostic.of(Code.UNEXPECTED_CHARACTER, new Span(file, start, end), printable);
    if (text.startsWith("'")) {
      d.help("strings use double quotes: \"...\"");
    } else if (text.chars().allMatch(c -> c == ';')) {
      d.fix(new Fix("statements need no `;`: remove it", "Remove the `;`", List.of(new Edit(new Span(file, start, end), ""))));
    } else if (text.startsWith(";")) {
      d.help("statements need no `;`: remove it");
    }
    out.report(d);
  }

  static Span spanOf(SourceFile file, Token token) {
    int length = file.text().length();
    int start = Math.min(Math.max(0, token.getStartIndex()), length);
    int end = token.getType() == Token.EOF ? start : Math.min(token.getStopIndex() + 1, length);
    return new Span(file, start, Math.max(start, end));
  }
}
