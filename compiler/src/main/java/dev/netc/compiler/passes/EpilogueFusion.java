package dev.netc.compiler.passes;

import dev.netc.runtime.ops.ActivationKind;
import dev.netc.runtime.ops.ArithOp;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.shape.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Fuses a dense layer into one {@link Op.Gemm}: a chain
 *
 * <pre>
 *   MatMul(x, W)  or  MatMul(x, Transpose[1, 0](W))     W a rank-2 parameter
 *   -> Elementwise(ADD, _, b)  or  (ADD, b, _)          optional; b a parameter of shape [out]
 *   -> * c, / c, or negation                            optional, repeatable; c a scalar Constant
 *   -> Activation(kind, alpha)                          optional, any kind
 * </pre>
 *
 * becomes {@code Gemm(transposed, hasBias, kind, alpha, scale)} over {@code [x, W]}
 * or {@code [x, W, b]}, computing {@code activation(scale * (x @ W + b))}. Every
 * node of the chain but the last must feed only the next one and not be an
 * output: a value someone else reads has to exist on its own. The Gemm takes the
 * id and name of the chain's last node, so {@code h = relu(x @ W1 + b1)} is still
 * called {@code h} and its users need no change.
 *
 * <p>A residual added between the product and its bias, {@code (x @ W + r) + b} as
 * {@code x + merged @ Wo + bo} parses, is reordered to {@code (x @ W + b) + r} so
 * that the bias still joins the Gemm; the residual add remains.
 *
 * <p>A scale is taken only before the activation ({@code relu(2 * z)} is a
 * Gemm's {@code relu(scale * z)}, {@code 2 * relu(z)} is not) and only after the
 * bias: in {@code 2 * (x @ W) + b} the 2 does not apply to {@code b}, but a Gemm's
 * scale would. Softmax is not an epilogue: it reads a whole row, not one element.
 */
public final class EpilogueFusion implements Pass {
  @Override
  public String name() {
    return "epilogue-fusion";
  }

  @Override
  public IrGraph apply(IrGraph g) {
    GraphEditor e = new GraphEditor(g);
    Set<Integer> claimed = new HashSet<>();
    for (IrNode n : g.nodes()) {
      if (n.op() instanceof Op.MatMul) {
        fuse(e, n, claimed);
      }
    }
    return e.result();
  }

  /**
   * The one user of {@code id} when a chain may continue into it: nothing else reads
   * {@code id}, and no earlier chain took the user ({@code x @ W1 + x @ W2 + b} offers
   * the same adds to both products).
   */
  private static Optional<IrNode> successor(GraphEditor e, int id, Set<Integer> claimed) {
    return e.soleUser(id).filter(n -> !claimed.contains(n.id()));
  }

  private static void fuse(GraphEditor e, IrNode matmul, Set<Integer> claimed) {
    IrNode right = e.node(matmul.inputs().get(1));
    boolean transposed = false;
    IrNode weight = right;
    if (right.op() instanceof Op.Transpose t && t.permutation().equals(List.of(1, 0))) {
      transposed = true;
      weight = e.node(right.inputs().get(0));
    }
    if (!(weight.op() instanceof Op.Param) || weight.shape().rank() != 2) {
      return;
    }
    List<Integer> operands = new ArrayList<>(List.of(matmul.inputs().get(0), weight.id()));
    List<Integer> chain = new ArrayList<>(List.of(matmul.id()));
    IrNode last = matmul;
    Shape shape = matmul.shape();

    Optional<IrNode> next = successor(e, last.id(), claimed);
    if (next.isPresent() && bias(e, next.get(), last, shape) instanceof Integer b) {
      operands.add(b);
      last = next.get();
      chain.add(last.id());
      next = successor(e, last.id(), claimed);
    } else if (next.isPresent() && residualThenBias(e, matmul, next.get(), transposed, operands, claimed)) {
      return;
    }
    boolean hasBias = operands.size() == 3;

    double scale = 1;
    while (next.isPresent() && factor(e, next.get(), last, shape) instanceof Double f) {
      scale *= f;
      last = next.get();
      chain.add(last.id());
      next = successor(e, last.id(), claimed);
    }

    ActivationKind activation = ActivationKind.IDENTITY;
    double alpha = 0;
    if (next.isPresent() && next.get().op() instanceof Op.Activation a) {
      activation = a.kind();
      alpha = a.kind() == ActivationKind.LEAKY_RELU || a.kind() == ActivationKind.POW ? a.alpha() : 0;
      last = next.get();
      chain.add(last.id());
    }

    claimed.addAll(chain);
    Op.Gemm gemm = new Op.Gemm(transposed, hasBias, activation, alpha, scale);
    e.replace(new IrNode(last.id(), last.name(), gemm, operands, last.type()));
    for (int id : chain.subList(0, chain.size() - 1)) {
      // The chain's inner nodes fed only the next link: forwarding them to the Gemm drops them.
      e.forward(id, last.id());
    }
  }

  /**
   * {@code (x @ W + r) + b}, the residual connection of a transformer written before
   * the bias, as {@code (x @ W + b) + r}: the bias joins the Gemm, the residual add
   * stays. Only the bias moves, so no activation or scale is taken.
   */
  private static boolean residualThenBias(
      GraphEditor e, IrNode matmul, IrNode inner, boolean transposed, List<Integer> operands, Set<Integer> claimed) {
    // The residual must not broadcast the product to a larger shape: the bias is per output of the product.
    if (!(inner.op() instanceof Op.Elementwise w) || w.op() != ArithOp.ADD || !e.singleUse(inner.id())
        || !inner.shape().equals(matmul.shape())) {
      return false;
    }
    Optional<IrNode> user = successor(e, inner.id(), claimed);
    if (user.isEmpty()) {
      return false;
    }
    IrNode outer = user.get();
    Integer b = bias(e, outer, inner, matmul.shape());
    boolean matmulLeft = inner.inputs().get(0) == matmul.id();
    int residual = inner.inputs().get(matmulLeft ? 1 : 0);
    if (b == null || residual == matmul.id()) {
      return false;
    }
    claimed.addAll(List.of(matmul.id(), inner.id(), outer.id()));
    List<Integer> gemmOperands = new ArrayList<>(operands);
    gemmOperands.add(b);
    // The Gemm goes where the bias add was, after the bias's node; it keeps the product's name,
    // free again once the product is gone.
    IrNode gemm = new IrNode(e.newId(), matmul.name(), new Op.Gemm(transposed, true, ActivationKind.IDENTITY, 0, 1),
        gemmOperands, matmul.type());
    e.insertBefore(outer.id(), gemm);
    List<Integer> sum = matmulLeft ? List.of(gemm.id(), residual) : List.of(residual, gemm.id());
    e.replace(new IrNode(outer.id(), outer.name(), outer.op(), sum, outer.type()));
    e.forward(inner.id(), outer.id());
    e.forward(matmul.id(), gemm.id());
    return true;
  }

  /** The bias parameter when {@code add} is {@code prev + b} or {@code b + prev} with {@code b} of shape [out]. */
  private static Integer bias(GraphEditor e, IrNode add, IrNode prev, Shape shape) {
    if (!(add.op() instanceof Op.Elementwise w) || w.op() != ArithOp.ADD || !add.shape().equals(shape)) {
      return null;
    }
    int other = add.inputs().get(0) == prev.id() ? add.inputs().get(1) : add.inputs().get(0);
    IrNode b = e.node(other);
    boolean vector = b.shape().rank() == 1 && b.shape().dim(0).equals(shape.dim(-1));
    return b.op() instanceof Op.Param && vector && other != prev.id() ? other : null;
  }

  /** The factor {@code next} multiplies {@code prev} by, when it is a scalar constant one. */
  private static Double factor(GraphEditor e, IrNode next, IrNode prev, Shape shape) {
    if (!next.shape().equals(shape)) {
      return null;
    }
    if (next.op() instanceof Op.Negate) {
      return -1.0;
    }
    if (!(next.op() instanceof Op.Elementwise w)) {
      return null;
    }
    boolean prevLeft = next.inputs().get(0) == prev.id();
    IrNode other = e.node(next.inputs().get(prevLeft ? 1 : 0));
    if (!(other.op() instanceof Op.Constant c) || other.id() == prev.id()) {
      return null;
    }
    double f = switch (w.op()) {
      case MUL -> c.value();
      case DIV -> prevLeft ? 1 / c.value() : Double.NaN;
      case ADD, SUB -> Double.NaN;
    };
    return Double.isFinite(f) ? f : null;
  }
}
