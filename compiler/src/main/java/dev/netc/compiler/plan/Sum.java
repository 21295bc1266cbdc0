package dev.netc.compiler.plan;

import dev.netc.compiler.shape.Dim;
import java.util.ArrayList;
import java.util.List;

/**
 * A sum of sizes, each a number times run-time dimensions ({@code 64 * T + 16 * T * T}): an
 * offset into an array, or a size that is not one product. Fixed terms are added up.
 */
public record Sum(List<Dim> terms) {
  public static final Sum ZERO = new Sum(List.of());

  public Sum {
    long fixed = 0;
    List<Dim> symbolic = new ArrayList<>();
    for (Dim d : terms) {
      if (d.isFixed()) {
        fixed = Math.addExact(fixed, d.value());
      } else {
        symbolic.add(d);
      }
    }
    List<Dim> all = new ArrayList<>(symbolic);
    if (fixed != 0) {
      all.add(Dim.of(fixed));
    }
    terms = List.copyOf(all);
  }

  public static Sum of(Dim... terms) {
    return new Sum(List.of(terms));
  }

  public Sum plus(Dim term) {
    List<Dim> all = new ArrayList<>(terms);
    all.add(term);
    return new Sum(all);
  }

  public boolean isZero() {
    return terms.isEmpty();
  }
}
