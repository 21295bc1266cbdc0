package dev.netc.onnx;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A model read from an ONNX file.
 *
 * @param file where it was read from, as given (messages name it)
 * @param irVersion the format version the file declares
 * @param opsets the operator set version per domain; the default domain is {@code ""}
 */
public record OnnxModel(Path file, long irVersion, String producerName, String producerVersion,
    Map<String, Long> opsets, OnnxGraph graph) {
  public OnnxModel {
    opsets = Map.copyOf(opsets);
  }

  /** The version of the default ({@code ai.onnx}) operator set, if the model imports it. */
  public Optional<Long> defaultOpset() {
    Long v = opsets.get("");
    if (v == null) {
      v = opsets.get("ai.onnx");
    }
    return Optional.ofNullable(v);
  }
}
