package dev.netc.compiler.shape;

import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a dimension's size was first written, and the named nodes it has
 * travelled through since. Diagnostics use it to point at the declaration
 * that really disagrees, which is often lines away from the failing operation.
 *
 * @param span the text that introduced the size (a dimension of a declared shape, a
 *     {@code dense} unit count, a literal)
 * @param what what that text is, e.g. {@code W2's shape}
 * @param path the names of the nodes the size flowed through, oldest first
 */
public record Origin(Span span, String what, List<String> path) {
  private static final int MAX_PATH = 8;

  public Origin {
    path = List.copyOf(path);
  }

  public static Origin at(Span span, String what) {
    return new Origin(span, what, List.of());
  }

  /** This origin, having flowed through the node {@code name}. */
  public Origin through(String name) {
    if (!path.isEmpty() && path.get(path.size() - 1).equals(name)) {
      return this;
    }
    List<String> longer = new ArrayList<>(path);
    longer.add(name);
    if (longer.size() > MAX_PATH) {
      longer = longer.subList(longer.size() - MAX_PATH, longer.size());
    }
    return new Origin(span, what, longer);
  }

  /** {@code W2's shape, through h1 -> h2}. */
  public String describe() {
    return path.isEmpty() ? what : what + ", through " + String.join(" -> ", path);
  }
}
