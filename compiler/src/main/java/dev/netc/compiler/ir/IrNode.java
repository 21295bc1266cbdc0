package dev.netc.compiler.ir;

import dev.netc.compiler.shape.Shape;
import java.util.List;

/**
 * One value of the IR: an op applied to earlier nodes, with its static shape
 * (run-time dimensions stay symbols). {@code name} is readable and unique in its
 * graph: the spec's own name for a named node ({@code h}, {@code y_hat}), else the
 * name of the statement it belongs to and its op ({@code h_matmul}).
 */
public record IrNode(int id, String name, Op op, List<Integer> inputs, Shape shape) {
  public IrNode {
    inputs = List.copyOf(inputs);
  }

  public IrNode withInputs(List<Integer> newInputs) {
    return new IrNode(id, name, op, newInputs, shape);
  }

  public IrNode withOp(Op newOp) {
    return new IrNode(id, name, newOp, inputs, shape);
  }
}
