package dev.netc.compiler.passes;

import dev.netc.runtime.ops.ActivationKind;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.shape.Shape;
import dev.netc.compiler.shape.TensorType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Merges two dense layers with nothing non-linear between them into one:
 * {@code Gemm2(Gemm1(x, W1, b1), W2, b2)} with {@code Gemm1}'s activation the
 * identity is {@code x @ W_eff + b_eff} with
 *
 * <pre>
 *   W_eff = s1 * W1' @ W2'        b_eff = s1 * b1 @ W2' + b2
 * </pre>
 *
 * where {@code W'} is a weight as the Gemm uses it (transposed when stored
 * {@code [out, in]}) and {@code s1} the first Gemm's scale (1 unless a scale was
 * fused). The second Gemm keeps its scale and activation; a missing bias counts as
 * zero. The products are computed in double and stored as new inline parameters
 * named {@code <W1>_<W2>} and {@code <b1>_<b2>}.
 *
 * <p>Only when all four parameters are inline: a file's values are unknown when
 * the spec is compiled. Only when the first Gemm has no other user and is not an
 * output, since its value would otherwise still be needed. And only when the merged
 * layer is no larger than the two ({@code in * out <= in * mid + mid * out}): a
 * bottleneck {@code 784 -> 16 -> 784} is cheaper as two thin products than as one
 * 784 x 784 one. Chains of three or more fold pairwise until none is left.
 */
public final class LinearFolding implements Pass {
  @Override
  public String name() {
    return "linear-folding";
  }

  @Override
  public IrGraph apply(IrGraph g) {
    // Each round folds pairs that share no node; the next round sees the folded Gemms.
    for (int round = 0; round < g.nodes().size(); round++) {
      GraphEditor e = new GraphEditor(g);
      Set<Integer> claimed = new HashSet<>();
      boolean changed = false;
      for (IrNode n : g.nodes()) {
        if (n.op() instanceof Op.Gemm && !claimed.contains(n.id())) {
          IrNode first = e.node(n.inputs().get(0));
          if (!claimed.contains(first.id()) && fold(e, first, n)) {
            claimed.add(first.id());
            claimed.add(n.id());
            changed = true;
          }
        }
      }
      if (!changed) {
        return g;
      }
      g = e.result();
    }
    return g;
  }

  private static boolean fold(GraphEditor e, IrNode first, IrNode second) {
    if (!(first.op() instanceof Op.Gemm g1) || g1.activation() != ActivationKind.IDENTITY
        || !e.singleUse(first.id()) || g1.hasResidual()) {
      return false;
    }
    Op.Gemm g2 = (Op.Gemm) second.op();
    if (g2.hasResidual()) {
      // Only the product and bias fold; a residual would have to be carried through W2 as well.
      return false;
    }
    Optional<Matrix> w1 = weight(e, first, g1);
    Optional<Matrix> w2 = weight(e, second, g2);
    Optional<Matrix> b1 = bias(e, first, g1);
    Optional<Matrix> b2 = bias(e, second, g2);
    if (w1.isEmpty() || w2.isEmpty() || (g1.hasBias() && b1.isEmpty()) || (g2.hasBias() && b2.isEmpty())) {
      return false;
    }
    long in = w1.get().rows();
    long mid = w1.get().cols();
    long out = w2.get().cols();
    if (in * out > in * mid + mid * out) {
      return false;
    }
    Matrix wEff = w1.get().scaled(g1.scale()).times(w2.get());
    List<Integer> operands = new ArrayList<>(List.of(first.inputs().get(0)));
    String wName = paramName(e, first, 1) + "_" + paramName(e, second, 1);
    operands.add(param(e, second, wName, Shape.of(in, out), wEff));
    boolean hasBias = g1.hasBias() || g2.hasBias();
    if (g1.hasBias()) {
      Matrix bEff = b1.get().scaled(g1.scale()).times(w2.get());
      String name = paramName(e, first, 2) + "_" + (g2.hasBias() ? paramName(e, second, 2) : paramName(e, second, 1));
      operands.add(param(e, second, name, Shape.of(out), g2.hasBias() ? bEff.plus(b2.get()) : bEff));
    } else if (g2.hasBias()) {
      // x @ W_eff + b2: the second bias is used as it is.
      operands.add(second.inputs().get(2));
    }
    Op.Gemm merged = new Op.Gemm(false, hasBias, g2.activation(), g2.alpha(), g2.scale());
    e.replace(new IrNode(second.id(), second.name(), merged, operands, second.type()));
    return true;
  }

  /** The weight of a Gemm as it is used ({@code [in, out]}), when its values are inline. */
  private static Optional<Matrix> weight(GraphEditor e, IrNode gemm, Op.Gemm op) {
    IrNode w = e.node(gemm.inputs().get(1));
    return values(e, w).map(v -> {
      Matrix m = new Matrix(w.shape().dim(0).value(), w.shape().dim(1).value(), v);
      return op.transposed() ? m.transposed() : m;
    });
  }

  /** The bias of a Gemm as a {@code [1, out]} row, when it has one with inline values. */
  private static Optional<Matrix> bias(GraphEditor e, IrNode gemm, Op.Gemm op) {
    if (!op.hasBias()) {
      return Optional.empty();
    }
    IrNode b = e.node(gemm.inputs().get(2));
    return values(e, b).map(v -> new Matrix(1, v.length, v));
  }

  private static Optional<double[]> values(GraphEditor e, IrNode paramNode) {
    if (!(paramNode.op() instanceof Op.Param p)) {
      return Optional.empty();
    }
    // A weight declared bf16 or i8 stands for its rounded values, and stays stored that way: not folded.
    return e.graph().param(p.name()).flatMap(decl -> decl.source() instanceof Graph.ParamSource.Inline i
        && !decl.compressed() ? Optional.of(widen(i.values())) : Optional.empty());
  }

  private static String paramName(GraphEditor e, IrNode gemm, int operand) {
    return ((Op.Param) e.node(gemm.inputs().get(operand)).op()).name();
  }

  /** Declares an inline parameter of {@code shape} and adds its node before {@code anchor}; returns the node's id. */
  private static int param(GraphEditor e, IrNode anchor, String base, Shape shape, Matrix m) {
    String name = e.uniqueName(base);
    // Folded values are computed in double and stored as f32, the type of the inline weights they come from.
    TensorType type = TensorType.f32(shape);
    e.addParam(new IrGraph.Param(name, type, new Graph.ParamSource.Inline(m.toFloats())));
    IrNode node = new IrNode(e.newId(), name, new Op.Param(name), List.of(), type);
    e.insertBefore(anchor.id(), node);
    return node.id();
  }

  private static double[] widen(float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return d;
  }
}
