package dev.netc.compiler.shape;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape rules of {@code reshape} and {@code flatten}: the element count
 * is kept, at most one size is {@code -1} and is inferred.
 *
 * <p>A {@code -1} that would absorb a factor of a run-time axis
 * ({@code [N, 8, 8, 64] -> [-1, 1024]} makes {@code 4*N} rows) is an error here,
 * at the reshape: it silently mixes samples, and the mistake would otherwise
 * surface far away, as a wrong loss.
 */
public final class ReshapeRule {
  private ReshapeRule() {}

  /**
   * The shape of the reshape, or why there is none.
   *
   * @param target the sizes written, with null for {@code -1}
   * @param spans where each size was written
   */
  public static RuleResult<Shape> apply(Node operand, List<Dim> target, List<Span> spans, Span site) {
    Shape from = operand.type().shape();
    Dim total = from.elementCount();
    int inferred = -1;
    List<Dim> known = new ArrayList<>();
    for (int i = 0; i < target.size(); i++) {
      if (target.get(i) == null) {
        if (inferred >= 0) {
          return RuleResult.failed(Diagnostic.of(Code.RESHAPE_INFERRED_TWICE, spans.get(i))
              .related(spans.get(inferred), "the first -1 is here"));
        }
        inferred = i;
      } else {
        known.add(target.get(i));
      }
    }
    Dim product = Dim.product(known);
    String written = writtenShape(target);
    if (inferred < 0) {
      if (!product.equals(total)) {
        Diagnostic.Builder d = Diagnostic.of(Code.RESHAPE_COUNT, site, from, total.valueText(), written)
            .label(written + " holds " + product.valueText() + " elements");
        perSampleHint(operand, d);
        return RuleResult.failed(d);
      }
      return RuleResult.ok(new Shape(target));
    }
    var quotient = total.dividedBy(product);
    if (quotient.isEmpty()) {
      Diagnostic.Builder d = Diagnostic.of(Code.RESHAPE_COUNT, site, from, total.valueText(), written)
          .label(total.valueText() + " elements do not divide into rows of " + product.valueText());
      perSampleHint(operand, d);
      return RuleResult.failed(d);
    }
    Dim rest = quotient.get();
    if (!rest.isFixed() && rest.coefficient() != 1) {
      String symbol = rest.symbols().get(0);
      return RuleResult.failed(Diagnostic.of(Code.RESHAPE_BATCH, site, "reshape to " + written, symbol)
          .label("the -1 becomes " + rest.valueText() + ": " + rest.coefficient() + " rows for each " + symbol)
          .related(spans.get(inferred), "this -1 absorbs a factor of " + rest.coefficient() + " from the other axes")
          .note(from + " holds " + total.valueText() + " elements; rows made from parts of different samples mix them")
          .help(flattenAdvice(operand)));
    }
    List<Dim> result = new ArrayList<>(target);
    result.set(inferred, rest);
    return RuleResult.ok(new Shape(result));
  }

  private static void perSampleHint(Node operand, Diagnostic.Builder d) {
    Shape from = operand.type().shape();
    if (from.rank() >= 2 && !from.dim(0).isFixed()) {
      d.note("each sample holds " + Dim.product(from.dims().subList(1, from.rank())).valueText() + " elements");
      d.help(flattenAdvice(operand));
    }
  }

  /**
   * Advice that keeps every leading run-time axis ({@code [N, T, ...]} stays {@code [N, T, -1]}):
   * folding the sequence into the features, {@code [N, T*256]}, would drop an axis the layers after
   * it expect. It names the tensor as written.
   */
  private static String flattenAdvice(Node operand) {
    Shape from = operand.type().shape();
    String x = operand.span().text().strip();
    int runtime = 0;
    while (runtime < from.rank() && !from.dim(runtime).isFixed()) {
      runtime++;
    }
    if (runtime == 0 || runtime == from.rank()) {
      return "check the sizes; the element count must stay the same";
    }
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < runtime; i++) {
      kept.add(from.dim(i).toString());
    }
    Dim rest = Dim.product(from.dims().subList(runtime, from.rank()));
    String axes = runtime == 1 ? "the batch axis" : "the run-time axes " + String.join(", ", kept);
    String shape = "[" + String.join(", ", kept) + ", " + rest.valueText() + "]";
    return "keep " + axes + ": reshape(" + x + ", [" + String.join(", ", kept) + ", -1])"
        + (runtime == 1 ? " or flatten(" + x + ")" : "") + " gives " + shape
        + (runtime > 1 ? "; to split it (into heads, say), name every size: [" + String.join(", ", kept)
            + ", h, d] with h * d = " + rest.valueText() : "");
  }

  private static String writtenShape(List<Dim> target) {
    List<String> parts = new ArrayList<>();
    for (Dim d : target) {
      parts.add(d == null ? "-1" : d.toString());
    }
    return "[" + String.join(", ", parts) + "]";
  }

  /** {@code flatten(x, start)}: the axes from {@code start} on become one. */
  public static Shape flatten(Shape from, int start) {
    List<Dim> dims = new ArrayList<>(from.dims().subList(0, start));
    dims.add(Dim.product(from.dims().subList(start, from.rank())));
    return new Shape(dims);
  }
}
