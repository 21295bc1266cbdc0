package dev.netc.compiler.check;

import dev.netc.compiler.graph.Node;
import dev.netc.compiler.shape.TensorType;

/** A node with another type of the same shape: how a named node's dimensions record the name they passed. */
final class Retype {
  private Retype() {}

  static Node with(Node n, TensorType t) {
    return switch (n) {
      case Node.Input x -> new Node.Input(x.name(), t, x.span());
      case Node.Param x -> new Node.Param(x.name(), t, x.span());
      case Node.Ref x -> new Node.Ref(x.name(), t, x.span());
      case Node.Constant x -> new Node.Constant(x.value(), t, x.span());
      case Node.MatMul x -> new Node.MatMul(x.left(), x.right(), t, x.span());
      case Node.Elementwise x -> new Node.Elementwise(x.op(), x.left(), x.right(), t, x.span());
      case Node.Negate x -> new Node.Negate(x.operand(), t, x.span());
      case Node.Activation x -> new Node.Activation(x.kind(), x.operand(), x.alpha(), t, x.span());
      case Node.Softmax x -> new Node.Softmax(x.operand(), x.axis(), x.log(), t, x.span());
      case Node.LayerNorm x -> new Node.LayerNorm(x.operand(), x.gamma(), x.beta(), x.epsilon(), t, x.span());
      case Node.Transpose x -> new Node.Transpose(x.operand(), x.permutation(), t, x.span());
      case Node.Reshape x -> new Node.Reshape(x.operand(), t, x.span());
      case Node.Concat x -> new Node.Concat(x.operands(), x.axis(), t, x.span());
      case Node.Slice x -> new Node.Slice(x.operand(), x.ranges(), t, x.span());
      case Node.Attention x -> new Node.Attention(x.query(), x.key(), x.value(), x.mask(), x.causal(), t, x.span());
      case Node.Mse x -> new Node.Mse(x.left(), x.right(), t, x.span());
      case Node.Loss x -> new Node.Loss(x.kind(), x.prediction(), x.target(), t, x.span());
      case Node.Cast x -> new Node.Cast(x.operand(), t, x.span());
      case Node.Gather x -> new Node.Gather(x.operand(), x.index(), x.axis(), x.fromEnd(), t, x.span());
      case Node.Reduce x -> new Node.Reduce(x.kind(), x.operand(), x.axes(), x.keepdims(), t, x.span());
      case Node.L2Normalize x -> new Node.L2Normalize(x.operand(), x.axis(), x.epsilon(), t, x.span());
      case Node.Invalid x -> x;
    };
  }
}
