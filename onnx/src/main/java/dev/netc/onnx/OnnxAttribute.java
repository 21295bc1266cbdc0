package dev.netc.onnx;

import java.util.List;

/** A node attribute, by the kind of value it holds. */
public sealed interface OnnxAttribute {
  String name();

  /** The ONNX name of the attribute's type, for messages: {@code INT}, {@code FLOATS}. */
  default String typeName() {
    return switch (this) {
      case FloatValue a -> "FLOAT";
      case IntValue a -> "INT";
      case StringValue a -> "STRING";
      case TensorValue a -> "TENSOR";
      case GraphValue a -> "GRAPH";
      case Floats a -> "FLOATS";
      case Ints a -> "INTS";
      case Strings a -> "STRINGS";
      case Other a -> a.type();
    };
  }

  record FloatValue(String name, float value) implements OnnxAttribute {}

  record IntValue(String name, long value) implements OnnxAttribute {}

  /** A string attribute, decoded as UTF-8. */
  record StringValue(String name, String value) implements OnnxAttribute {}

  record TensorValue(String name, OnnxTensor value) implements OnnxAttribute {}

  /** A subgraph ({@code If}, {@code Loop}, {@code Scan} bodies). */
  record GraphValue(String name, OnnxGraph value) implements OnnxAttribute {}

  record Floats(String name, List<Float> values) implements OnnxAttribute {
    public Floats {
      values = List.copyOf(values);
    }
  }

  record Ints(String name, List<Long> values) implements OnnxAttribute {
    public Ints {
      values = List.copyOf(values);
    }
  }

  record Strings(String name, List<String> values) implements OnnxAttribute {
    public Strings {
      values = List.copyOf(values);
    }
  }

  /** An attribute of a kind netc does not read (sparse tensors, type protos, lists of tensors or graphs). */
  record Other(String name, String type) implements OnnxAttribute {}
}
