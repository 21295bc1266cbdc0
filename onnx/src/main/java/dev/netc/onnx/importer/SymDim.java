package dev.netc.onnx.importer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A size as an import knows it: a whole number times a product of run-time dimensions
 * ({@code 384}, {@code N}, {@code 12*N*T}), the form a {@code .nn} shape can spell. Exporters
 * compute reshape targets from {@code Shape} at run time; carrying these through the shape
 * arithmetic lets those targets become constants such as {@code [N, T, 12, 32]}.
 */
record SymDim(long factor, List<String> symbols) {
  SymDim {
    List<String> sorted = new ArrayList<>(symbols);
    Collections.sort(sorted);
    symbols = List.copyOf(sorted);
  }

  static SymDim of(long n) {
    return new SymDim(n, List.of());
  }

  static SymDim symbol(String name) {
    return new SymDim(1, List.of(name));
  }

  boolean isFixed() {
    return symbols.isEmpty();
  }

  SymDim times(SymDim o) {
    List<String> s = new ArrayList<>(symbols);
    s.addAll(o.symbols);
    return new SymDim(Math.multiplyExact(factor, o.factor), s);
  }

  /** The exact quotient, when there is one. */
  Optional<SymDim> dividedBy(SymDim o) {
    if (o.factor == 0 || factor % o.factor != 0) {
      return Optional.empty();
    }
    List<String> s = new ArrayList<>(symbols);
    for (String sym : o.symbols) {
      if (!s.remove(sym)) {
        return Optional.empty();
      }
    }
    return Optional.of(new SymDim(factor / o.factor, s));
  }

  /** {@code 384}, {@code N}, {@code 12*N*T}: as a {@code .nn} size. */
  String text() {
    return text(java.util.Map.of());
  }

  /** As {@link #text()}, with a factor that has a {@code dim} name written as it: {@code heads*N}. */
  String text(java.util.Map<Long, String> names) {
    List<String> parts = new ArrayList<>();
    if (factor != 1 || symbols.isEmpty()) {
      parts.add(names.getOrDefault(factor, Long.toString(factor)));
    }
    parts.addAll(symbols);
    return String.join("*", parts);
  }

  @Override
  public String toString() {
    return text();
  }
}
