package dev.netc.compiler.syntax;

import dev.netc.compiler.ast.BinaryOp;
import dev.netc.compiler.ast.Expr;
import dev.netc.compiler.ast.Ident;
import dev.netc.compiler.ast.Network;
import dev.netc.compiler.ast.SpecFile;
import dev.netc.compiler.ast.Stmt;
import dev.netc.compiler.ast.TypeExpr;
import dev.netc.compiler.source.SourceFile;
import dev.netc.compiler.source.Span;
import dev.netc.grammar.NetcLexer;
import dev.netc.grammar.NetcParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Builds the AST from ANTLR's parse tree. Where the parser recovered from an
 * error, the affected node becomes {@link Expr.Error} or {@link Stmt.Broken}:
 * already reported, and quiet from then on.
 */
final class AstBuilder {
  private final SourceFile file;
  private final List<Token> tokens;

  AstBuilder(SourceFile file, List<Token> tokens) {
    this.file = file;
    this.tokens = tokens;
  }

  SpecFile file(NetcParser.FileContext ctx) {
    List<Network> networks = new ArrayList<>();
    for (NetcParser.NetworkContext n : ctx.network()) {
      if (!missing(n.name)) {
        networks.add(network(n));
      }
    }
    return new SpecFile(file, networks);
  }

  private Network network(NetcParser.NetworkContext ctx) {
    List<Stmt> statements = new ArrayList<>();
    for (NetcParser.StatementContext s : ctx.statement()) {
      statements.add(statement(s));
    }
    return new Network(ident(ctx.name), docBefore(ctx.getStart()), statements, span(ctx));
  }

  private Stmt statement(NetcParser.StatementContext ctx) {
    Span span = span(ctx);
    Token nameToken = switch (ctx) {
      case NetcParser.DimDeclContext d -> d.name;
      case NetcParser.InputDeclContext i -> i.name;
      case NetcParser.ParamDeclContext p -> p.name;
      case NetcParser.AssignDeclContext a -> a.name;
      default -> null;
    };
    Optional<Ident> name = nameToken == null || missing(nameToken) ? Optional.empty() : Optional.of(ident(nameToken));
    if (ctx.exception != null || hasMissingToken(ctx)) {
      return new Stmt.Broken(name, span);
    }
    try {
      return wholeStatement(ctx, span);
    } catch (Incomplete e) {
      return new Stmt.Broken(name, span);
    }
  }

  private Stmt wholeStatement(NetcParser.StatementContext ctx, Span span) {
    return switch (ctx) {
      case NetcParser.DimDeclContext d -> new Stmt.DimDecl(ident(d.name), expr(d.value), span);
      case NetcParser.WeightsDeclContext w -> new Stmt.WeightsDecl(unquote(required(w.path).getText()), span(w.path), span);
      case NetcParser.InputDeclContext i -> new Stmt.InputDecl(ident(i.name), type(i.tensorType()), span);
      case NetcParser.ParamDeclContext p -> param(p, span);
      case NetcParser.OutputDeclContext o -> {
        Optional<TypeExpr> declared = Optional.ofNullable(o.declared).map(this::type);
        yield o.value == null
            ? new Stmt.OutputRef(ident(o.name), declared, span)
            : new Stmt.Assign(ident(o.name), expr(o.value), true, declared, span);
      }
      case NetcParser.AssignDeclContext a -> new Stmt.Assign(ident(a.name), expr(a.value), false, span);
      default -> new Stmt.Broken(Optional.empty(), span);
    };
  }

  private Stmt param(NetcParser.ParamDeclContext p, Span span) {
    Optional<Expr> inline = Optional.empty();
    Optional<Expr.Str> key = Optional.empty();
    switch (p.paramSource()) {
      case null -> {}
      case NetcParser.InlineSourceContext i -> inline = Optional.of(expr(i.value));
      case NetcParser.FileSourceContext f -> key = Optional.of(new Expr.Str(unquote(required(f.key).getText()), span(f.key)));
      default -> {}
    }
    return new Stmt.ParamDecl(ident(p.name), type(p.tensorType()), inline, key, span);
  }

  private TypeExpr type(NetcParser.TensorTypeContext ctx) {
    List<Expr> dims = new ArrayList<>();
    for (NetcParser.ExprContext d : ctx.dims) {
      dims.add(expr(d));
    }
    return new TypeExpr(ident(ctx.dtype), dims, span(ctx));
  }

  Expr expr(NetcParser.ExprContext ctx) {
    if (ctx == null || ctx.exception != null) {
      return new Expr.Error(ctx == null ? new Span(file, 0, 0) : span(ctx));
    }
    try {
      return wholeExpr(ctx);
    } catch (Incomplete e) {
      return new Expr.Error(span(ctx));
    }
  }

  private Expr wholeExpr(NetcParser.ExprContext ctx) {
    Span span = span(ctx);
    return switch (ctx) {
      case NetcParser.NameContext n -> missing(n.ID().getSymbol())
          ? new Expr.Error(span)
          : new Expr.Name(n.ID().getText(), span);
      case NetcParser.NumberContext n -> number(required(n.NUMBER().getSymbol()).getText(), span);
      case NetcParser.StringContext s -> new Expr.Str(unquote(required(s.STRING().getSymbol()).getText()), span);
      case NetcParser.ParenContext p -> new Expr.Paren(expr(p.expr()), span);
      case NetcParser.ListContext l -> new Expr.ListExpr(l.expr().stream().map(this::expr).toList(), span);
      case NetcParser.NegateContext n -> negate(expr(n.expr()), span);
      case NetcParser.ProductContext p -> new Expr.Binary(BinaryOp.of(p.op.getText()), expr(p.left), expr(p.right), span(p.op), span);
      case NetcParser.SumContext s -> new Expr.Binary(BinaryOp.of(s.op.getText()), expr(s.left), expr(s.right), span(s.op), span);
      case NetcParser.AttributeContext a -> missing(a.attr)
          ? new Expr.Error(span)
          : new Expr.Attribute(expr(a.expr()), ident(a.attr), span);
      case NetcParser.IndexContext i -> new Expr.Index(expr(i.expr()), i.slice().stream().map(this::slice).toList(), span);
      case NetcParser.CallContext c -> missing(c.callee)
          ? new Expr.Error(span)
          : new Expr.Call(ident(c.callee), c.argument().stream().map(this::argument).toList(), span);
      default -> new Expr.Error(span);
    };
  }

  /** {@code -2} is a number, not a negation: literals and axes read better that way. */
  private static Expr negate(Expr operand, Span span) {
    if (operand instanceof Expr.Num n) {
      return new Expr.Num("-" + n.text(), -n.value(), n.integral(), span);
    }
    return new Expr.Negate(operand, span);
  }

  private Expr.Arg argument(NetcParser.ArgumentContext ctx) {
    Ident key = ctx.key == null || missing(ctx.key.getStart()) ? null : ident(ctx.key.getStart());
    return new Expr.Arg(key, expr(ctx.value));
  }

  private Expr.SliceItem slice(NetcParser.SliceContext ctx) {
    return switch (ctx) {
      case NetcParser.RangeContext r -> new Expr.SliceItem(
          r.start == null ? null : expr(r.start), r.end == null ? null : expr(r.end), true, span(r));
      case NetcParser.SingleContext s -> new Expr.SliceItem(expr(s.at), null, false, span(s));
      default -> new Expr.SliceItem(null, null, true, span(ctx));
    };
  }

  private static Expr number(String text, Span span) {
    String digits = text.replace("_", "");
    boolean integral = !(digits.contains(".") || digits.contains("e") || digits.contains("E"));
    return new Expr.Num(text, Double.parseDouble(digits), integral, span);
  }

  private static Token required(Token token) {
    if (missing(token)) {
      throw new Incomplete();
    }
    return token;
  }

  private Ident ident(Token token) {
    if (missing(token)) {
      throw new Incomplete();
    }
    return new Ident(token.getText(), span(token));
  }

  /**
   * A node the parser left without a part it requires (a name, a type): the
   * nearest statement becomes {@link Stmt.Broken}, the nearest expression
   * {@link Expr.Error}. Its syntax error is already reported.
   */
  private static final class Incomplete extends RuntimeException {
    Incomplete() {
      super(null, null, false, false);
    }
  }

  private static boolean missing(Token token) {
    return token == null || token.getTokenIndex() < 0 || token.getStartIndex() < 0;
  }

  private static boolean hasMissingToken(ParserRuleContext ctx) {
    for (int i = 0; i < ctx.getChildCount(); i++) {
      if (ctx.getChild(i) instanceof org.antlr.v4.runtime.tree.ErrorNode e && missing(e.getSymbol())) {
        // A conjured `)` or `]` leaves the statement's meaning intact; a conjured name does not.
        int type = e.getSymbol().getType();
        if (type == NetcLexer.ID || type == NetcLexer.ASSIGN || type == NetcLexer.COLON) {
          return true;
        }
      }
    }
    return false;
  }

  private Span span(ParserRuleContext ctx) {
    int start = ctx.getStart().getStartIndex();
    Token stop = ctx.getStop();
    int end = stop == null || stop.getStopIndex() < start ? start : stop.getStopIndex() + 1;
    return clamp(start, end);
  }

  private Span span(Token token) {
    return SpecParser.spanOf(file, token);
  }

  private Span clamp(int start, int end) {
    int length = file.text().length();
    int s = Math.min(Math.max(0, start), length);
    return new Span(file, s, Math.min(Math.max(s, end), length));
  }

  /** The doc comment right before {@code start}, with only whitespace and plain comments between. */
  private String docBefore(Token start) {
    for (int i = start.getTokenIndex() - 1; i >= 0; i--) {
      Token t = tokens.get(i);
      if (t.getType() == NetcLexer.DOC_COMMENT) {
        return cleanDoc(t.getText());
      }
      if (t.getType() != NetcLexer.WS && t.getType() != NetcLexer.LINE_COMMENT) {
        return "";
      }
    }
    return "";
  }

  static String cleanDoc(String comment) {
    String body = comment.substring(3, comment.length() - 2);
    StringBuilder out = new StringBuilder();
    for (String line : body.split("\\R", -1)) {
      String l = line.strip();
      if (l.startsWith("*")) {
        l = l.substring(1).strip();
      }
      out.append(l).append('\n');
    }
    return out.toString().strip();
  }

  static String unquote(String quoted) {
    String body = quoted.length() >= 2 ? quoted.substring(1, quoted.length() - 1) : "";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length()) {
        char next = body.charAt(++i);
        out.append(switch (next) {
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> next;
        });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
