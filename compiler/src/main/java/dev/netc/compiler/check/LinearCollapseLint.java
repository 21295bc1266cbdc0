package dev.netc.compiler.check;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Diagnostics;
import dev.netc.runtime.ops.ArithOp;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.shape.Describe;

/**
 * Two linear layers with no activation between them, {@code (x @ W1 + b1) @ W2},
 * compute one linear map, {@code x @ (W1 @ W2) + b1 @ W2}: the second adds
 * parameters but no expressiveness. A note, not an error: it can be on purpose
 * (a low-rank factorization), and the back end folds it either way.
 */
final class LinearCollapseLint {
  private LinearCollapseLint() {}

  static void check(Node.MatMul product, String statement, Scope scope, Diagnostics out) {
    if (!isWeight(product.right())) {
      return;
    }
    Node left = product.left();
    String first = Describe.operand(left);
    if (left instanceof Node.Ref ref && scope.get(ref.name()) instanceof Scope.Value v) {
      left = v.value;
      first = "`" + ref.name() + "`";
    }
    Node.MatMul earlier = affineProduct(left);
    if (earlier == null) {
      return;
    }
    String second = statement.isEmpty() ? "`" + Describe.operand(product) + "`" : "`" + statement + "`";
    out.report(Diagnostic.of(Code.LINEAR_COLLAPSE, product.span(), first, second)
        .label("no activation between this product and the one before")
        .related(earlier.span(), "the first linear map")
        .note("x @ W1 @ W2 equals x @ (W1 @ W2): without a nonlinearity the two layers are one")
        .help("put an activation between them, e.g. relu(...), or merge them into one layer"));
  }

  /** A parameter, or the transpose of one. */
  private static boolean isWeight(Node n) {
    return n instanceof Node.Param || (n instanceof Node.Transpose t && t.operand() instanceof Node.Param);
  }

  /** {@code a @ W} or {@code a @ W + b} with W and b parameters, or null. */
  private static Node.MatMul affineProduct(Node n) {
    if (n instanceof Node.Elementwise e && (e.op() == ArithOp.ADD || e.op() == ArithOp.SUB)
        && (e.right() instanceof Node.Param || e.right() instanceof Node.Constant)) {
      n = e.left();
    }
    return n instanceof Node.MatMul m && isWeight(m.right()) ? m : null;
  }
}
