package dev.netc.compiler.shape;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code sum}, {@code mean} and {@code max} over axes: the result drops the reduced axes, or
 * keeps each as a 1 with {@code keepdims}. Any axis may be reduced, run-time ones included.
 */
public final class ReduceRule {
  private ReduceRule() {}

  /** The reduced axes, non-negative and ascending, and the result's shape. */
  public record Reduced(List<Integer> axes, Shape shape) {
    public Reduced {
      axes = List.copyOf(axes);
    }
  }

  /**
   * Reduces {@code from} over {@code axes} as written (negative ones counting from the end), each
   * with its span for the diagnostics: one out of range is NN0310, one named twice NN0340.
   */
  public static RuleResult<Reduced> apply(String op, Shape from, List<Long> axes, List<Span> spans,
      boolean keepdims) {
    TreeSet<Integer> seen = new TreeSet<>();
    for (int i = 0; i < axes.size(); i++) {
      RuleResult<Integer> axis = AxisRules.axis(axes.get(i), from.rank(), spans.get(i));
      if (!(axis instanceof RuleResult.Ok<Integer> ok)) {
        return new RuleResult.Failed<>(((RuleResult.Failed<Integer>) axis).error());
      }
      int a = ok.value();
      if (!seen.add(a)) {
        Diagnostic.Builder d = Diagnostic.of(Code.REPEATED_AXIS, spans.get(i), op, a)
            .label(axes.get(i) < 0 ? "axis " + axes.get(i) + " is axis " + a + " of " + from : "named again here");
        int first = firstMention(axes, from.rank(), a);
        d.related(spans.get(first), "first named here");
        return RuleResult.failed(d);
      }
    }
    List<Dim> dims = new ArrayList<>();
    for (int i = 0; i < from.rank(); i++) {
      if (!seen.contains(i)) {
        dims.add(from.dim(i));
      } else if (keepdims) {
        dims.add(Dim.of(1));
      }
    }
    return RuleResult.ok(new Reduced(new ArrayList<>(seen), new Shape(dims)));
  }

  private static int firstMention(List<Long> axes, int rank, int axis) {
    for (int i = 0; i < axes.size(); i++) {
      long a = axes.get(i);
      if ((a < 0 ? a + rank : a) == axis) {
        return i;
      }
    }
    throw new IllegalStateException("axis " + axis + " is not in " + axes);
  }
}
