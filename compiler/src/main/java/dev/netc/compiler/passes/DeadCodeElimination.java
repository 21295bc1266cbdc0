package dev.netc.compiler.passes;

import dev.netc.runtime.ops.ActivationKind;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Removes what computes nothing or what nobody reads:
 *
 * <ul>
 *   <li>no-op nodes, whose uses go to their operand: {@code identity(x)}, a reshape to
 *       the shape its operand already has, a transpose by {@code [0, 1, ..., n-1]};
 *   <li>nodes no output depends on;
 *   <li>parameters no node refers to, so the generated class neither loads nor holds them.
 * </ul>
 *
 * A no-op node that is an output stays an output: the output keeps its name and
 * now names the operand's node. Inputs are kept in the graph's signature even when
 * nothing reads them, since callers pass them.
 */
public final class DeadCodeElimination implements Pass {
  @Override
  public String name() {
    return "dead-code-elimination";
  }

  @Override
  public IrGraph apply(IrGraph g) {
    GraphEditor e = new GraphEditor(g);
    for (IrNode n : g.nodes()) {
      if (isNoOp(n, e)) {
        e.forward(n.id(), n.inputs().get(0));
      }
    }
    return withoutUnusedParams(withoutDeadNodes(e.result()));
  }

  private static boolean isNoOp(IrNode n, GraphEditor e) {
    return switch (n.op()) {
      case Op.Activation a -> a.kind() == ActivationKind.IDENTITY || (a.kind() == ActivationKind.POW && a.alpha() == 1);
      case Op.Reshape r -> e.node(n.inputs().get(0)).shape().equals(n.shape());
      case Op.Transpose t -> t.permutation().equals(IntStream.range(0, t.permutation().size()).boxed().toList());
      case Op.Input i -> false;
      case Op.Param p -> false;
      case Op.Constant c -> false;
      case Op.MatMul m -> false;
      case Op.Gemm gemm -> false;
      case Op.Elementwise w -> false;
      case Op.Negate x -> false;
      case Op.Softmax s -> false;
      case Op.LayerNorm l -> false;
      case Op.Concat c -> false;
      case Op.Slice s -> false;
      case Op.Attention a -> false;
      case Op.Mse m -> false;
      case Op.Loss l -> false;
      case Op.Cast c -> false;
      case Op.Gather g -> false;
      case Op.Reduce r -> false;
      case Op.L2Normalize l -> false;
    };
  }

  /** Keeps the nodes some output depends on, walking back from the outputs. */
  private static IrGraph withoutDeadNodes(IrGraph g) {
    Map<Integer, IrNode> byId = g.byId();
    Set<Integer> live = new HashSet<>();
    List<Integer> work = new ArrayList<>(g.outputs().stream().map(IrGraph.Output::node).toList());
    while (!work.isEmpty()) {
      int id = work.remove(work.size() - 1);
      if (live.add(id)) {
        work.addAll(byId.get(id).inputs());
      }
    }
    if (live.size() == g.nodes().size()) {
      return g;
    }
    return g.withNodes(g.nodes().stream().filter(n -> live.contains(n.id())).toList(), g.outputs());
  }

  private static IrGraph withoutUnusedParams(IrGraph g) {
    Set<String> used = new HashSet<>();
    for (IrNode n : g.nodes()) {
      if (n.op() instanceof Op.Param p) {
        used.add(p.name());
      }
    }
    if (used.size() == g.params().size()) {
      return g;
    }
    return g.withParams(g.params().stream().filter(p -> used.contains(p.name())).toList());
  }
}
