package dev.netc.compiler.syntax;

import dev.netc.grammar.NetcParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery (single-token insertion and deletion, then resynchronizing)
 * with messages in netc's voice: {@code expected `)`, found `output`} instead
 * of {@code mismatched input 'output' expecting {')', ','}}. Each kind of
 * mistake is its own diagnostic code, reported through {@link SyntaxErrors}.
 */
final class FriendlyErrorStrategy extends DefaultErrorStrategy {
  private final SyntaxErrors errors;

  FriendlyErrorStrategy(SyntaxErrors errors) {
    this.errors = errors;
  }

  @Override
  protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
    Token t = e.getOffendingToken();
    if (t.getType() == NetcParser.STATEMENT_END) {
      // Nothing is unexpected about a line's end: something is missing before it.
      errors.expected(statementStart(parser), t, expected(parser.getExpectedTokens()), describe(t));
      return;
    }
    errors.unexpected(statementStart(parser), t, describe(t), describeContext(parser));
  }

  @Override
  protected void reportInputMismatch(Parser parser, InputMismatchException e) {
    Token t = e.getOffendingToken();
    errors.expected(statementStart(parser), t, expected(e.getExpectedTokens()), describe(t));
  }

  @Override
  protected void reportUnwantedToken(Parser parser) {
    if (inErrorRecoveryMode(parser)) {
      return;
    }
    beginErrorCondition(parser);
    Token t = parser.getCurrentToken();
    errors.unexpected(statementStart(parser), t, describe(t), describeContext(parser));
  }

  @Override
  protected void reportMissingToken(Parser parser) {
    if (inErrorRecoveryMode(parser)) {
      return;
    }
    beginErrorCondition(parser);
    Token t = parser.getCurrentToken();
    errors.missing(statementStart(parser), t, expected(getExpectedTokens(parser)), describe(t));
  }

  /**
   * The first token of the statement the error belongs to: the one being parsed, or,
   * between statements, the one just finished, which may have read on into the next line.
   */
  private static Token statementStart(Parser parser) {
    for (ParserRuleContext c = parser.getContext(); c != null; c = c.getParent()) {
      if (c instanceof NetcParser.StatementContext s) {
        return s.getStart();
      }
      if (c instanceof NetcParser.NetworkContext n) {
        return n.getChildCount() > 0 && n.getChild(n.getChildCount() - 1) instanceof NetcParser.StatementContext s
            ? s.getStart()
            : null;
      }
    }
    return null;
  }

  /**
   * The end of a half-typed statement is never extraneous: deleting it would join the
   * statement to the next line again, the very mistake {@link StatementBreaks} undoes.
   */
  @Override
  protected Token singleTokenDeletion(Parser parser) {
    return parser.getInputStream().LA(1) == NetcParser.STATEMENT_END ? null : super.singleTokenDeletion(parser);
  }

  private static String describeContext(Parser parser) {
    return switch (parser.getContext()) {
      case NetcParser.NetworkContext n -> " in a network block: statements start with `input`, `param`, `dim`, `weights`, `output` or `name =`";
      case NetcParser.FileContext f -> ": a file holds `network Name { ... }` blocks";
      default -> "";
    };
  }

  static String describe(Token t) {
    if (t.getType() == Token.EOF) {
      return "the end of the file";
    }
    if (t.getType() == NetcParser.STATEMENT_END) {
      return "the end of the line";
    }
    String text = t.getText();
    if (text.length() > 24) {
      text = text.substring(0, 21) + "...";
    }
    return "`" + text.replace("\n", "\\n") + "`";
  }

  /** A readable rendering of a set of expected tokens. */
  static String expected(IntervalSet set) {
    List<String> words = new ArrayList<>();
    boolean expression = set.contains(NetcParser.NUMBER) && set.contains(NetcParser.ID) && set.contains(NetcParser.LPAREN);
    if (expression) {
      words.add("an expression");
    }
    for (int type : set.toList()) {
      if (type == NetcParser.STATEMENT_END || expression && isExpressionStart(type)) {
        continue;
      }
      words.add(nameOf(type));
    }
    if (words.size() > 5) {
      return String.join(", ", words.subList(0, 5)) + " or another token";
    }
    if (words.size() <= 1) {
      return words.isEmpty() ? "something else" : words.get(0);
    }
    return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
  }

  private static boolean isExpressionStart(int type) {
    return type == NetcParser.ID
        || type == NetcParser.NUMBER
        || type == NetcParser.STRING
        || type == NetcParser.LPAREN
        || type == NetcParser.LBRACK
        || type == NetcParser.MINUS;
  }

  private static String nameOf(int type) {
    return switch (type) {
      case Token.EOF -> "the end of the file";
      case NetcParser.ID -> "a name";
      case NetcParser.NUMBER -> "a number";
      case NetcParser.STRING -> "a string";
      default -> {
        String literal = NetcParser.VOCABULARY.getLiteralName(type);
        yield literal == null ? NetcParser.VOCABULARY.getDisplayName(type) : "`" + literal.replace("'", "") + "`";
      }
    };
  }
}
