package dev.netc.compiler.ast;

import dev.netc.compiler.source.Span;
import java.util.List;

/**
 * An expression as written. The same syntax serves tensors ({@code x @ W + b}),
 * sizes ({@code 4 * d}) and literals ({@code [[1, 2], [3, 4]]}); the checker
 * reads each in the role its position gives it.
 */
public sealed interface Expr {
  Span span();

  record Name(String id, Span span) implements Expr {}

  /** A number; {@code integral} when written without a point or exponent. */
  record Num(String text, double value, boolean integral, Span span) implements Expr {}

  record Str(String value, Span span) implements Expr {}

  record ListExpr(List<Expr> items, Span span) implements Expr {
    public ListExpr {
      items = List.copyOf(items);
    }
  }

  /** {@code f(a, b, key=c)}. */
  record Call(Ident callee, List<Arg> args, Span span) implements Expr {
    public Call {
      args = List.copyOf(args);
    }
  }

  /** A call argument; {@code key} is null when positional. */
  record Arg(Ident key, Expr value) {
    public Span span() {
      return key == null ? value.span() : key.span().to(value.span());
    }
  }

  record Binary(BinaryOp op, Expr left, Expr right, Span opSpan, Span span) implements Expr {}

  record Negate(Expr operand, Span span) implements Expr {}

  /** {@code x.T}. */
  record Attribute(Expr target, Ident attribute, Span span) implements Expr {}

  /** {@code x[:, 0:4]}. */
  record Index(Expr target, List<SliceItem> items, Span span) implements Expr {
    public Index {
      items = List.copyOf(items);
    }
  }

  /** One axis of an index: {@code start:end} (either may be null) or a single position. */
  record SliceItem(Expr start, Expr end, boolean range, Span span) {}

  /** {@code (e)}: kept so that fix-its and spans cover what the user wrote. */
  record Paren(Expr inner, Span span) implements Expr {}

  /** Where the parser recovered from an error; already reported, checked as unknown. */
  record Error(Span span) implements Expr {}

  /** The expression with any parentheses around it removed. */
  static Expr strip(Expr e) {
    while (e instanceof Paren p) {
      e = p.inner();
    }
    return e;
  }
}
