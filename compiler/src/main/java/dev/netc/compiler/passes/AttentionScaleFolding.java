package dev.netc.compiler.passes;

import dev.netc.runtime.ops.ActivationKind;
import dev.netc.runtime.ops.ArithOp;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import dev.netc.compiler.shape.TensorType;
import java.util.List;
import java.util.Optional;

/**
 * Moves the scale of attention scores, {@code (q @ kT) / c} or {@code (q @ kT) * c}
 * with {@code c} a scalar {@code Constant}, off the scores, which are the largest
 * tensor of attention ({@code [..., Tq, Tk]}):
 *
 * <ol>
 *   <li>into the scale of the Gemm that produces {@code q}, or else {@code k}: free,
 *       the Gemm multiplies by its scale anyway. The Gemm must have no other user
 *       and no activation ({@code sigmoid(z) / c} is not {@code sigmoid(z / c)}); it
 *       may be reached through reshapes and transposes with no other user, which
 *       commute with a scalar factor (the heads split of multi-head attention);
 *   <li>else onto {@code q}, as {@code MatMul(q * (1/c), kT)}, but only when {@code q}
 *       has fewer elements than the scores: one multiplication per element of
 *       {@code q} instead of one per score. Element counts with run-time sizes are
 *       compared treating every run-time dimension as the same unknown size
 *       {@code S}, larger than any fixed factor: {@code [N, T, 16]} (16 S^2) is smaller
 *       than {@code [N, T, T]} (S^3); between equal powers of S the fixed factors
 *       decide. Otherwise the division stays where it is.
 * </ol>
 *
 * <p>The matmul takes the place (id and name) of the division it absorbs, so
 * {@code s = (q @ k.T) / sqrt(16)} is still called {@code s}. The fused
 * {@code Attention} op's own scale moves into {@code q}'s Gemm by the same rule 1,
 * leaving the op with scale 1.
 */
public final class AttentionScaleFolding implements Pass {
  @Override
  public String name() {
    return "attention-scale-folding";
  }

  @Override
  public IrGraph apply(IrGraph g) {
    GraphEditor e = new GraphEditor(g);
    for (IrNode n : g.nodes()) {
      if (n.op() instanceof Op.Elementwise w) {
        scores(e, n, w.op());
      } else if (n.op() instanceof Op.Attention a && a.scale() != 1 && Double.isFinite(a.scale())) {
        if (foldIntoGemm(e, n.inputs().get(0), a.scale())) {
          e.replace(n.withOp(a.withScale(1)));
        }
      }
    }
    return e.result();
  }

  private static void scores(GraphEditor e, IrNode n, ArithOp op) {
    if (op != ArithOp.MUL && op != ArithOp.DIV) {
      return;
    }
    IrNode left = e.node(n.inputs().get(0));
    IrNode right = e.node(n.inputs().get(1));
    IrNode matmul;
    double factor;
    if (right.op() instanceof Op.Constant c && left.op() instanceof Op.MatMul) {
      matmul = left;
      factor = op == ArithOp.DIV ? 1 / c.value() : c.value();
    } else if (op == ArithOp.MUL && left.op() instanceof Op.Constant c && right.op() instanceof Op.MatMul) {
      matmul = right;
      factor = c.value();
    } else {
      return;
    }
    if (!Double.isFinite(factor) || !e.singleUse(matmul.id()) || !matmul.shape().equals(n.shape())) {
      return;
    }
    int q = matmul.inputs().get(0);
    int kT = matmul.inputs().get(1);
    if (foldIntoGemm(e, q, factor) || foldIntoGemm(e, kT, factor)) {
      e.forward(n.id(), matmul.id());
    } else if (smaller(e.node(q).shape(), matmul.shape())) {
      IrNode c = new IrNode(e.newId(), e.uniqueName(n.name() + "_const"), new Op.Constant(factor), List.of(),
          TensorType.f32(Shape.SCALAR));
      IrNode scaled = new IrNode(e.newId(), e.uniqueName(n.name() + "_mul"), new Op.Elementwise(ArithOp.MUL),
          List.of(q, c.id()), e.node(q).type());
      e.insertBefore(matmul.id(), c);
      e.insertBefore(matmul.id(), scaled);
      e.replace(matmul.withInputs(List.of(scaled.id(), kT)));
      e.forward(n.id(), matmul.id());
    }
  }

  /**
   * Multiplies the scale of the Gemm behind {@code id} by {@code factor}, when
   * {@code id} is such a Gemm or reaches one through single-use reshapes and
   * transposes; false when there is none.
   */
  private static boolean foldIntoGemm(GraphEditor e, int id, double factor) {
    Optional<IrNode> gemm = gemmBehind(e, id);
    if (gemm.isEmpty()) {
      return false;
    }
    IrNode n = gemm.get();
    Op.Gemm op = (Op.Gemm) n.op();
    e.replace(n.withOp(new Op.Gemm(op.transposed(), op.hasBias(), op.activation(), op.alpha(),
        op.scale() * factor)));
    return true;
  }

  private static Optional<IrNode> gemmBehind(GraphEditor e, int id) {
    IrNode n = e.current(id);
    while (e.singleUse(n.id()) && (n.op() instanceof Op.Reshape || n.op() instanceof Op.Transpose)) {
      n = e.current(n.inputs().get(0));
    }
    return e.singleUse(n.id()) && n.op() instanceof Op.Gemm g && g.activation() == ActivationKind.IDENTITY
        && !g.hasResidual()
        ? Optional.of(n) : Optional.empty();
  }

  /** Whether {@code a} has fewer elements than {@code b}, every run-time dimension counted as one size S. */
  static boolean smaller(Shape a, Shape b) {
    Dim ca = a.elementCount();
    Dim cb = b.elementCount();
    int degreeA = ca.symbols().size();
    int degreeB = cb.symbols().size();
    return degreeA != degreeB ? degreeA < degreeB : ca.coefficient() < cb.coefficient();
  }
}
