package dev.netc.compiler.shape;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Edit;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Shape rules of the operations that rearrange axes: transpose, concat, slice, and axis arguments. */
public final class AxisRules {
  private AxisRules() {}

  /** The axis {@code axis} of a rank-{@code rank} tensor as a non-negative index. */
  public static RuleResult<Integer> axis(long axis, int rank, Span span) {
    if (axis < -rank || axis >= rank) {
      return RuleResult.failed(Diagnostic.of(Code.AXIS, span, axis, rank)
          .label(rank == 0 ? "a scalar has no axes" : "valid axes are " + -rank + " to " + (rank - 1)));
    }
    return RuleResult.ok((int) (axis < 0 ? axis + rank : axis));
  }

  /** {@code transpose(x, axes)}: result axis i is operand axis {@code axes[i]}. */
  public static RuleResult<Shape> transpose(Shape from, List<Long> axes, Span span) {
    if (axes.size() != from.rank()) {
      return RuleResult.failed(Diagnostic.of(Code.TRANSPOSE_RANK, span, from.rank(), from.rank(), axes.size())
          .label("the operand is " + from));
    }
    boolean[] seen = new boolean[from.rank()];
    List<Dim> dims = new ArrayList<>();
    for (long a : axes) {
      boolean exists = a >= -from.rank() && a < from.rank();
      int i = exists ? (int) (a < 0 ? a + from.rank() : a) : -1;
      if (!exists || seen[i]) {
        return RuleResult.failed(Diagnostic.of(Code.BAD_AXES, span, axes, from.rank() - 1)
            .label(exists ? "axis " + a + " appears twice" : "axis " + a + " does not exist"));
      }
      seen[i] = true;
      dims.add(from.dims().get(i));
    }
    return RuleResult.ok(new Shape(dims));
  }

  /** {@code concat([a, b, ...], axis)}: equal shapes except along {@code axis}, whose sizes add up. */
  public static RuleResult<Shape> concat(List<Node> parts, long axisArg, Span axisSpan, Span site) {
    Shape first = parts.get(0).type().shape();
    return axis(axisArg, first.rank(), axisSpan).then(axis -> concatAlong(parts, axis, site));
  }

  private static RuleResult<Shape> concatAlong(List<Node> parts, int axis, Span site) {
    Shape first = parts.get(0).type().shape();
    for (Node part : parts) {
      Shape s = part.type().shape();
      if (s.rank() != first.rank()) {
        return RuleResult.failed(Diagnostic.of(Code.CONCAT, part.span(), first, s, axis)
            .label("rank " + s.rank() + ", but the first part has rank " + first.rank()));
      }
      for (int i = 0; i < s.rank(); i++) {
        if (i != axis && !s.dim(i).equals(first.dim(i))) {
          return RuleResult.failed(Diagnostic.of(Code.CONCAT, part.span(), first, s, axis)
              .label("axis " + i + " is " + s.dim(i) + " here but " + first.dim(i) + " in the first part")
              .note("all parts must match on every axis except the one they are joined along"));
        }
      }
    }
    long sum = 0;
    for (Node part : parts) {
      Dim d = part.type().shape().dim(axis);
      if (!d.isFixed()) {
        return RuleResult.failed(Diagnostic.of(Code.CONCAT, site, first, parts.get(parts.size() - 1).type().shape(), axis)
            .label("axis " + axis + " is the run-time size " + d + "; only fixed axes can be joined")
            .help("join along a fixed axis, e.g. the features (axis=-1)"));
      }
      sum = Math.addExact(sum, d.value());
    }
    return RuleResult.ok(first.with(axis, Dim.of(sum)));
  }

  /**
   * One index item of {@code x[...]}: a range {@code start:end} (nulls for omitted
   * bounds) or a single position. Negative positions count from the end, as in NumPy;
   * unlike NumPy, a bound out of range is an error rather than silently clamped.
   */
  public record IndexItem(Long start, Long end, boolean range, Span span, Optional<Dim> runtimeEnd) {
    public IndexItem(Long start, Long end, boolean range, Span span) {
      this(start, end, range, span, Optional.empty());
    }

    /** A range {@code start:end} whose end is a size of run-time dimensions ({@code :T}, {@code 0:2*T}). */
    public static IndexItem upTo(Long start, Dim end, Span span) {
      return new IndexItem(start, null, true, span, Optional.of(end));
    }
  }

  /** What {@code item} keeps of axis {@code axis} of size {@code size}. */
  public static RuleResult<Node.AxisRange> slice(Dim size, IndexItem item, int axis) {
    if (item.runtimeEnd().isPresent()) {
      return upTo(size, item, item.runtimeEnd().get(), axis);
    }
    boolean whole = item.range() && item.start() == null && item.end() == null;
    if (whole) {
      return RuleResult.ok(new Node.AxisRange(0, size.isFixed() ? size.value() : -1, true, false));
    }
    if (!size.isFixed()) {
      return RuleResult.failed(Diagnostic.of(Code.RUNTIME_AXIS_SLICE, item.span(), axis, size)
          .label("use `:` for this axis"));
    }
    long n = size.value();
    if (!item.range()) {
      long i = item.start() < 0 ? item.start() + n : item.start();
      if (i < 0 || i >= n) {
        return RuleResult.failed(Diagnostic.of(Code.INDEX_RANGE, item.span(), item.start(), axis, n)
            .label("valid positions are " + -n + " to " + (n - 1)));
      }
      return RuleResult.ok(new Node.AxisRange(i, i + 1, false, true));
    }
    long start = item.start() == null ? 0 : item.start() < 0 ? item.start() + n : item.start();
    long end = item.end() == null ? n : item.end() < 0 ? item.end() + n : item.end();
    if (start < 0 || end > n || start >= end) {
      return RuleResult.failed(Diagnostic.of(Code.SLICE, item.span(), item.span().text().strip(), axis, n)
          .label(start >= end ? "it selects nothing" : "bounds must lie within 0 and " + n));
    }
    return RuleResult.ok(new Node.AxisRange(start, end, false, false));
  }
  /**
   * A range that ends at a size of run-time dimensions, {@code table[0:T]}: it starts at 0, on a
   * fixed axis, and its end can fit the axis for some value of the dimensions. Whether it does is
   * checked when the network runs, once per call.
   */
  private static RuleResult<Node.AxisRange> upTo(Dim size, IndexItem item, Dim end, int axis) {
    if (item.start() != null && item.start() != 0) {
      return RuleResult.failed(Diagnostic.of(Code.RUNTIME_SLICE_START, item.span(), end, item.start())
          .label("starts at " + item.start())
          .note("a slice from " + item.start() + " would end at " + item.start() + " + " + end
              + ", and run-time sizes cannot be added"));
    }
    if (!size.isFixed()) {
      Diagnostic.Builder d = Diagnostic.of(Code.RUNTIME_AXIS_SLICE, item.span(), axis, size);
      if (size.equals(end)) {
        d.label("this is the whole axis")
            .fix(new Fix("take the whole axis with `:`", "Use `:`", List.of(new Edit(item.span(), ":"))));
      } else {
        d.label("use `:` for this axis");
      }
      return RuleResult.failed(d);
    }
    if (end.coefficient() > size.value()) {
      return RuleResult.failed(Diagnostic.of(Code.SLICE, item.span(), item.span().text().strip(), axis, size.value())
          .label(end.valueText() + " is at least " + end.coefficient() + ", more than the axis holds"));
    }
    return RuleResult.ok(Node.AxisRange.upTo(end));
  }
}
