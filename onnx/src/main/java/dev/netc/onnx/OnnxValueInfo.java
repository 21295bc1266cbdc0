package dev.netc.onnx;

import java.util.List;
import java.util.Optional;

/**
 * A value's declared type: its element type and shape, when the file gives them. A graph input
 * of a non-tensor type (a sequence, a map) has no element type.
 *
 * @param shape empty when the file leaves the rank unknown
 */
public record OnnxValueInfo(String name, Optional<OnnxDataType> elementType, Optional<List<Dim>> shape) {
  public OnnxValueInfo {
    shape = shape.map(List::copyOf);
  }

  /** One axis: a fixed size, a named symbolic size, or unknown. */
  public sealed interface Dim {
    record Fixed(long size) implements Dim {
      @Override
      public String toString() {
        return Long.toString(size);
      }
    }

    record Symbolic(String name) implements Dim {
      @Override
      public String toString() {
        return name;
      }
    }

    record Unknown() implements Dim {
      @Override
      public String toString() {
        return "?";
      }
    }
  }
}
