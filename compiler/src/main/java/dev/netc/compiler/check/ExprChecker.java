package dev.netc.compiler.check;

import dev.netc.compiler.ast.BinaryOp;
import dev.netc.compiler.ast.Expr;
import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Diagnostics;
import dev.netc.runtime.ops.ArithOp;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.shape.AxisRules;
import dev.netc.compiler.shape.BroadcastRule;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.MatmulRule;
import dev.netc.compiler.shape.RuleResult;
import dev.netc.compiler.shape.Shape;
import dev.netc.compiler.shape.TensorType;
import dev.netc.compiler.source.Span;
import dev.netc.runtime.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Types tensor expressions and lowers them to {@link Node}s. Each operator's
 * shape rule lives in {@code dev.netc.compiler.shape}; this class resolves
 * names, folds scalar constants, and makes sure that an operand that already
 * failed ({@link Node.Invalid}) silences everything built on it.
 */
final class ExprChecker {
  private final Scope scope;
  private final Diagnostics out;
  /** Where each name of the network is defined, to tell "unknown" from "used before defined". */
  private final Map<String, Span> definitions;
  private final CallChecker calls;
  /** Where the type of each expression and the target of each name are noted for editors. */
  private final IndexRecorder index;
  private String statement = "";
  /**
   * References to {@code bf16} and {@code i8} parameters not (yet) seen to be the weight of a
   * {@code @}, by where they are written: each becomes an error once the network is checked.
   */
  private final Map<Span, String> compressedUses = new LinkedHashMap<>();
  /** Whether each compressed parameter is used transposed: an {@code i8} one has one output axis for its scales. */
  private final Map<String, Boolean> compressedTransposed = new LinkedHashMap<>();
  /** Products that read an {@code i8} parameter the other way from its first, by where it is written. */
  private final Map<Span, String> misoriented = new LinkedHashMap<>();

  ExprChecker(Scope scope, Diagnostics out, Map<String, Span> definitions, NetworkChecker network, IndexRecorder index) {
    this.scope = scope;
    this.out = out;
    this.definitions = definitions;
    this.index = index;
    this.calls = new CallChecker(this, scope, out, network, index);
  }

  /** Sets the name of the statement being checked (for messages and {@code dense} parameter names). */
  void enterStatement(String name) {
    this.statement = name;
  }

  String statement() {
    return statement;
  }

  Diagnostics out() {
    return out;
  }

  Node check(Expr e) {
    Node node = typeOf(e);
    index.typed(e.span(), node);
    return node;
  }

  private Node typeOf(Expr e) {
    return switch (e) {
      case Expr.Name n -> name(n);
      case Expr.Num n -> constant(n.value(), n.span());
      case Expr.Str s -> invalid(Diagnostic.of(Code.NOT_A_TENSOR, s.span(), "string")
          .label("strings name files and options, e.g. `weights \"model.safetensors\"`"));
      case Expr.ListExpr l -> invalid(Diagnostic.of(Code.NOT_A_TENSOR, l.span(), "list")
          .help("give inline values to a parameter: `param W: f32[2, 2] = [[1, 0], [0, 1]]`"));
      case Expr.Paren p -> check(p.inner());
      case Expr.Negate n -> negate(n);
      case Expr.Binary b -> binary(b);
      case Expr.Attribute a -> attribute(a);
      case Expr.Index i -> index(i);
      case Expr.Call c -> calls.check(c);
      case Expr.Error err -> new Node.Invalid(err.span());
    };
  }

  static Node.Constant constant(double value, Span span) {
    return new Node.Constant(value, TensorType.f32(Shape.SCALAR), span);
  }

  Node invalid(Diagnostic.Builder d) {
    return invalid(d.build());
  }

  Node invalid(Diagnostic d) {
    out.report(d);
    return new Node.Invalid(d.span());
  }

  /**
   * The node {@code make} builds from a rule's value, after reporting the rule's warnings; an
   * {@link Node.Invalid} after reporting its error.
   */
  <T> Node typed(RuleResult<T> result, Function<T, Node> make) {
    return switch (result) {
      case RuleResult.Ok<T> ok -> {
        ok.warnings().forEach(out::report);
        yield make.apply(ok.value());
      }
      case RuleResult.Failed<T> failed -> invalid(failed.error());
    };
  }

  /** A number as a spec would write it: {@code 2}, {@code -0.5}. */
  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  static boolean failed(Node... nodes) {
    for (Node n : nodes) {
      if (n instanceof Node.Invalid) {
        return true;
      }
    }
    return false;
  }

  private Node name(Expr.Name n) {
    Scope.Entry entry = scope.get(n.id());
    if (entry != null) {
      entry.used = true;
      index.use(entry, n.span());
    }
    return switch (entry) {
      case Scope.Input i -> new Node.Input(i.name, i.node.type(), n.span());
      case Scope.Param p -> compressed(p.node.type().dtype())
          ? compressedUse(p.name, p.node.type(), n.span())
          : new Node.Param(p.name, p.node.type(), n.span());
      case Scope.Value v -> switch (v.value) {
        case Node.Invalid i -> new Node.Invalid(n.span());
        case Node.Constant c -> constant(c.value(), n.span());
        default -> new Node.Ref(v.name, v.value.type(), n.span());
      };
      case Scope.FixedDim f -> constant(f.value.value(), n.span());
      case Scope.RuntimeDim r -> invalid(Diagnostic.of(Code.WRONG_KIND, n.span(), n.id(), r.kind(), "a value")
          .label("its size is only known when the network runs")
          .related(r.span, "`" + n.id() + "` is introduced here"));
      case Scope.Poisoned p -> new Node.Invalid(n.span());
      case null -> unknownName(n);
    };
  }

  private Node unknownName(Expr.Name n) {
    Span later = definitions.get(n.id());
    if (later != null) {
      return invalid(Diagnostic.of(Code.USED_BEFORE_DEFINED, n.span(), n.id())
          .related(later, "`" + n.id() + "` is defined here, later")
          .help("move the definition of `" + n.id() + "` above this line"));
    }
    Diagnostic.Builder d = Diagnostic.of(Code.UNKNOWN_NAME, n.span(), n.id()).label("not defined in this network");
    List<String> candidates = new ArrayList<>(scope.names());
    NameHints.closest(n.id(), candidates).ifPresent(s -> {
      d.fix(NameHints.didYouMean(n.span(), s));
      // The name meant is used, misspelt: no "never used" warning follows for it.
      scope.get(s).used = true;
    });
    if (CallChecker.isOperation(n.id())) {
      d.help("`" + n.id() + "` is an operation: call it, e.g. `" + n.id() + "(x)`");
    }
    return invalid(d);
  }

  private Node negate(Expr.Negate n) {
    Node x = floating(check(n.operand()), "`-`");
    if (failed(x)) {
      return x;
    }
    if (x instanceof Node.Constant c) {
      return constant(-c.value(), n.span());
    }
    return new Node.Negate(x, x.type(), n.span());
  }

  private Node binary(Expr.Binary b) {
    Node left = check(b.left());
    Node right = check(b.right());
    if (b.op() == BinaryOp.MATMUL) {
      weightOfProduct(right); // also when the other side failed: the weight is where it may be
    }
    if (failed(left, right)) {
      return new Node.Invalid(b.span());
    }
    String symbol = "`" + b.opSpan().text().strip() + "`";
    if (failed(floating(left, symbol)) || failed(floating(right, symbol))) {
      return new Node.Invalid(b.span());
    }
    return switch (b.op()) {
      case MATMUL -> matmul(left, right, b.span());
      case ADD -> elementwise(ArithOp.ADD, left, right, b.span(), b.opSpan());
      case SUB -> elementwise(ArithOp.SUB, left, right, b.span(), b.opSpan());
      case MUL -> elementwise(ArithOp.MUL, left, right, b.span(), b.opSpan());
      case DIV -> elementwise(ArithOp.DIV, left, right, b.span(), b.opSpan());
    };
  }

  Node matmul(Node left, Node right, Span site) {
    Node node = typed(MatmulRule.apply(left, right, site), s -> new Node.MatMul(left, right, left.type().withShape(s), site));
    if (node instanceof Node.MatMul product) {
      LinearCollapseLint.check(product, statement, scope, out);
    }
    return node;
  }

  static boolean compressed(DType dtype) {
    return dtype == DType.BF16 || dtype == DType.I8;
  }

  /**
   * A reference to a {@code bf16} or {@code i8} parameter: a node of the f32 values it stands for,
   * noted until a product takes it as its weight.
   */
  private Node compressedUse(String name, TensorType declared, Span at) {
    compressedUses.put(at, name + " " + declared.dtype().spelling());
    return new Node.Param(name, TensorType.f32(declared.shape()), at);
  }

  /** The right side of a {@code @}: a compressed parameter there, or its {@code .T}, is where it may be. */
  private void weightOfProduct(Node right) {
    boolean transposed = right instanceof Node.Transpose t && t.permutation().equals(List.of(1, 0));
    Node weight = transposed ? ((Node.Transpose) right).operand() : right;
    if (weight instanceof Node.Param p && compressedUses.containsKey(p.span())) {
      String use = compressedUses.remove(p.span());
      Boolean before = compressedTransposed.putIfAbsent(p.name(), transposed);
      if (use.endsWith(" i8") && before != null && before != transposed) {
        misoriented.put(p.span(), p.name());
      }
    }
  }

  /**
   * Every reference to a compressed parameter that is not a product's weight, and every product
   * that reads an {@code i8} one the other way from its first, as errors in the order written.
   */
  void reportCompressedUses() {
    Map<Span, Diagnostic.Builder> errors = new java.util.TreeMap<>(java.util.Comparator.comparingInt(Span::start));
    compressedUses.forEach((at, use) -> {
      String name = use.substring(0, use.indexOf(' '));
      String type = use.substring(use.indexOf(' ') + 1);
      errors.put(at, Diagnostic.of(Code.COMPRESSED_WEIGHT_USE, at, name, type)
          .label("not the right side of `@`")
          .help("use it as a product's weight (`x @ " + name + "` or `x @ " + name + ".T`), or declare it f32; "
              + "`netc compile --weights " + type + "` stores every matmul weight that way for you"));
    });
    misoriented.forEach((at, name) -> {
      boolean first = compressedTransposed.get(name);
      errors.put(at, Diagnostic.of(Code.COMPRESSED_WEIGHT_USE, at, name, "i8")
          .label("read here " + (first ? "as written" : "transposed") + ", by an earlier product the other way")
          .help("an i8 weight has one scale per output column, so every product must read it the same way: use `"
              + name + (first ? ".T" : "") + "` here too, or declare it bf16 or f32"));
    });
    errors.values().forEach(out::report);
    compressedUses.clear();
    misoriented.clear();
  }

  /**
   * {@code left op right}.
   *
   * @param opSpan where the operator is written, for fixes that replace {@code *} with {@code @}
   */
  Node elementwise(ArithOp op, Node left, Node right, Span site, Span opSpan) {
    if (left instanceof Node.Constant a && right instanceof Node.Constant c) {
      return constant(op.apply(a.value(), c.value()), site);
    }
    if (op == ArithOp.MUL && ambiguousProduct(left, right)) {
      out.report(Diagnostic.of(Code.AMBIGUOUS_PRODUCT, site, left.type().shape(), right.type().shape())
          .label("element-wise product; `@` would give the matrix product")
          .fix(NameHints.replace(opSpan,
              "@", "if the matrix product is meant, write `@`; if the element-wise one is, this warning can be ignored")));
    }
    RuleResult<Shape> shape = BroadcastRule.apply(left, right, op.symbol(), site, this::declaredType);
    if (shape instanceof RuleResult.Failed<Shape> && op == ArithOp.MUL && matmulFits(left, right)) {
      out.report(Diagnostic.of(Code.AMBIGUOUS_PRODUCT, site, left.type().shape(), right.type().shape())
          .severity(dev.netc.compiler.diag.Severity.NOTE)
          .label("`@` fits these shapes")
          .fix(NameHints.replace(opSpan, "@", "did you mean `@`, the matrix product?")));
    }
    // A number literal is an f32 scalar; the tensor operand decides the element type.
    TensorType type = left instanceof Node.Constant ? right.type() : left.type();
    return typed(shape, s -> new Node.Elementwise(op, left, right, type.withShape(s), site));
  }

  /**
   * {@code x}, or an {@link Node.Invalid} after reporting that {@code what} computes in floating
   * point and {@code x} is an integer tensor (ids, a mask), with the cast that converts it.
   */
  Node floating(Node x, String what) {
    if (failed(x) || x.type().isUnknown() || x.type().dtype().isFloatingPoint()) {
      return x;
    }
    String text = x.span().text().strip();
    String cast = "cast(" + text + ", f32)";
    return invalid(Diagnostic.of(Code.ELEMENT_TYPE, x.span(), what, "floating-point values",
            dev.netc.compiler.shape.Describe.operand(x), x.type())
        .label("an integer tensor; only data movement, `cast`, `embedding` and `gather` take one")
        .fix(NameHints.replace(x.span(), cast, "convert it first: `" + cast + "`")));
  }

  /**
   * Where the input or parameter that {@code operand} names was given its type, so that a
   * fix can rewrite the declaration; empty for anything else, including {@code dense}'s own
   * parameters, which are declared nowhere, and parameters with inline values, whose count a new
   * shape would not match (the fix stays advice).
   */
  private Optional<Span> declaredType(Node operand) {
    Scope.Entry entry = switch (operand) {
      case Node.Param p -> scope.get(p.name());
      case Node.Input i -> scope.get(i.name());
      default -> null;
    };
    return switch (entry) {
      case Scope.Param p when p.declared != null && !p.inline -> Optional.of(p.declared.span());
      case Scope.Input i when i.declared != null -> Optional.of(i.declared.span());
      case null, default -> Optional.empty();
    };
  }

  private static boolean matmulFits(Node left, Node right) {
    Shape a = left.type().shape();
    Shape b = right.type().shape();
    return a.rank() >= 2 && b.rank() >= 2 && a.dim(-1).equals(b.dim(-2));
  }

  /** Both products are legal: square matrices of one shape, where `*` is a common slip for `@`. */
  private static boolean ambiguousProduct(Node left, Node right) {
    Shape a = left.type().shape();
    Shape b = right.type().shape();
    return a.rank() == 2 && b.rank() == 2 && a.equals(b) && a.dim(0).equals(a.dim(1)) && !a.dim(0).isOne();
  }

  private Node attribute(Expr.Attribute a) {
    Node x = check(a.target());
    if (!a.attribute().text().equals("T")) {
      return invalid(Diagnostic.of(Code.UNKNOWN_ATTRIBUTE, a.attribute().span(), a.attribute().text())
          .help("the one attribute is `.T`, the transpose of the last two axes; for others use `transpose("
              + a.target().span().text() + ", axes)`"));
    }
    if (failed(x)) {
      return x;
    }
    Shape s = x.type().shape();
    if (s.rank() < 2) {
      return invalid(Diagnostic.of(Code.RANK, a.attribute().span(), "`.T`", "a tensor of rank 2 or more", s)
          .label(s.rank() == 1 ? "a vector has no second axis to swap with" : "a scalar has no axes")
          .help(s.rank() == 1 ? "to use it as a column, reshape it: reshape(v, [" + s.dim(0) + ", 1])" : "remove `.T`"));
    }
    List<Integer> perm = new ArrayList<>();
    for (int i = 0; i < s.rank(); i++) {
      perm.add(i);
    }
    perm.set(s.rank() - 1, s.rank() - 2);
    perm.set(s.rank() - 2, s.rank() - 1);
    return new Node.Transpose(x, perm, x.type().withShape(s.transposedLastTwo()), a.span());
  }

  private Node index(Expr.Index ix) {
    Node x = check(ix.target());
    if (failed(x)) {
      return x;
    }
    Shape s = x.type().shape();
    if (ix.items().size() > s.rank()) {
      return invalid(Diagnostic.of(Code.TOO_MANY_INDICES, ix.items().get(s.rank()).span(), ix.items().size(), s.rank())
          .label("the tensor is " + s));
    }
    List<Node.AxisRange> ranges = new ArrayList<>();
    List<Dim> dims = new ArrayList<>();
    boolean ok = true;
    for (int axis = 0; axis < s.rank(); axis++) {
      Dim size = s.dim(axis);
      AxisRules.IndexItem item = axis < ix.items().size() ? item(ix.items().get(axis)) : null;
      if (axis < ix.items().size() && item == null) {
        ok = false;
        continue;
      }
      RuleResult<Node.AxisRange> kept = item == null
          ? RuleResult.ok(new Node.AxisRange(0, size.isFixed() ? size.value() : -1, true, false))
          : AxisRules.slice(size, item, axis);
      if (kept instanceof RuleResult.Failed<Node.AxisRange> failed) {
        out.report(failed.error());
        ok = false;
        continue;
      }
      Node.AxisRange r = ((RuleResult.Ok<Node.AxisRange>) kept).value();
      ranges.add(r);
      if (!r.drop()) {
        dims.add(r.length(size));
      }
    }
    if (!ok) {
      return new Node.Invalid(ix.span());
    }
    return new Node.Slice(x, ranges, x.type().withShape(new Shape(dims)), ix.span());
  }

  private AxisRules.IndexItem item(Expr.SliceItem item) {
    Long start = item.start() == null ? null : integer(item.start(), "an index");
    if (item.range() && item.end() != null && mentionsRuntimeDim(item.end())) {
      // table[0:T]: the end is a size, read as a reshape target is; a fixed one (T / T) is a plain bound.
      Dim end = sizes().size(item.end(), "the slice at line " + item.span().line());
      if (end == null || (item.start() != null && start == null)) {
        return null;
      }
      return end.isFixed() ? new AxisRules.IndexItem(start, end.value(), true, item.span())
          : AxisRules.IndexItem.upTo(start, end, item.span());
    }
    Long end = item.end() == null ? null : integer(item.end(), "an index");
    if ((item.start() != null && start == null) || (item.end() != null && end == null)) {
      return null;
    }
    return new AxisRules.IndexItem(start, end, item.range(), item.span());
  }

  /** Whether {@code e} names a run-time dimension, so that it is a size rather than a number. */
  private boolean mentionsRuntimeDim(Expr e) {
    return switch (e) {
      case Expr.Name n -> scope.get(n.id()) instanceof Scope.RuntimeDim;
      case Expr.Paren p -> mentionsRuntimeDim(p.inner());
      case Expr.Negate n -> mentionsRuntimeDim(n.operand());
      case Expr.Binary b -> mentionsRuntimeDim(b.left()) || mentionsRuntimeDim(b.right());
      default -> false;
    };
  }

  /** Reads sizes in expressions (reshape targets, slice ends); a name that is no size is reported. */
  SizeEvaluator sizes() {
    return new SizeEvaluator(scope, out, n -> {
      Diagnostic.Builder d = Diagnostic.of(Code.UNKNOWN_DIM, n.span(), n.id())
          .label("not a `dim` or a run-time dimension of an input");
      NameHints.closest(n.id(), scope.names()).ifPresent(s -> d.fix(NameHints.didYouMean(n.span(), s)));
      out.report(d);
      return null;
    }, index);
  }

  /** A whole-number constant argument, or null after reporting. */
  Long integer(Expr e, String what) {
    Node n = check(e);
    if (failed(n)) {
      return null;
    }
    if (!(n instanceof Node.Constant c)) {
      out.report(Diagnostic.of(Code.NOT_CONSTANT, e.span(), what).label("this is a tensor of shape " + n.type().shape()));
      return null;
    }
    if (c.value() != Math.rint(c.value()) || Math.abs(c.value()) > 1e15) {
      out.report(Diagnostic.of(Code.NOT_WHOLE, e.span(), what, number(c.value())));
      return null;
    }
    return (long) c.value();
  }

  /** A numeric constant argument, or null after reporting. */
  Double number(Expr e, String what) {
    Node n = check(e);
    if (failed(n)) {
      return null;
    }
    if (!(n instanceof Node.Constant c)) {
      out.report(Diagnostic.of(Code.NOT_CONSTANT, e.span(), what).label("this is a tensor of shape " + n.type().shape()));
      return null;
    }
    return c.value();
  }
}
