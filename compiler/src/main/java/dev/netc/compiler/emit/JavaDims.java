package dev.netc.compiler.emit;

import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sizes as Java expressions: a fixed size is a literal, a run-time one the
 * product of the {@code forward} parameters that carry its symbols.
 */
final class JavaDims {
  private final Map<String, String> symbols;

  /** @param symbols each run-time dimension symbol and the Java variable holding it */
  JavaDims(Map<String, String> symbols) {
    this.symbols = symbols;
  }

  /** An {@code int} expression for {@code d}. */
  String of(Dim d) {
    List<String> factors = new ArrayList<>();
    if (d.coefficient() != 1 || d.symbols().isEmpty()) {
      factors.add(Long.toString(d.coefficient()));
    }
    for (String s : d.symbols()) {
      factors.add(symbols.get(s));
    }
    return String.join(" * ", factors);
  }

  /** A {@code long} expression for {@code d}, for sizes that are checked before use. */
  String ofLong(Dim d) {
    if (d.isFixed()) {
      return d.value() + "L";
    }
    String e = of(d);
    return d.coefficient() != 1 ? e.replaceFirst("^(\\d+)", "$1L") : "(long) " + e;
  }

  /** The product of {@code dims[from, to)}. */
  static Dim product(Shape s, int from, int to) {
    return Dim.product(s.dims().subList(from, to));
  }
}
