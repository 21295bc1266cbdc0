package dev.netc.compiler.ast;

import dev.netc.compiler.source.Span;
import java.util.List;

/** A tensor type as written: {@code f32[N, 784]}. Each dimension is an expression over sizes. */
public record TypeExpr(Ident dtype, List<Expr> dims, Span span) {
  public TypeExpr {
    dims = List.copyOf(dims);
  }
}
