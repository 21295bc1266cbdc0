package dev.netc.compiler.interp;

import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The values of a network's run-time dimensions ({@code N}, {@code T}) for one
 * call, deduced from the shapes of the inputs it is given.
 *
 * <p>Each input's declared shape is matched axis by axis against the array's: a
 * fixed size must be equal, a bare symbol binds (or, once bound, must agree),
 * and a product such as {@code N*T} is checked once its symbols are known, or
 * solves for its one unknown symbol. Declaration order does not matter: matching
 * repeats until nothing new binds.
 *
 * @param values each symbol's size
 */
public record RuntimeDims(Map<String, Long> values) {
  public RuntimeDims {
    values = Map.copyOf(values);
  }

  /**
   * Deduces the run-time dimensions from {@code given}, validating it against the
   * declared inputs.
   *
   * @throws IllegalArgumentException naming the input, the expected shape (with the
   *     symbols known so far) and the shape found, when an input is missing, unknown,
   *     of the wrong rank or size, or when a symbol cannot be deduced
   */
  public static RuntimeDims bind(List<IrGraph.Input> declared, Map<String, Tensor> given) {
    checkNames(declared, given);
    Binding binding = new Binding();
    for (IrGraph.Input in : declared) {
      long[] found = given.get(in.name()).shape();
      if (found.length != in.shape().rank()) {
        throw binding.mismatch(in, found, "rank " + in.shape().rank() + " expected, found rank " + found.length);
      }
    }
    // A product such as N*T binds only once all but one of its symbols are known: repeat until nothing changes.
    boolean progress = true;
    while (progress) {
      progress = false;
      for (IrGraph.Input in : declared) {
        long[] found = given.get(in.name()).shape();
        for (int axis = 0; axis < found.length; axis++) {
          progress |= binding.match(in, found, axis);
        }
      }
    }
    for (IrGraph.Input in : declared) {
      for (Dim d : in.shape().dims()) {
        for (String s : d.symbols()) {
          if (!binding.values.containsKey(s)) {
            throw new IllegalArgumentException("input \"" + in.name() + "\": cannot deduce the run-time dimension "
                + s + " from its shape " + Shapes.text(given.get(in.name()).shape()) + " (declared " + in.shape() + ")");
          }
        }
      }
    }
    return new RuntimeDims(binding.values);
  }

  private static void checkNames(List<IrGraph.Input> declared, Map<String, Tensor> given) {
    List<String> names = declared.stream().map(IrGraph.Input::name).toList();
    for (IrGraph.Input in : declared) {
      if (!given.containsKey(in.name())) {
        throw new IllegalArgumentException("missing input \"" + in.name() + "\" of shape " + in.shape()
            + "; the network's inputs are " + String.join(", ", names));
      }
    }
    for (String name : new TreeSet<>(given.keySet())) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException(
            "unknown input \"" + name + "\"; the network's inputs are " + String.join(", ", names));
      }
    }
  }

  /** The symbols bound so far, and the input each was deduced from (for messages). */
  private static final class Binding {
    final Map<String, Long> values = new LinkedHashMap<>();
    final Map<String, String> boundBy = new LinkedHashMap<>();

    /**
     * Matches one axis: checks it when its size is known, binds its one unknown
     * symbol when it can; true when a symbol was bound.
     */
    boolean match(IrGraph.Input in, long[] found, int axis) {
      Dim d = in.shape().dim(axis);
      List<String> unknown = d.symbols().stream().filter(s -> !values.containsKey(s)).toList();
      long known = d.coefficient();
      for (String s : d.symbols()) {
        known *= values.getOrDefault(s, 1L);
      }
      if (unknown.isEmpty()) {
        if (known != found[axis]) {
          throw mismatch(in, found, "axis " + axis + " should be " + known);
        }
        return false;
      }
      if (unknown.size() > 1) {
        return false; // N*T with both unknown, or N*N: wait for another input to bind them
      }
      if (found[axis] < 1 || found[axis] % known != 0) {
        throw mismatch(in, found, "axis " + axis + " is " + d + ", which must be "
            + (found[axis] < 1 ? "at least 1" : "a multiple of " + known));
      }
      values.put(unknown.get(0), found[axis] / known);
      boundBy.put(unknown.get(0), in.name());
      return true;
    }

    IllegalArgumentException mismatch(IrGraph.Input in, long[] found, String why) {
      return new IllegalArgumentException("input \"" + in.name() + "\": expected shape " + expected(in.shape())
          + ", found " + Shapes.text(found) + " (" + why + ")");
    }

    /** {@code [N, 4]}, or {@code [N, 4] = [2, 4] with N = 2 (from input "x")} once its symbols are known. */
    private String expected(Shape shape) {
      TreeSet<String> symbols = new TreeSet<>();
      shape.dims().forEach(d -> symbols.addAll(d.symbols()));
      if (symbols.isEmpty() || !values.keySet().containsAll(symbols)) {
        return shape.toString();
      }
      List<String> parts = new ArrayList<>();
      for (String s : symbols) {
        parts.add(s + " = " + values.get(s) + " (from input \"" + boundBy.get(s) + "\")");
      }
      return shape + " = " + Shapes.text(new RuntimeDims(values).shape(shape)) + " with " + String.join(", ", parts);
    }
  }

  /** The value of a size. */
  public long size(Dim d) {
    long n = d.coefficient();
    for (String s : d.symbols()) {
      Long v = values.get(s);
      if (v == null) {
        throw new IllegalStateException("run-time dimension " + s + " is not bound");
      }
      n = Math.multiplyExact(n, v);
    }
    return n;
  }

  /** The concrete shape of a declared one. */
  public long[] shape(Shape s) {
    long[] out = new long[s.rank()];
    for (int axis = 0; axis < out.length; axis++) {
      out[axis] = size(s.dim(axis));
    }
    return out;
  }
}
