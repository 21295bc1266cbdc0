package dev.netc.compiler.shape;

import dev.netc.compiler.diag.Edit;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Wording shared by the shape rules: how operands, bindings and origins read in messages. */
public final class Describe {
  private Describe() {}

  /** The operand as the user wrote it, shortened: {@code W2}, {@code h @ W2 + b}. */
  public static String operand(Node node) {
    String text = node.span().text().replaceAll("\\s+", " ").strip();
    return text.length() > 32 ? text.substring(0, 29) + "..." : text;
  }

  /** {@code where d_k = 64, d_model = 256} for the named sizes in these shapes, or null. */
  public static String bindings(Shape... shapes) {
    Map<String, String> named = new LinkedHashMap<>();
    for (Shape s : shapes) {
      if (s == null) {
        continue;
      }
      for (Dim d : s.dims()) {
        d.label().ifPresent(label -> named.putIfAbsent(label, d.valueText()));
      }
    }
    if (named.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    named.forEach((k, v) -> parts.add(k + " = " + v));
    return "where " + String.join(", ", parts);
  }

  /** {@code the 4 comes from W2's shape, through h2}, or null when the size has no origin. */
  public static String origin(Dim dim) {
    return dim.origin().map(o -> "the " + dim.valueText() + " comes from " + o.describe()).orElse(null);
  }

  /** The span where a dimension was written, if known. */
  public static Span originSpan(Dim dim) {
    return dim.origin().map(Origin::span).orElse(null);
  }

  /** Whether the node's source text needs parentheses before a postfix such as {@code .T}. */
  public static boolean needsParens(Node node) {
    return node instanceof Node.MatMul || node instanceof Node.Elementwise || node instanceof Node.Negate;
  }

  /** A fix that appends {@code .T} to the operand, wrapping it in parentheses when needed. */
  public static Fix transposeFix(String message, Node operand) {
    Span s = operand.span();
    String text = operand(operand);
    String title = "Transpose " + (text.matches("[A-Za-z_][A-Za-z_0-9]*") ? text : "`" + text + "`");
    if (needsParens(operand)) {
      return new Fix(message, title, List.of(
          new Edit(new Span(s.file(), s.start(), s.start()), "("),
          new Edit(new Span(s.file(), s.end(), s.end()), ").T")));
    }
    return new Fix(message, title, List.of(new Edit(new Span(s.file(), s.end(), s.end()), ".T")));
  }
}
