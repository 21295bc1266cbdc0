package dev.netc.onnx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One operator application. An input name that is empty stands for an optional input left out.
 *
 * @param name the node's name; exporters usually give one ({@code /layer/MatMul}), and when the
 *     file has none, the reader names it {@code OpType_<index>}
 */
public record OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs,
    Map<String, OnnxAttribute> attributes) {
  public OnnxNode {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  public Optional<OnnxAttribute> attribute(String attributeName) {
    return Optional.ofNullable(attributes.get(attributeName));
  }

  /** Input {@code i}, or empty when the node has fewer inputs or leaves it out. */
  public Optional<String> input(int i) {
    return i < inputs.size() && !inputs.get(i).isEmpty() ? Optional.of(inputs.get(i)) : Optional.empty();
  }
}
