package dev.netc.compiler.ir;

import dev.netc.compiler.graph.Node;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The IR's invariants, checked after every pass in tests: ids and names are
 * unique, operands come before their users, every parameter referenced is
 * declared with the type its node has, outputs name existing nodes, each op
 * has the operand count and ranks it documents, and the operands of an op that
 * computes in floating point are floating-point values of the op's own type.
 */
public final class IrValidator {
  private IrValidator() {}

  /** The invariants that do not hold; empty when the graph is well formed. */
  public static List<String> problems(IrGraph g) {
    List<String> problems = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (IrNode n : g.nodes()) {
      if (!names.add(n.name())) {
        problems.add("name " + n.name() + " is used twice");
      }
      for (int in : n.inputs()) {
        if (!seen.contains(in)) {
          problems.add(n.name() + " uses %" + in + " before it is defined");
        }
      }
      if (!seen.add(n.id())) {
        problems.add("id %" + n.id() + " is used twice");
      }
      String arity = arity(n);
      if (arity != null) {
        problems.add(n.name() + ": " + arity);
      }
      if (n.op() instanceof Op.Param p) {
        g.param(p.name()).ifPresentOrElse(
            decl -> {
              if (!decl.valueType().equals(n.type())) {
                problems.add(n.name() + " has type " + n.type() + ", but parameter " + p.name() + " is declared "
                    + decl.type());
              }
            },
            () -> problems.add(n.name() + " refers to undeclared parameter " + p.name()));
      }
      for (int i = 0; i < n.inputs().size(); i++) {
        boolean weightSlot = n.op() instanceof Op.Gemm && i == 1;
        if (!weightSlot && seen.contains(n.inputs().get(i)) && g.node(n.inputs().get(i)).op() instanceof Op.Param p
            && g.param(p.name()).map(IrGraph.Param::compressed).orElse(false)) {
          problems.add(n.name() + ": " + p.name() + " is stored compressed, which only a gemm's weight may be");
        }
      }
      if (computesInFloat(n.op())) {
        for (int in : n.inputs()) {
          IrNode operand = g.node(in);
          if (seen.contains(in) && (!operand.dtype().isFloatingPoint() || operand.dtype() != n.dtype())) {
            problems.add(n.name() + " computes in " + n.dtype() + ", but its operand " + operand.name() + " is "
                + operand.dtype());
          }
        }
      }
      if (n.op() instanceof Op.Gather && n.inputs().size() == 2 && seen.contains(n.inputs().get(1))
          && g.node(n.inputs().get(1)).dtype().isFloatingPoint()) {
        problems.add(n.name() + ": a gather's index must be an integer tensor");
      }
      if (n.op() instanceof Op.Attention a && a.interleaved().any()) {
        boolean rank4 = n.shape().rank() == 4;
        for (int i = 0; i < 3; i++) {
          rank4 &= !a.interleaved().operand(i) || !seen.contains(n.inputs().get(i))
              || g.node(n.inputs().get(i)).shape().rank() == 4;
        }
        if (!rank4) {
          problems.add(n.name() + ": only rank-4 attention reads or writes interleaved heads");
        }
      }
      if (n.op() instanceof Op.Slice slice && n.inputs().size() == 1 && seen.contains(n.inputs().get(0))) {
        String problem = slice(slice, g.node(n.inputs().get(0)), n.shape());
        if (problem != null) {
          problems.add(n.name() + ": " + problem);
        }
      }
      if (n.op() instanceof Op.Gemm gemm) {
        IrNode w = g.node(n.inputs().get(1));
        if (!(w.op() instanceof Op.Param) || w.shape().rank() != 2) {
          problems.add(n.name() + ": a gemm's weight must be a rank-2 parameter");
        }

        if (gemm.hasResidual() && !g.node(n.inputs().get(n.inputs().size() - 1)).shape().equals(n.shape())) {
          problems.add(n.name() + ": a gemm's residual must have the gemm's shape");
        }
        if (gemm.hasBias() && !(g.node(n.inputs().get(2)).op() instanceof Op.Param)) {
          problems.add(n.name() + ": a gemm's bias must be a parameter");
        }
      }
    }
    for (IrGraph.Output o : g.outputs()) {
      if (!seen.contains(o.node())) {
        problems.add("output " + o.name() + " names missing node %" + o.node());
      }
    }
    return problems;
  }

  /**
   * Why a slice does not fit its operand and result, or null: one range per operand axis, a
   * run-time end only on a fixed axis, and the result the kept lengths of the axes not dropped.
   */
  private static String slice(Op.Slice slice, IrNode operand, Shape to) {
    Shape from = operand.shape();
    if (slice.ranges().size() != from.rank()) {
      return "a slice needs one range per operand axis, found " + slice.ranges().size() + " for " + from;
    }
    List<Dim> kept = new ArrayList<>();
    for (int axis = 0; axis < from.rank(); axis++) {
      Node.AxisRange r = slice.ranges().get(axis);
      if (r.runtimeEnd().isPresent() && !from.dim(axis).isFixed()) {
        return "axis " + axis + " is the run-time size " + from.dim(axis) + ", cut at " + r.runtimeEnd().get();
      }
      if (!r.drop()) {
        kept.add(r.length(from.dim(axis)));
      }
    }
    return new Shape(kept).equals(to) ? null : "the slice " + slice.text(operand.name()) + " of " + from + " is "
        + new Shape(kept) + ", not " + to;
  }

  /** The ops whose operands are all values of the result's floating-point type. */
  private static boolean computesInFloat(Op op) {
    return switch (op) {
      case Op.Input i -> false;
      case Op.Param p -> false;
      case Op.Constant c -> false;
      case Op.Reshape r -> false;
      case Op.Transpose t -> false;
      case Op.Slice s -> false;
      case Op.Concat c -> false;
      case Op.MatMul m -> true;
      case Op.Gemm g -> true;
      case Op.Elementwise e -> true;
      case Op.Negate x -> true;
      case Op.Activation a -> true;
      case Op.Softmax s -> true;
      case Op.LayerNorm l -> true;
      case Op.Attention a -> true;
      case Op.Mse m -> true;
      case Op.Loss l -> l.kind() != dev.netc.runtime.ops.LossKind.SPARSE_CROSS_ENTROPY; // its labels are integers
      case Op.Cast c -> false;
      case Op.Gather g -> false;
      case Op.Reduce r -> true;
      case Op.L2Normalize l -> true;
    };
  }

  private static String arity(IrNode n) {
    int count = n.inputs().size();
    int expected = switch (n.op()) {
      case Op.Input i -> 0;
      case Op.Param p -> 0;
      case Op.Constant c -> 0;
      case Op.MatMul m -> 2;
      case Op.Gemm g -> 2 + (g.hasBias() ? 1 : 0) + (g.hasResidual() ? 1 : 0);
      case Op.Elementwise e -> 2;
      case Op.Negate x -> 1;
      case Op.Activation a -> 1;
      case Op.Softmax s -> 1;
      case Op.LayerNorm l -> 3;
      case Op.Transpose t -> 1;
      case Op.Reshape r -> 1;
      case Op.Concat c -> -1;
      case Op.Slice s -> 1;
      case Op.Attention a -> a.hasMask() ? 4 : 3;
      case Op.Mse m -> 2;
      case Op.Loss l -> 2;
      case Op.Cast c -> 1;
      case Op.Gather g -> 2;
      case Op.Reduce r -> 1;
      case Op.L2Normalize l -> 1;
    };
    if (expected < 0) {
      return count >= 1 ? null : "concat needs operands";
    }
    return count == expected ? null : Op.mnemonic(n.op()) + " takes " + expected + " operands, has " + count;
  }
}
