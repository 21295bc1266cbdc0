package dev.netc.compiler.syntax;

import dev.netc.grammar.NetcLexer;
import dev.netc.grammar.NetcParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Pair;

/**
 * Where a half-typed statement ends. Statements need no separator, so after
 * {@code z = x @} and a newline the parser reads on into the next line ({@code z
 * = x @ h}) and fails there: the error lands on the wrong line, and the next
 * statement is lost. A syntax error inside a statement that runs over a line
 * which looks like the start of another statement (a keyword, {@code name =} or
 * {@code }}, no further right than the statement's own first token) means
 * the statement was left unfinished: the parser is run again with a
 * {@code STATEMENT_END} token at the end of the line before, so the error sits
 * where the typing stopped and every later line parses as written.
 *
 * <p>Only a file that already fails to parse is split this way: a valid file,
 * multi-line calls with {@code axis=1} at a line's start included, keeps its meaning.
 */
final class StatementBreaks {
  /** A syntax error: the first token of the statement it happened in (null outside one), and where. */
  record Failure(Token statementStart, Token offending) {}

  private StatementBreaks() {}

  /**
   * The tokens of {@code tokens} (the current token list, which may hold breaks already)
   * before which a statement must end, given the errors its parse gave.
   */
  static Set<Token> find(List<Token> tokens, List<Failure> failures) {
    Set<Token> out = new HashSet<>();
    for (Failure f : failures) {
      if (f.statementStart() == null || f.offending() == null) {
        continue;
      }
      int from = f.statementStart().getTokenIndex();
      int to = Math.min(f.offending().getTokenIndex(), tokens.size() - 1);
      int column = f.statementStart().getCharPositionInLine();
      for (int i = from + 1; i <= to && from >= 0; i++) {
        Token t = tokens.get(i);
        if (t.getChannel() == Token.DEFAULT_CHANNEL && startsLine(tokens, i)
            && t.getCharPositionInLine() <= column && looksLikeStatementStart(tokens, i)) {
          out.add(t);
          break;
        }
      }
    }
    return out;
  }

  /** {@code original} with a {@code STATEMENT_END} right after the last visible token before each of {@code before}. */
  static List<Token> insert(List<Token> original, Set<Token> before) {
    List<Token> out = new ArrayList<>(original.size() + before.size());
    Token lastVisible = null;
    for (Token t : original) {
      if (before.contains(t) && lastVisible != null) {
        out.add(breakAfter(lastVisible));
      }
      out.add(t);
      if (t.getChannel() == Token.DEFAULT_CHANNEL) {
        lastVisible = t;
      }
    }
    return out;
  }

  /** A zero-width token at the end of {@code last}, on its line: where the diagnostic is shown. */
  private static Token breakAfter(Token last) {
    // From the same source as the token it follows: the parser's error recovery makes its missing tokens from
    // the source of the token where it stopped, which may be this one.
    int at = last.getStopIndex() + 1;
    CommonToken end = new CommonToken(new Pair<>(last.getTokenSource(), last.getInputStream()),
        NetcParser.STATEMENT_END, Token.DEFAULT_CHANNEL, at, at - 1);
    end.setText("");
    end.setLine(last.getLine());
    end.setCharPositionInLine(last.getCharPositionInLine() + last.getText().length());
    return end;
  }

  /** Whether no visible token comes before {@code tokens[i]} on its line. */
  private static boolean startsLine(List<Token> tokens, int i) {
    for (int j = i - 1; j >= 0; j--) {
      Token before = tokens.get(j);
      if (before.getChannel() == Token.DEFAULT_CHANNEL) {
        return before.getLine() < tokens.get(i).getLine();
      }
    }
    return true;
  }

  /** A statement keyword (not an argument name, {@code dim=1}), {@code name =}, or the block's {@code }}. */
  private static boolean looksLikeStatementStart(List<Token> tokens, int i) {
    int next = nextVisible(tokens, i);
    boolean assignment = next >= 0 && tokens.get(next).getType() == NetcLexer.ASSIGN;
    return switch (tokens.get(i).getType()) {
      case NetcLexer.DIM, NetcLexer.WEIGHTS, NetcLexer.INPUT, NetcLexer.PARAM, NetcLexer.OUTPUT -> !assignment;
      case NetcLexer.ID -> assignment;
      case NetcLexer.RBRACE -> true;
      default -> false;
    };
  }

  private static int nextVisible(List<Token> tokens, int i) {
    for (int j = i + 1; j < tokens.size(); j++) {
      if (tokens.get(j).getChannel() == Token.DEFAULT_CHANNEL) {
        return j;
      }
    }
    return -1;
  }
}
