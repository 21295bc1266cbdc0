package dev.netc.compiler.shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The size of one axis: a positive integer times a product of run-time
 * dimensions ({@code 784}, {@code N}, {@code 4*N}, {@code N*T}).
 *
 * <p>Run-time dimensions (the batch {@code N}, a sequence length {@code T})
 * are symbols that stand for themselves: {@code N} equals {@code N} and nothing
 * else, never a number. Named fixed sizes ({@code dim d_model = 256}) are
 * numbers that remember their name for messages.
 *
 * <p>Equality is by value only; the display label and the {@link Origin} are
 * carried along for diagnostics.
 */
public final class Dim {
  private final long coefficient;
  private final List<String> symbols;
  private final String label;
  private final Origin origin;

  private Dim(long coefficient, List<String> symbols, String label, Origin origin) {
    if (coefficient < 0) {
      throw new IllegalArgumentException("negative dimension " + coefficient);
    }
    this.coefficient = coefficient;
    this.symbols = symbols;
    this.label = label;
    this.origin = origin;
  }

  public static Dim of(long size) {
    return new Dim(size, List.of(), null, null);
  }

  /** A fixed size with a name, from {@code dim name = size}. */
  public static Dim named(String name, long size) {
    return new Dim(size, List.of(), name, null);
  }

  /** A run-time dimension. */
  public static Dim symbol(String name) {
    return new Dim(1, List.of(name), null, null);
  }

  public boolean isFixed() {
    return symbols.isEmpty();
  }

  public boolean isOne() {
    return isFixed() && coefficient == 1;
  }

  /** The size, for a fixed dimension. */
  public long value() {
    if (!isFixed()) {
      throw new IllegalStateException(this + " is a run-time dimension");
    }
    return coefficient;
  }

  public long coefficient() {
    return coefficient;
  }

  /** The run-time symbols this size is a product of, sorted. */
  public List<String> symbols() {
    return symbols;
  }

  public Optional<String> label() {
    return Optional.ofNullable(label);
  }

  public Optional<Origin> origin() {
    return Optional.ofNullable(origin);
  }

  public Dim withOrigin(Origin origin) {
    return new Dim(coefficient, symbols, label, origin);
  }

  public Dim withLabel(String label) {
    return new Dim(coefficient, symbols, label, origin);
  }

  /** The same size, having flowed through the node {@code name}. */
  public Dim through(String name) {
    return origin == null ? this : withOrigin(origin.through(name));
  }

  /** The product; throws ArithmeticException past {@code long}. */
  public Dim times(Dim other) {
    List<String> product = new ArrayList<>(symbols);
    product.addAll(other.symbols);
    Collections.sort(product);
    return new Dim(Math.multiplyExact(coefficient, other.coefficient), List.copyOf(product), null, null);
  }

  /** The exact quotient, when there is one: {@code 4*N / 4 = N}, {@code N / 2} has none. */
  public Optional<Dim> dividedBy(Dim divisor) {
    if (divisor.coefficient == 0 || coefficient % divisor.coefficient != 0) {
      return Optional.empty();
    }
    List<String> rest = new ArrayList<>(symbols);
    for (String s : divisor.symbols) {
      if (!rest.remove(s)) {
        return Optional.empty();
      }
    }
    return Optional.of(new Dim(coefficient / divisor.coefficient, List.copyOf(rest), null, null));
  }

  /** The product of a list of dimensions (1 for none). */
  public static Dim product(List<Dim> dims) {
    Dim p = of(1);
    for (Dim d : dims) {
      p = p.times(d);
    }
    return p;
  }

  /** The size as a number when fixed, its expression otherwise; never the label. */
  public String valueText() {
    if (symbols.isEmpty()) {
      return Long.toString(coefficient);
    }
    String product = String.join("*", symbols);
    return coefficient == 1 ? product : coefficient + "*" + product;
  }

  /** The label if it has one ({@code d_model}), else {@link #valueText()}. */
  @Override
  public String toString() {
    return label != null ? label : valueText();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dim d && d.coefficient == coefficient && d.symbols.equals(symbols);
  }

  @Override
  public int hashCode() {
    return Objects.hash(coefficient, symbols);
  }

  /** A number with thousands separators, for element counts in messages. */
  static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
