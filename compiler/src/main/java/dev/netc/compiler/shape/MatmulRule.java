package dev.netc.compiler.shape;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Edit;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape rule of {@code @}, NumPy's {@code matmul}:
 *
 * <ul>
 *   <li>{@code [..., m, k] @ [..., k, n] -> [..., m, n]}, the leading (batch) axes broadcast;
 *   <li>a 1-D left operand is a row: {@code [k] @ [..., k, n] -> [..., n]};
 *   <li>a 1-D right operand is a column: {@code [..., m, k] @ [k] -> [..., m]};
 *   <li>{@code [k] @ [k]} is a scalar; a scalar operand is an error ({@code *} scales).
 * </ul>
 *
 * <p>When the inner sizes differ, the diagnostic names both, points at where
 * the left size came from, and suggests the transpose that would fit.
 */
public final class MatmulRule {
  private MatmulRule() {}

  /** The shape of {@code left @ right}, or why there is none. */
  public static RuleResult<Shape> apply(Node left, Node right, Span site) {
    Shape a = left.type().shape();
    Shape b = right.type().shape();
    if (a.rank() == 0 || b.rank() == 0) {
      Node scalar = a.rank() == 0 ? left : right;
      Diagnostic.Builder d = Diagnostic.of(Code.MATMUL_SCALAR, scalar.span(), "a scalar")
          .label("this is a scalar")
          .help("to scale a tensor by a number, use `*`");
      if (scalar instanceof Node.Input || scalar instanceof Node.Param) {
        // A declared scalar is as often a vector or matrix whose shape was left out.
        d.help("if `" + Describe.operand(scalar) + "` is meant to be a vector or a matrix, give it a shape where it "
            + "is declared: `f32[]` is one number");
      }
      return RuleResult.failed(d);
    }
    List<Dim> ad = new ArrayList<>(a.dims());
    List<Dim> bd = new ArrayList<>(b.dims());
    boolean rowVector = ad.size() == 1;
    boolean columnVector = bd.size() == 1;
    if (rowVector) {
      ad.add(0, Dim.of(1));
    }
    if (columnVector) {
      bd.add(Dim.of(1));
    }
    Dim inLeft = ad.get(ad.size() - 1);
    Dim inRight = bd.get(bd.size() - 2);
    if (!inLeft.equals(inRight)) {
      return RuleResult.failed(inner(left, right, inLeft, inRight));
    }
    return switch (BroadcastRule.broadcastDims(ad.subList(0, ad.size() - 2), bd.subList(0, bd.size() - 2))) {
      case BroadcastRule.Conflict c -> {
        Diagnostic.Builder d = Diagnostic.of(Code.BROADCAST, site, a, b)
            .label("the batch axes " + c.left().valueText() + " and " + c.right().valueText()
                + " differ, and neither is 1")
            .note("`@` multiplies the last two axes and broadcasts the axes before them");
        BroadcastRule.addOrigin(d, c.left());
        BroadcastRule.addOrigin(d, c.right());
        yield RuleResult.failed(d);
      }
      case BroadcastRule.Fits batch -> {
        List<Dim> result = new ArrayList<>(batch.dims());
        if (!rowVector) {
          result.add(ad.get(ad.size() - 2));
        }
        if (!columnVector) {
          result.add(bd.get(bd.size() - 1));
        }
        yield RuleResult.ok(new Shape(result));
      }
    };
  }

  private static Diagnostic.Builder inner(Node left, Node right, Dim inLeft, Dim inRight) {
    Shape a = left.type().shape();
    Shape b = right.type().shape();
    String rows = b.rank() == 1 ? "has length " + inRight : "has " + inRight + " rows";
    String columns = a.rank() == 1 ? "length " + inLeft : inLeft + " columns";
    Diagnostic.Builder d = Diagnostic.of(Code.MATMUL_INNER, right.span(), a, b)
        .label(Describe.operand(right) + " " + rows + ", but " + Describe.operand(left) + " has " + columns);
    Span fromLeft = Describe.originSpan(inLeft);
    if (fromLeft != null && !contains(left.span(), fromLeft)) {
      d.related(fromLeft, Describe.origin(inLeft));
    }
    Span fromRight = Describe.originSpan(inRight);
    if (fromRight != null && !contains(right.span(), fromRight)) {
      d.related(fromRight, Describe.origin(inRight));
    }
    d.note("`@` needs the left side's last axis to equal the right side's "
        + (b.rank() == 1 ? "length" : "second-to-last axis") + ": " + inLeft.valueText() + " != " + inRight.valueText());
    d.note(Describe.bindings(a, b));
    if (a.rank() >= 3 && b.rank() == 2 && !a.dim(0).isFixed()
        && Dim.product(a.dims().subList(1, a.rank())).equals(inRight)) {
      // [N, 28, 10] @ [280, k]: the weight was made for each sample's values flattened.
      String x = left.span().text().strip();
      d.note(Describe.operand(right) + " has " + inRight.valueText() + " rows: all of each sample's "
          + Dim.product(a.dims().subList(1, a.rank())).valueText() + " values, flattened");
      d.fix(new Fix("flatten it first: `flatten(" + x + ")`", "Flatten " + x,
          List.of(new Edit(left.span(), Describe.needsParens(left) ? "flatten((" + x + "))" : "flatten(" + x + ")"))));
      return d;
    }
    if (b.rank() >= 2 && inLeft.equals(b.dim(-1))) {
      String t = b.transposedLastTwo().toString();
      d.fix(Describe.transposeFix(
          "transposing " + Describe.operand(right) + " (" + b + " -> " + t + ") would fit", right));
      d.note("weights stored as [out, in], as PyTorch's nn.Linear keeps them, are used as `x @ W.T`");
    } else if (a.rank() >= 2 && a.dim(-2).equals(inRight) && a.isFixed() && !(right instanceof Node.Param)) {
      // Not where a is a batch of activations (a run-time axis, or rows a weight multiplies):
      // transposing it would mix examples and features.
      String t = a.transposedLastTwo().toString();
      d.fix(Describe.transposeFix(
          "transposing " + Describe.operand(left) + " (" + a + " -> " + t + ") would fit", left));
    } else {
      if (a.rank() >= 2 && a.dim(-2).equals(inRight) && right instanceof Node.Param) {
        d.note(Describe.operand(right) + "'s first axis is " + inRight.valueText() + ", the size of "
            + Describe.operand(left) + "'s rows (the examples); a weight's rows are the features it takes, "
            + inLeft.valueText() + " here");
      }
      declaredRowsFix(d, right, inLeft, inRight);
    }
    return d;
  }

  /**
   * When the right side is a declared matrix, advice to declare its rows as the left side's
   * features: the weight's shape is wrong far more often than the activations flowing into it.
   * Advice, not an edit: its values (inline or in the weights file) would have to change too.
   */
  private static void declaredRowsFix(Diagnostic.Builder d, Node right, Dim inLeft, Dim inRight) {
    if (right instanceof Node.Param p && right.type().shape().rank() == 2 && inLeft.isFixed()
        && Describe.originSpan(inRight) != null) {
      d.help("if " + p.name() + " is the one that is wrong, declare it with " + inLeft.valueText()
          + " rows, the features it is given, and values of that shape");
    }
  }

  private static boolean contains(Span outer, Span inner) {
    return outer.file() == inner.file() && outer.start() <= inner.start() && inner.end() <= outer.end();
  }
}
