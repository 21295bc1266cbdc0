package dev.netc.onnx;

import java.util.List;

/**
 * A graph: its nodes in the file's (topological) order, its initializers (constant tensors), and
 * the declared types of its inputs, outputs and intermediate values. An input that has an
 * initializer of the same name is a constant with a default, not a value the caller gives.
 */
public record OnnxGraph(String name, List<OnnxNode> nodes, List<OnnxTensor> initializers, List<OnnxValueInfo> inputs,
    List<OnnxValueInfo> outputs, List<OnnxValueInfo> valueInfos) {
  public OnnxGraph {
    nodes = List.copyOf(nodes);
    initializers = List.copyOf(initializers);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    valueInfos = List.copyOf(valueInfos);
  }
}
