package dev.netc.compiler.shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sum of {@link Dim} products, for costs that depend on run-time sizes:
 * FLOPs per sample of a network whose sequence length {@code T} is not fixed
 * come out as e.g. {@code 1,048,576*T + 1,024*T*T}.
 */
public final class Polynomial {
  private final Map<List<String>, Long> terms = new TreeMap<>(Polynomial::compareMonomials);

  public static Polynomial zero() {
    return new Polynomial();
  }

  public Polynomial add(Dim monomial, long times) {
    if (monomial.coefficient() == 0 || times == 0) {
      return this;
    }
    terms.merge(monomial.symbols(), Math.multiplyExact(monomial.coefficient(), times), Math::addExact);
    return this;
  }

  public Polynomial add(Polynomial other) {
    other.terms.forEach((k, v) -> terms.merge(k, v, Math::addExact));
    return this;
  }

  /** This cost per unit of {@code symbol}: each term's power of it goes down by one where it has one. */
  public Polynomial per(String symbol) {
    Polynomial out = new Polynomial();
    terms.forEach((k, v) -> {
      List<String> rest = new ArrayList<>(k);
      rest.remove(symbol);
      out.terms.merge(List.copyOf(rest), v, Math::addExact);
    });
    return out;
  }

  /** The value when every symbol is fixed, or -1. */
  public long constant() {
    if (terms.isEmpty()) {
      return 0;
    }
    if (terms.size() == 1 && terms.containsKey(List.of())) {
      return terms.get(List.of());
    }
    return -1;
  }

  @Override
  public String toString() {
    if (terms.isEmpty()) {
      return "0";
    }
    List<String> parts = new ArrayList<>();
    terms.forEach((k, v) -> {
      String c = String.format(Locale.ROOT, "%,d", v);
      parts.add(k.isEmpty() ? c : (v == 1 ? "" : c + "*") + String.join("*", k));
    });
    return String.join(" + ", parts);
  }

  private static int compareMonomials(List<String> a, List<String> b) {
    if (a.size() != b.size()) {
      return Integer.compare(b.size(), a.size());
    }
    for (int i = 0; i < a.size(); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
