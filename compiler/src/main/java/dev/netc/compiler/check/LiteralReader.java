package dev.netc.compiler.check;

import dev.netc.compiler.ast.Expr;
import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Diagnostics;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads inline parameter values: a number, or nested lists of numbers, row
 * major. The lists must be rectangular; the shape they spell is returned with
 * the values so the caller can compare it with the declaration.
 */
final class LiteralReader {
  record Literal(List<Long> shape, float[] values) {}

  private final Diagnostics out;
  private final List<Float> values = new ArrayList<>();
  private boolean failed;

  private LiteralReader(Diagnostics out) {
    this.out = out;
  }

  static Literal read(Expr e, Diagnostics out) {
    LiteralReader r = new LiteralReader(out);
    List<Long> shape = r.shapeOf(e);
    if (r.failed || shape == null) {
      return null;
    }
    float[] v = new float[r.values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.values.get(i);
    }
    return new Literal(shape, v);
  }

  private List<Long> shapeOf(Expr e) {
    switch (Expr.strip(e)) {
      case Expr.Num n -> {
        if (!Double.isFinite(n.value()) || Math.abs(n.value()) > Float.MAX_VALUE) {
          fail(Diagnostic.of(Code.BAD_NUMBER, n.span(), n.text(), "it does not fit a 32-bit float"));
          return null;
        }
        values.add((float) n.value());
        return List.of();
      }
      case Expr.ListExpr l -> {
        if (l.items().isEmpty()) {
          fail(Diagnostic.of(Code.LITERAL_RAGGED, l.span(), "an empty list has no values"));
          return null;
        }
        List<Long> inner = null;
        for (Expr item : l.items()) {
          List<Long> s = shapeOf(item);
          if (s == null) {
            return null;
          }
          if (inner == null) {
            inner = s;
          } else if (!inner.equals(s)) {
            fail(Diagnostic.of(Code.LITERAL_RAGGED, item.span(),
                    "this item has shape " + s + ", the first item of its list " + inner)
                .label("every row of a literal must have the same shape"));
            return null;
          }
        }
        List<Long> shape = new ArrayList<>();
        shape.add((long) l.items().size());
        shape.addAll(inner);
        return shape;
      }
      case Expr.Error err -> {
        failed = true;
        return null;
      }
      default -> {
        fail(Diagnostic.of(Code.NOT_CONSTANT, e.span(), "an inline value")
            .label("expected a number or a list of numbers"));
        return null;
      }
    }
  }

  private void fail(Diagnostic.Builder d) {
    if (!failed) {
      out.report(d);
    }
    failed = true;
  }
}
