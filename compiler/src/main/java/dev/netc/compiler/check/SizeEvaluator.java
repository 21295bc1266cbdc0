package dev.netc.compiler.check;

import dev.netc.compiler.ast.Expr;
import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Diagnostics;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Origin;
import java.util.function.Function;

/**
 * Reads an expression as a size: in a declared shape ({@code f32[N, 4*d]}), a
 * {@code dim} declaration, or a reshape target. Sizes are products and exact
 * quotients of positive integers, named fixed sizes and run-time dimensions;
 * sums and differences of fixed sizes are allowed too.
 */
final class SizeEvaluator {
  private final Scope scope;
  private final Diagnostics out;
  /** What to do with a name that is not defined: introduce it, or report it (returns null). */
  private final Function<Expr.Name, Dim> unknown;
  /** Notes which size each name in a shape refers to, for editors. */
  private final IndexRecorder index;

  SizeEvaluator(Scope scope, Diagnostics out, Function<Expr.Name, Dim> unknown, IndexRecorder index) {
    this.scope = scope;
    this.out = out;
    this.unknown = unknown;
    this.index = index;
  }

  /** The size {@code e} denotes with its origin set to {@code what} at {@code e}, or null after reporting. */
  Dim size(Expr e, String what) {
    Dim d = eval(e);
    if (d == null) {
      return null;
    }
    if (d.coefficient() < 1) {
      out.report(Diagnostic.of(Code.SIZE_TOO_SMALL, e.span(), "a size", d.valueText()));
      return null;
    }
    return d.withOrigin(Origin.at(e.span(), what));
  }

  private Dim eval(Expr e) {
    switch (e) {
      case Expr.Num n -> {
        if (!n.integral()) {
          out.report(Diagnostic.of(Code.SIZE_NOT_WHOLE, n.span(), n.text()));
          return null;
        }
        if (n.value() < 0) {
          out.report(Diagnostic.of(Code.SIZE_TOO_SMALL, n.span(), "a size", n.text()));
          return null;
        }
        if (n.value() > Long.MAX_VALUE / 2) {
          out.report(Diagnostic.of(Code.SIZE_OVERFLOW, n.span(), n.text()));
          return null;
        }
        return Dim.of((long) n.value());
      }
      case Expr.Name n -> {
        Scope.Entry entry = scope.get(n.id());
        index.use(entry, n.span());
        return switch (entry) {
          case Scope.FixedDim f -> {
            f.used = true;
            yield f.value;
          }
          case Scope.RuntimeDim r -> {
            r.used = true;
            yield Dim.symbol(r.name);
          }
          case Scope.Poisoned p -> null;
          case null -> unknown.apply(n);
          default -> {
            out.report(Diagnostic.of(Code.WRONG_KIND, n.span(), n.id(), entry.kind(), "a size")
                .related(entry.span, "`" + n.id() + "` is defined here")
                .help("sizes are numbers, `dim` names, or run-time dimensions such as N"));
            yield null;
          }
        };
      }
      case Expr.Paren p -> {
        return eval(p.inner());
      }
      case Expr.Binary b -> {
        Dim l = eval(b.left());
        Dim r = eval(b.right());
        if (l == null || r == null) {
          return null;
        }
        try {
          switch (b.op()) {
            case MUL -> {
              return l.times(r);
            }
            case DIV -> {
              var q = l.dividedBy(r);
              if (q.isEmpty()) {
                out.report(Diagnostic.of(Code.SIZE_NOT_DIVISIBLE, b.span(), l.valueText(), r.valueText())
                    .label("sizes divide exactly or not at all"));
                return null;
              }
              return q.get();
            }
            case ADD, SUB -> {
              if (!l.isFixed() || !r.isFixed()) {
                out.report(Diagnostic.of(Code.RUNTIME_SIZE_SUM, b.span(), b.span().text()));
                return null;
              }
              long v = b.op() == dev.netc.compiler.ast.BinaryOp.ADD
                  ? Math.addExact(l.value(), r.value())
                  : l.value() - r.value();
              if (v < 1) {
                out.report(Diagnostic.of(Code.SIZE_TOO_SMALL, b.span(), "a size", v));
                return null;
              }
              return Dim.of(v);
            }
            default -> {
              out.report(Diagnostic.of(Code.NOT_A_SIZE, b.span(), b.span().text())
                  .label("`@` has no meaning in a size"));
              return null;
            }
          }
        } catch (ArithmeticException overflow) {
          out.report(Diagnostic.of(Code.SIZE_OVERFLOW, b.span(), b.span().text()));
          return null;
        }
      }
      case Expr.Error err -> {
        return null;
      }
      default -> {
        out.report(Diagnostic.of(Code.NOT_A_SIZE, e.span(), e.span().text())
            .label("expected a number, a `dim` name or a run-time dimension"));
        return null;
      }
    }
  }
}
