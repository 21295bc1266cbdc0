package dev.netc.compiler.check;

import dev.netc.runtime.DType;
import java.util.List;
import java.util.Optional;

/**
 * What the checker needs of a weights file: the names, element types and
 * shapes of its tensors, read from the header only.
 */
public interface WeightsCatalog {
  /** One tensor of the file, with the element type the file stores it in. */
  record Tensor(String name, DType dtype, List<Long> shape) {}

  Optional<Tensor> find(String name);

  List<String> names();
}
