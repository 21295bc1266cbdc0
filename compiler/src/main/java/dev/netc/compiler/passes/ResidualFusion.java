package dev.netc.compiler.passes;

import dev.netc.runtime.ops.ArithOp;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a residual connection into the Gemm that produces the other summand:
 * {@code r + Gemm(...)} (either order) becomes {@code Gemm(..., residual r)},
 * which adds {@code r} in the same store that writes the layer's output, instead
 * of a second pass over memory. A transformer's {@code x + attention @ Wo + bo}
 * and {@code h + ffn @ W2 + b2} are the cases it is for.
 *
 * <p>The residual must have the Gemm's shape exactly (a broadcast add would read
 * it with other strides) and the Gemm must feed only the add. The fused node takes
 * the add's id, name and place, after both summands. It runs after the passes that
 * change a Gemm's weights or scale, which would have to carry the residual along.
 */
public final class ResidualFusion implements Pass {
  @Override
  public String name() {
    return "residual-fusion";
  }

  @Override
  public IrGraph apply(IrGraph g) {
    GraphEditor e = new GraphEditor(g);
    for (IrNode add : g.nodes()) {
      if (!(add.op() instanceof Op.Elementwise w) || w.op() != ArithOp.ADD) {
        continue;
      }
      for (int side = 0; side < 2; side++) {
        IrNode gemm = e.current(add.inputs().get(side));
        IrNode residual = e.current(add.inputs().get(1 - side));
        if (gemm.op() instanceof Op.Gemm op && !op.hasResidual() && e.singleUse(gemm.id()) && !e.isOutput(gemm.id())
            && gemm.id() != residual.id() && residual.shape().equals(add.shape()) && gemm.shape().equals(add.shape())) {
          List<Integer> operands = new ArrayList<>(gemm.inputs());
          operands.add(residual.id());
          Op.Gemm fused = new Op.Gemm(op.transposed(), op.hasBias(), op.activation(), op.alpha(), op.scale(), true);
          e.replace(new IrNode(add.id(), add.name(), fused, operands, add.type()));
          e.forward(gemm.id(), add.id());
          break;
        }
      }
    }
    return e.result();
  }
}
