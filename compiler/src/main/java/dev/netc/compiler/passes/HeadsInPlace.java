package dev.netc.compiler.passes;

import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.shape.Dim;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Multi-head attention splits heads with {@code transpose(reshape(x @ Wq), [0, 2, 1, 3])} and
 * merges them back the same way: four passes over memory that only move elements. The
 * attention can read each head where the projection left it, in the {@code [N, T, heads, d]}
 * layout (rows {@code heads * d} apart), and write its result the same way, so:
 *
 * <ul>
 *   <li>an operand of a rank-4 attention that is such a transpose, read by nothing else and not
 *       an output, and whose leading axes are the attention's own (no broadcasting over them),
 *       is replaced by the transpose's operand, and the attention marks it
 *       {@linkplain Op.Heads interleaved};
 *   <li>an attention whose only user is such a transpose, and which is not an output itself,
 *       takes the transpose's place and type and marks its result interleaved.
 * </ul>
 *
 * The attention keeps its name. Runs after the passes that look through those transposes
 * (attention scale folding reaches the q projection through them).
 */
public final class HeadsInPlace implements Pass {
  private static final List<Integer> SWAP_HEADS = List.of(0, 2, 1, 3);

  @Override
  public String name() {
    return "heads-in-place";
  }

  @Override
  public IrGraph apply(IrGraph g) {
    GraphEditor e = new GraphEditor(g);
    for (IrNode n : g.nodes()) {
      if (n.op() instanceof Op.Attention a && n.shape().rank() == 4 && !a.interleaved().any()) {
        interleave(e, n, a);
      }
    }
    return e.result();
  }

  private static void interleave(GraphEditor e, IrNode n, Op.Attention a) {
    List<Dim> batch = n.shape().dims().subList(0, 2);
    List<Integer> operands = new ArrayList<>(n.inputs());
    boolean[] read = new boolean[3];
    for (int i = 0; i < 3; i++) {
      IrNode t = e.node(n.inputs().get(i));
      if (isHeadSwap(t) && e.singleUse(t.id()) && t.shape().dims().subList(0, 2).equals(batch)) {
        operands.set(i, t.inputs().get(0));
        read[i] = true;
      }
    }
    Optional<IrNode> merge = e.soleUser(n.id()).filter(HeadsInPlace::isHeadSwap);
    Op.Heads heads = new Op.Heads(read[0], read[1], read[2], merge.isPresent());
    if (!heads.any()) {
      return;
    }
    Op.Attention op = a.withHeads(heads);
    if (merge.isPresent()) {
      // The attention moves to where the merge was (its operands all come earlier) and computes its value.
      IrNode m = merge.get();
      e.replace(new IrNode(m.id(), n.name(), op, operands, m.type()));
      e.forward(n.id(), m.id());
    } else {
      e.replace(new IrNode(n.id(), n.name(), op, operands, n.type()));
    }
  }

  /** A transpose that swaps axes 1 and 2 of a rank-4 tensor: the split of [N, T, h, d] into heads, or its merge. */
  private static boolean isHeadSwap(IrNode n) {
    return n.op() instanceof Op.Transpose t && t.permutation().equals(SWAP_HEADS);
  }
}
