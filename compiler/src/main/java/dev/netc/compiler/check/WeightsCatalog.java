package dev.netc.compiler.check;

import java.util.List;
import java.util.Optional;

/**
 * What the checker needs of a weights file: the names, element types and
 * shapes of its tensors, read from the header only.
 */
public interface WeightsCatalog {
  /**
   * One tensor of the file; {@code dtype} as the file spells it, e.g. {@code F32}. A file
   * holding a type that does not convert to f32 is rejected whole, when it is opened.
   */
  record Tensor(String name, String dtype, List<Long> shape) {}

  Optional<Tensor> find(String name);

  List<String> names();
}
