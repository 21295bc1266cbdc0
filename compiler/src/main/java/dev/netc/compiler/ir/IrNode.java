package dev.netc.compiler.ir;

import dev.netc.compiler.shape.Shape;
import dev.netc.compiler.shape.TensorType;
import dev.netc.runtime.DType;

/**
 * One value of the IR: an op applied to earlier nodes, with its static type, element type and
 * shape (run-time dimensions stay symbols). {@code name} is readable and unique in its graph:
 * the spec's own name for a named node ({@code h}, {@code y_hat}), else the name of the
 * statement it belongs to and its op ({@code h_matmul}).
 */
public record IrNode(int id, String name, Op op, java.util.List<Integer> inputs, TensorType type) {
  public IrNode {
    inputs = java.util.List.copyOf(inputs);
    if (type.isUnknown()) {
      throw new IllegalArgumentException("node " + name + " has no type: only checked graphs become IR");
    }
  }

  public Shape shape() {
    return type.shape();
  }

  public DType dtype() {
    return type.dtype();
  }

  public IrNode withInputs(java.util.List<Integer> newInputs) {
    return new IrNode(id, name, op, newInputs, type);
  }

  public IrNode withOp(Op newOp) {
    return new IrNode(id, name, newOp, inputs, type);
  }
}
