package dev.netc.compiler.shape;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Edit;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * NumPy broadcasting for {@code + - * /}: shapes are aligned on the right; two
 * sizes fit when they are equal or one of them is 1, which stretches.
 *
 * <p>Beyond NumPy: a run-time size never equals a number ({@code [N, 200]} and
 * {@code [128, 200]} fit only when N = 128, which the spec must then say), and
 * a result larger than both operands (an outer product by accident) is a
 * warning.
 */
public final class BroadcastRule {
  private BroadcastRule() {}

  /**
   * Where an operand's type was declared, so that a fix can rewrite the declaration
   * rather than only describe the change.
   */
  @FunctionalInterface
  public interface Declarations {
    /** Knows no declarations: fixes stay advice. */
    Declarations NONE = operand -> Optional.empty();

    /** The span of the type ({@code f32[32]}) declared for the input or parameter {@code operand} names. */
    Optional<Span> declaredType(Node operand);
  }

  /** Two axis lists broadcast together: the axes they make, or where they do not fit. */
  sealed interface Broadcast {}

  /** The broadcast axes. */
  record Fits(List<Dim> dims) implements Broadcast {
    public Fits {
      dims = List.copyOf(dims);
    }
  }

  /** Where two axis lists fail to broadcast: the axis from the right, and the sizes. */
  record Conflict(int fromRight, Dim left, Dim right) implements Broadcast {}

  /** The broadcast of two axis lists, or the first conflict from the right. */
  static Broadcast broadcastDims(List<Dim> a, List<Dim> b) {
    int n = Math.max(a.size(), b.size());
    List<Dim> out = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      Dim da = i <= a.size() ? a.get(a.size() - i) : null;
      Dim db = i <= b.size() ? b.get(b.size() - i) : null;
      Dim d;
      if (da == null) {
        d = db;
      } else if (db == null) {
        d = da;
      } else if (da.equals(db)) {
        d = da.origin().isPresent() || db.origin().isEmpty() ? da : db;
      } else if (da.isOne()) {
        d = db;
      } else if (db.isOne()) {
        d = da;
      } else {
        return new Conflict(i, da, db);
      }
      out.add(d);
    }
    Collections.reverse(out);
    return new Fits(out);
  }

  /**
   * The shape of {@code left op right}, or why there is none.
   *
   * @param site the whole expression, where the diagnostic points
   */
  public static RuleResult<Shape> apply(Node left, Node right, String op, Span site) {
    return apply(left, right, op, site, Declarations.NONE);
  }

  /**
   * As {@link #apply(Node, Node, String, Span)}; with {@code declarations}, the fix for a bias
   * of the wrong length carries the edit that rewrites its declared shape.
   */
  public static RuleResult<Shape> apply(Node left, Node right, String op, Span site, Declarations declarations) {
    Shape a = left.type().shape();
    Shape b = right.type().shape();
    return switch (broadcastDims(a.dims(), b.dims())) {
      case Conflict c -> RuleResult.failed(conflict(left, right, c, site, declarations));
      case Fits fits -> {
        Shape shape = new Shape(fits.dims());
        yield new RuleResult.Ok<>(shape, outerWarning(left, right, shape, op, site).stream().toList());
      }
    };
  }

  private static Diagnostic.Builder conflict(Node left, Node right, Conflict c, Span site, Declarations declarations) {
    Shape a = left.type().shape();
    Shape b = right.type().shape();
    Dim fixed = c.left().isFixed() ? c.left() : c.right().isFixed() ? c.right() : null;
    Dim runtime = !c.left().isFixed() ? c.left() : !c.right().isFixed() ? c.right() : null;
    Diagnostic.Builder d;
    if (fixed != null && runtime != null && runtime.coefficient() == 1 && runtime.symbols().size() == 1) {
      String symbol = runtime.symbols().get(0);
      d = Diagnostic.of(Code.BATCH_FIXED, site, a, b, symbol, fixed.valueText())
          .label(symbol + " is a run-time size; " + fixed.valueText() + " is fixed")
          .help("if the batch really is fixed, declare it: `dim " + symbol + " = " + fixed.valueText() + "`");
    } else {
      d = Diagnostic.of(Code.BROADCAST, site, a, b)
          .label(c.left().valueText() + " and " + c.right().valueText() + " differ, and neither is 1");
    }
    addOrigin(d, c.left());
    addOrigin(d, c.right());
    biasHint(left, right, c, d, declarations);
    d.note(Describe.bindings(a, b));
    return d;
  }

  /** Where {@code dim} was written, as a secondary span of {@code d}, when it is known. */
  public static void addOrigin(Diagnostic.Builder d, Dim dim) {
    Span span = Describe.originSpan(dim);
    if (span != null) {
      d.related(span, Describe.origin(dim));
    }
  }

  /** {@code [N, 64] + [32]}: a bias has one value per neuron, i.e. per output column. */
  private static void biasHint(Node left, Node right, Conflict c, Diagnostic.Builder d, Declarations declarations) {
    Node bias = right.type().rank() == 1 ? right : left.type().rank() == 1 ? left : null;
    Node data = bias == right ? left : right;
    if (bias == null || data.type().rank() < 2 || c.fromRight() != 1) {
      return;
    }
    Dim neurons = data.type().shape().dim(-1);
    Dim found = bias.type().shape().dim(0);
    String want = "[" + neurons + "]";
    d.note("a bias is per neuron: " + Describe.operand(bias) + " should be " + want + ", one value for each of the "
        + neurons + " columns of " + data.type().shape());
    boolean perSample = found.equals(data.type().shape().dim(0));
    if (perSample) {
      d.note(Describe.operand(bias) + " has " + found.valueText()
          + " values, one per sample; to scale each sample instead, reshape it to [" + found + ", 1]");
    }
    String advice = "declare " + Describe.operand(bias) + " as f32" + want;
    // A parameter's shape must be fixed; an edit that wrote a run-time size there would only trade errors.
    Optional<Span> declared = neurons.isFixed() ? declarations.declaredType(bias) : Optional.empty();
    d.fix(declared
        .map(at -> new Fix(advice, "Declare " + Describe.operand(bias) + " as f32" + want,
            List.of(new Edit(at, bias.type().dtype() + "[" + neurons.valueText() + "]"))))
        .orElse(Fix.advice(advice)));
    if (perSample && data.type().rank() == 2) {
      // The other reading: one value per row, stretched along it. [n, 1] broadcasts against [n, m].
      Span s = bias.span();
      d.fix(new Fix("to scale each sample instead: `reshape(" + Describe.operand(bias) + ", [" + found + ", 1])`",
          "Reshape " + Describe.operand(bias) + " to [" + found + ", 1]",
          List.of(new Edit(new Span(s.file(), s.start(), s.start()), "reshape("),
              new Edit(new Span(s.file(), s.end(), s.end()), ", [" + found + ", 1])"))));
    }
  }

  /**
   * {@code [100, 1] / [100]} is [100, 100]: legal, and almost always a mistake. Operands
   * of equal rank with their size-1 axes written out ({@code [n, 1]} and {@code [1, m]})
   * say the outer product is meant, so only a broadcast that also inserts axes warns.
   */
  private static Optional<Diagnostic> outerWarning(Node left, Node right, Shape result, String op, Span site) {
    Shape a = left.type().shape();
    Shape b = right.type().shape();
    if (a.rank() == b.rank() || !stretches(a, result) || !stretches(b, result)) {
      return Optional.empty();
    }
    Node lower = a.rank() < b.rank() ? left : right;
    return Optional.of(Diagnostic.of(Code.OUTER_BROADCAST, site, op, a, b, result)
        .label("the result is " + result)
        .help("if the outer product is meant, give both operands rank " + result.rank()
            + " with explicit size-1 axes, e.g. reshape(" + Describe.operand(lower) + ", "
            + padded(lower.type().shape(), result.rank()) + ")")
        .build());
  }

  /** The shape with size-1 axes in front up to {@code rank}: what NumPy does implicitly. */
  private static String padded(Shape s, int rank) {
    List<Dim> dims = new ArrayList<>();
    for (int i = s.rank(); i < rank; i++) {
      dims.add(Dim.of(1));
    }
    dims.addAll(s.dims());
    return new Shape(dims).toString();
  }

  /** Whether broadcasting {@code s} to {@code result} stretches it along some axis. */
  private static boolean stretches(Shape s, Shape result) {
    int offset = result.rank() - s.rank();
    for (int i = 0; i < result.rank(); i++) {
      Dim target = result.dims().get(i);
      if (target.isOne()) {
        continue;
      }
      if (i < offset || s.dims().get(i - offset).isOne()) {
        return true;
      }
    }
    return false;
  }
}
