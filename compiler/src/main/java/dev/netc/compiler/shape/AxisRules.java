package dev.netc.compiler.shape;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Diagnostics;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;

/** Shape rules of the operations that rearrange axes: transpose, concat, slice, and axis arguments. */
public final class AxisRules {
  private AxisRules() {}

  /** The axis {@code axis} of a rank-{@code rank} tensor as a non-negative index, or -1 after reporting. */
  public static int axis(long axis, int rank, Span span, Diagnostics out) {
    if (axis < -rank || axis >= rank) {
      out.report(Diagnostic.of(Code.AXIS, span, axis, rank)
          .label(rank == 0 ? "a scalar has no axes" : "valid axes are " + -rank + " to " + (rank - 1)));
      return -1;
    }
    return (int) (axis < 0 ? axis + rank : axis);
  }

  /** {@code transpose(x, axes)}: result axis i is operand axis {@code axes[i]}. */
  public static Shape transpose(Shape from, List<Long> axes, Span span, Diagnostics out) {
    if (axes.size() != from.rank()) {
      out.report(Diagnostic.of(Code.BAD_AXES, span,
              "transpose needs " + from.rank() + " axes for a tensor of rank " + from.rank() + ", found " + axes.size())
          .label("the operand is " + from));
      return null;
    }
    boolean[] seen = new boolean[from.rank()];
    List<Dim> dims = new ArrayList<>();
    for (long a : axes) {
      int i = a < 0 ? (int) (a + from.rank()) : (int) a;
      if (a < -from.rank() || a >= from.rank() || seen[i]) {
        out.report(Diagnostic.of(Code.BAD_AXES, span,
                "transpose axes " + axes + " are not a permutation of the axes 0 to " + (from.rank() - 1))
            .label(seen.length > 0 && a >= -from.rank() && a < from.rank() ? "axis " + a + " appears twice" : "axis " + a + " does not exist"));
        return null;
      }
      seen[i] = true;
      dims.add(from.dims().get(i));
    }
    return new Shape(dims);
  }

  /** {@code concat([a, b, ...], axis)}: equal shapes except along {@code axis}, whose sizes add up. */
  public static Shape concat(List<Node> parts, long axisArg, Span axisSpan, Span site, Diagnostics out) {
    Shape first = parts.get(0).type().shape();
    int axis = axis(axisArg, first.rank(), axisSpan, out);
    if (axis < 0) {
      return null;
    }
    long sum = 0;
    for (Node part : parts) {
      Shape s = part.type().shape();
      if (s.rank() != first.rank()) {
        out.report(Diagnostic.of(Code.CONCAT, part.span(), first, s, axis)
            .label("rank " + s.rank() + ", but the first part has rank " + first.rank()));
        return null;
      }
      for (int i = 0; i < s.rank(); i++) {
        if (i != axis && !s.dim(i).equals(first.dim(i))) {
          out.report(Diagnostic.of(Code.CONCAT, part.span(), first, s, axis)
              .label("axis " + i + " is " + s.dim(i) + " here but " + first.dim(i) + " in the first part")
              .note("all parts must match on every axis except the one they are joined along"));
          return null;
        }
      }
    }
    for (Node part : parts) {
      Shape s = part.type().shape();
      Dim d = s.dim(axis);
      if (!d.isFixed()) {
        out.report(Diagnostic.of(Code.CONCAT, site, first, parts.get(parts.size() - 1).type().shape(), axis)
            .label("axis " + axis + " is the run-time size " + d + "; only fixed axes can be joined")
            .help("join along a fixed axis, e.g. the features (axis=-1)"));
        return null;
      }
      sum = Math.addExact(sum, d.value());
    }
    return first.with(axis, Dim.of(sum));
  }

  /**
   * One index item of {@code x[...]}: a range {@code start:end} (nulls for omitted
   * bounds) or a single position. Negative positions count from the end, as in NumPy;
   * unlike NumPy, a bound out of range is an error rather than silently clamped.
   */
  public record IndexItem(Long start, Long end, boolean range, Span span) {}

  public static Node.AxisRange slice(Dim size, IndexItem item, int axis, Diagnostics out) {
    boolean whole = item.range() && item.start() == null && item.end() == null;
    if (whole) {
      return new Node.AxisRange(0, size.isFixed() ? size.value() : -1, true, false);
    }
    if (!size.isFixed()) {
      out.report(Diagnostic.of(Code.SLICE, item.span(), "axis " + axis + " is the run-time size " + size + " and can only be taken whole")
          .label("use `:` for this axis"));
      return null;
    }
    long n = size.value();
    if (!item.range()) {
      long i = item.start() < 0 ? item.start() + n : item.start();
      if (i < 0 || i >= n) {
        out.report(Diagnostic.of(Code.SLICE, item.span(), "index " + item.start() + " is out of range for axis " + axis + " of size " + n)
            .label("valid positions are " + -n + " to " + (n - 1)));
        return null;
      }
      return new Node.AxisRange(i, i + 1, false, true);
    }
    long start = item.start() == null ? 0 : item.start() < 0 ? item.start() + n : item.start();
    long end = item.end() == null ? n : item.end() < 0 ? item.end() + n : item.end();
    if (start < 0 || end > n || start >= end) {
      out.report(Diagnostic.of(Code.SLICE, item.span(),
              "slice " + item.span().text().strip() + " is empty or out of range for axis " + axis + " of size " + n)
          .label(start >= end ? "it selects nothing" : "bounds must lie within 0 and " + n));
      return null;
    }
    return new Node.AxisRange(start, end, false, false);
  }
}
