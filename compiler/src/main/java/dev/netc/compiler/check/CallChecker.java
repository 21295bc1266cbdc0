package dev.netc.compiler.check;

import static dev.netc.compiler.check.Arguments.optional;
import static dev.netc.compiler.check.Arguments.required;

import dev.netc.compiler.ast.Expr;
import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Diagnostics;
import dev.netc.compiler.diag.Edit;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.shape.AttentionRule;
import dev.netc.compiler.shape.AxisRules;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Origin;
import dev.netc.compiler.shape.ReduceRule;
import dev.netc.compiler.shape.ReshapeRule;
import dev.netc.compiler.shape.RuleResult;
import dev.netc.compiler.shape.Shape;
import dev.netc.compiler.shape.TensorType;
import dev.netc.compiler.source.Span;
import dev.netc.runtime.DType;
import dev.netc.runtime.ops.ActivationKind;
import dev.netc.runtime.ops.ArithOp;
import dev.netc.runtime.ops.LossKind;
import dev.netc.runtime.ops.Reduction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The built-in operations: one table entry each, with its signature and its rule (the shape
 * rules themselves live in {@code dev.netc.compiler.shape}), and how each lowers to
 * {@link Node}s. Completion and hover read the same table through {@link Operations}.
 */
final class CallChecker {
  /** How one operation is checked: its bound arguments and the call's span, to a node. */
  @FunctionalInterface
  private interface Rule {
    Node check(CallChecker checker, Arguments args, Span site);
  }

  /** A built-in operation: its parameters in positional order, and its rule. */
  record Operation(String name, List<Arguments.Param> params, Rule rule) {
    Operation {
      params = List.copyOf(params);
    }
  }

  /** Every operation by name, in the order the language reference lists them. */
  static final Map<String, Operation> OPERATIONS = table(Stream.concat(
      // The activations and math functions of one argument, named as ActivationKind spells them.
      Stream.of(ActivationKind.values())
          .filter(k -> k != ActivationKind.GELU && k != ActivationKind.LEAKY_RELU && k != ActivationKind.GELU_TANH
              && k != ActivationKind.SQRT && k != ActivationKind.POW)
          .map(k -> new Operation(k.spelling(), List.of(required("x")), (c, a, s) -> c.activation(k, a, s))),
      Stream.of(
          new Operation("gelu", List.of(required("x"), optional("approximate")), CallChecker::gelu),
          new Operation("leaky_relu", List.of(required("x"), optional("alpha")), CallChecker::leakyRelu),
          new Operation("softmax", List.of(required("x"), optional("axis")), (c, a, s) -> c.softmax(a, false, s)),
          new Operation("log_softmax", List.of(required("x"), optional("axis")), (c, a, s) -> c.softmax(a, true, s)),
          new Operation("layernorm", List.of(required("x"), required("gamma"), required("beta"), optional("eps"),
              optional("axis")), CallChecker::layernorm),
          new Operation("dense", List.of(required("x"), required("units"), optional("activation"), optional("layout"),
              optional("bias"), optional("name")), CallChecker::dense),
          new Operation("transpose", List.of(required("x"), optional("axes")), CallChecker::transpose),
          new Operation("reshape", List.of(required("x"), required("shape")), CallChecker::reshape),
          new Operation("flatten", List.of(required("x"), optional("start")), CallChecker::flatten),
          new Operation("concat", List.of(required("tensors"), optional("axis")), CallChecker::concat),
          new Operation("cast", List.of(required("x"), required("dtype")), CallChecker::cast),
          new Operation("embedding", List.of(required("table"), required("ids")), CallChecker::embedding),
          new Operation("gather", List.of(required("x"), required("index"), optional("axis")), CallChecker::gather),
          new Operation("scaled_dot_product_attention",
              List.of(required("q"), required("k"), required("v"), optional("mask"), optional("causal")),
              CallChecker::attention),
          new Operation("mse", List.of(required("prediction"), required("target")), CallChecker::mse),
          new Operation("cross_entropy", List.of(required("logits"), required("target")),
              (c, a, s) -> c.crossEntropy(LossKind.CROSS_ENTROPY, a, s)),
          new Operation("sparse_cross_entropy", List.of(required("logits"), required("labels")),
              (c, a, s) -> c.crossEntropy(LossKind.SPARSE_CROSS_ENTROPY, a, s)),
          new Operation("binary_cross_entropy", List.of(required("prediction"), required("target"),
              optional("logits")), CallChecker::binaryCrossEntropy),
          new Operation("sqrt", List.of(required("x")), CallChecker::sqrt),
          new Operation("pow", List.of(required("x"), required("p")), CallChecker::pow),
          new Operation("sum", List.of(required("x"), optional("axis"), optional("keepdims")),
              (c, a, s) -> c.reduce(Reduction.SUM, a, s)),
          new Operation("mean", List.of(required("x"), optional("axis"), optional("keepdims")),
              (c, a, s) -> c.reduce(Reduction.MEAN, a, s)),
          new Operation("max", List.of(required("x"), optional("axis"), optional("keepdims")),
              (c, a, s) -> c.reduce(Reduction.MAX, a, s)),
          new Operation("l2_normalize", List.of(required("x"), optional("axis"), optional("eps")),
              CallChecker::l2Normalize))));

  /**
   * The activations {@code dense(..., activation=...)} takes: the real activations and the
   * softmaxes, named one by one, since not every element-wise function is an activation.
   */
  private static final List<String> DENSE_ACTIVATIONS = List.of("identity", "relu", "leaky_relu", "sigmoid", "tanh",
      "gelu", "gelu_tanh", "softmax", "log_softmax");

  /**
   * The operations that take integer tensors (ids, masks): they move elements or convert them.
   * Every other operation computes in floating point, and an integer argument is NN0223.
   */
  private static final Set<String> TAKE_INTEGERS = Set.of("transpose", "reshape", "flatten", "concat", "cast",
      "embedding", "gather", "sparse_cross_entropy");

  /** The element types {@code cast} converts to. */
  private static final List<String> CAST_TARGETS = List.of("f32", "i64", "i32");

  private static Map<String, Operation> table(Stream<Operation> operations) {
    Map<String, Operation> table = new LinkedHashMap<>();
    operations.forEach(op -> {
      if (table.put(op.name(), op) != null) {
        throw new IllegalStateException("operation " + op.name() + " is defined twice");
      }
    });
    return java.util.Collections.unmodifiableMap(table);
  }

  static boolean isOperation(String name) {
    return OPERATIONS.containsKey(name);
  }

  private final ExprChecker exprs;
  private final Scope scope;
  private final Diagnostics out;
  private final NetworkChecker network;
  private final IndexRecorder index;
  /** The operation whose arguments are being checked, for the element-type check of {@link #tensor}. */
  private Operation current;

  CallChecker(ExprChecker exprs, Scope scope, Diagnostics out, NetworkChecker network, IndexRecorder index) {
    this.exprs = exprs;
    this.scope = scope;
    this.out = out;
    this.network = network;
    this.index = index;
  }

  Node check(Expr.Call call) {
    String name = call.callee().text();
    Operation op = OPERATIONS.get(name);
    index.operation(call.callee().span(), name, op != null);
    if (op == null) {
      Diagnostic.Builder d = Diagnostic.of(Code.UNKNOWN_OPERATION, call.callee().span(), name);
      NameHints.closest(name, OPERATIONS.keySet()).ifPresent(s -> d.fix(NameHints.didYouMean(call.callee().span(), s)));
      if (scope.get(name) != null) {
        d.note("`" + name + "` is " + scope.get(name).kind() + ", which cannot be called");
      }
      out.report(d);
      return checkArgumentsOnly(call);
    }
    Arguments args = Arguments.bind(call, op.params(), out);
    if (args == null) {
      return checkArgumentsOnly(call);
    }
    Operation outer = current;
    current = op;
    try {
      return op.rule().check(this, args, call.span());
    } finally {
      current = outer;
    }
  }

  /**
   * A call that cannot be checked as a whole still has arguments: checking them
   * reports their own, independent mistakes and marks the names they use.
   */
  private Node checkArgumentsOnly(Expr.Call call) {
    for (Expr.Arg arg : call.args()) {
      if (!(Expr.strip(arg.value()) instanceof Expr.ListExpr) && !(Expr.strip(arg.value()) instanceof Expr.Str)
          && !(Expr.strip(arg.value()) instanceof Expr.Name n && scope.get(n.id()) == null)) {
        exprs.check(arg.value());
      }
    }
    return new Node.Invalid(call.span());
  }

  private Node tensor(Arguments args, String name) {
    Node x = exprs.check(args.get(name));
    return current == null || TAKE_INTEGERS.contains(current.name()) ? x : exprs.floating(x, "`" + current.name() + "`");
  }

  private Node activation(ActivationKind kind, Arguments args, Span site) {
    Node x = tensor(args, "x");
    if (x instanceof Node.Constant c && !inDomain(kind, c.value(), 0)) {
      return outOfDomain(kind, c.value(), args.get("x").span());
    }
    return activation(kind, x, 0, site);
  }

  private static Node activation(ActivationKind kind, Node x, double alpha, Span site) {
    if (ExprChecker.failed(x)) {
      return new Node.Invalid(site);
    }
    if (x instanceof Node.Constant c) {
      return ExprChecker.constant(kind.apply(c.value(), alpha), site);
    }
    return new Node.Activation(kind, x, alpha, x.type(), site);
  }

  /** Whether folding {@code kind} at the constant {@code v} gives a finite number. */
  private static boolean inDomain(ActivationKind kind, double v, double alpha) {
    return switch (kind) {
      case LOG, RSQRT -> v > 0;
      case SQRT -> v >= 0;
      case POW -> Double.isFinite(Math.pow(v, alpha));
      default -> Double.isFinite(kind.apply(v, alpha));
    };
  }

  private Node outOfDomain(ActivationKind kind, double v, Span span) {
    String range = switch (kind) {
      case LOG, RSQRT -> "positive";
      case SQRT -> "at least 0";
      case POW -> "a number the power is defined at";
      default -> "a number " + kind.spelling() + " is finite at";
    };
    return exprs.invalid(Diagnostic.of(Code.VALUE_RANGE, span, "the argument of `" + kind.spelling() + "`", range,
        ExprChecker.number(v)));
  }

  private Node gelu(Arguments args, Span site) {
    Node x = tensor(args, "x");
    Optional<String> approximate = args.has("approximate")
        ? option(args.get("approximate"), "approximate", List.of("none", "tanh"))
        : Optional.of("none");
    return approximate
        .map(a -> activation(a.equals("tanh") ? ActivationKind.GELU_TANH : ActivationKind.GELU, x, 0, site))
        .orElseGet(() -> new Node.Invalid(site));
  }

  private Node leakyRelu(Arguments args, Span site) {
    Node x = tensor(args, "x");
    Double alpha = args.has("alpha") ? exprs.number(args.get("alpha"), "the slope `alpha`") : Double.valueOf(0.01);
    return alpha == null ? new Node.Invalid(site) : activation(ActivationKind.LEAKY_RELU, x, alpha, site);
  }

  private Node softmax(Arguments args, boolean log, Span site) {
    Node x = tensor(args, "x");
    Long axisArg = args.has("axis") ? exprs.integer(args.get("axis"), "the axis") : Long.valueOf(-1);
    if (ExprChecker.failed(x) || axisArg == null) {
      return new Node.Invalid(site);
    }
    Span axisSpan = args.has("axis") ? args.get("axis").span() : site;
    return exprs.typed(AxisRules.axis(axisArg, x.type().rank(), axisSpan),
        axis -> new Node.Softmax(x, axis, log, x.type(), site));
  }

  private Node layernorm(Arguments args, Span site) {
    Node x = tensor(args, "x");
    Node gamma = tensor(args, "gamma");
    Node beta = tensor(args, "beta");
    Double eps = args.has("eps") ? exprs.number(args.get("eps"), "`eps`") : Double.valueOf(1e-5);
    Long axisArg = args.has("axis") ? exprs.integer(args.get("axis"), "the axis") : Long.valueOf(-1);
    if (ExprChecker.failed(x, gamma, beta) || eps == null || axisArg == null) {
      return new Node.Invalid(site);
    }
    if (x.type().rank() < 1) {
      return exprs.invalid(Diagnostic.of(Code.RANK, args.get("x").span(), "layernorm", "a tensor of rank 1 or more", "a scalar"));
    }
    if (!(eps > 0)) {
      return exprs.invalid(Diagnostic.of(Code.VALUE_RANGE, args.get("eps").span(), "`eps`", "positive",
          ExprChecker.number(eps)));
    }
    int rank = x.type().rank();
    if (axisArg != -1 && axisArg != rank - 1) {
      return exprs.typed(AxisRules.axis(axisArg, rank, args.get("axis").span()),
          axis -> layernormOver(x, gamma, beta, eps, axis, site));
    }
    Dim features = x.type().shape().dim(-1);
    for (Node p : List.of(gamma, beta)) {
      Shape s = p.type().shape();
      if (s.rank() != 1 || !s.dim(0).equals(features)) {
        Diagnostic.Builder d = Diagnostic.of(Code.LAYERNORM, p.span(), p == gamma ? "gamma" : "beta", s, features.valueText())
            .label("expected [" + features + "]")
            .note("layernorm normalizes the last axis of " + x.type().shape() + " and scales it per feature");
        features.origin().ifPresent(o -> d.related(o.span(), "the " + features.valueText() + " comes from " + o.describe()));
        return exprs.invalid(d);
      }
    }
    return new Node.LayerNorm(x, gamma, beta, eps, x.type(), site);
  }

  /**
   * Layer normalization over the axes from {@code axis} to the last, as ONNX's
   * LayerNormalization: gamma and beta have exactly the shape of those axes.
   */
  private Node layernormOver(Node x, Node gamma, Node beta, double eps, int axis, Span site) {
    Shape xs = x.type().shape();
    Shape normalized = new Shape(xs.dims().subList(axis, xs.rank()));
    for (Node p : List.of(gamma, beta)) {
      Shape s = p.type().shape();
      if (!s.equals(normalized)) {
        return exprs.invalid(Diagnostic.of(Code.LAYERNORM, p.span(), p == gamma ? "gamma" : "beta", s,
                normalized.toString())
            .label("expected " + normalized)
            .note("layernorm normalizes axes " + axis + " to " + (xs.rank() - 1) + " of " + xs
                + " and scales each of their elements")
            .help(s.rank() == 1 && s.dim(0).equals(xs.dim(-1))
                ? "to normalize the last axis alone, leave out `axis`" : "make " + (p == gamma ? "gamma" : "beta")
                + " " + normalized));
      }
    }
    return new Node.LayerNorm(x, gamma, beta, eps, x.type(), site);
  }

  private Node reduce(Reduction kind, Arguments args, Span site) {
    Node x = tensor(args, "x");
    List<Span> spans = new ArrayList<>();
    List<Long> axes = args.has("axis") ? axes(args.get("axis"), kind.spelling(), spans) : List.of(-1L);
    if (!args.has("axis")) {
      spans.add(site);
    }
    Optional<String> keepdims = args.has("keepdims")
        ? option(args.get("keepdims"), "keepdims", List.of("true", "false"))
        : Optional.of("false");
    if (ExprChecker.failed(x) || axes == null || keepdims.isEmpty()) {
      return new Node.Invalid(site);
    }
    boolean keep = keepdims.get().equals("true");
    return exprs.typed(ReduceRule.apply(kind.spelling(), x.type().shape(), axes, spans, keep),
        r -> new Node.Reduce(kind, x, r.axes(), keep, x.type().withShape(r.shape()), site));
  }

  /** One axis ({@code axis=1}) or a non-empty list of them ({@code axis=[1, 2]}), each with its span; null after reporting. */
  private List<Long> axes(Expr e, String op, List<Span> spans) {
    if (!(Expr.strip(e) instanceof Expr.ListExpr list)) {
      Long axis = exprs.integer(e, "the axis");
      spans.add(e.span());
      return axis == null ? null : List.of(axis);
    }
    if (list.items().isEmpty()) {
      out.report(Diagnostic.of(Code.VALUE_RANGE, e.span(), "the axes of `" + op + "`", "one axis or a list of them",
          "[]").label("name the axes to reduce, e.g. `axis=[1, 2]`"));
      return null;
    }
    List<Long> axes = new ArrayList<>();
    for (Expr item : list.items()) {
      Long a = exprs.integer(item, "an axis");
      if (a == null) {
        return null;
      }
      axes.add(a);
      spans.add(item.span());
    }
    return axes;
  }

  private Node l2Normalize(Arguments args, Span site) {
    Node x = tensor(args, "x");
    Long axisArg = args.has("axis") ? exprs.integer(args.get("axis"), "the axis") : Long.valueOf(-1);
    Double eps = args.has("eps") ? exprs.number(args.get("eps"), "`eps`") : Double.valueOf(1e-12);
    if (ExprChecker.failed(x) || axisArg == null || eps == null) {
      return new Node.Invalid(site);
    }
    if (!(eps > 0)) {
      return exprs.invalid(Diagnostic.of(Code.VALUE_RANGE, args.get("eps").span(), "`eps`", "positive",
          ExprChecker.number(eps)));
    }
    Span axisSpan = args.has("axis") ? args.get("axis").span() : site;
    return exprs.typed(AxisRules.axis(axisArg, x.type().rank(), axisSpan),
        axis -> new Node.L2Normalize(x, axis, eps, x.type(), site));
  }

  private Node dense(Arguments args, Span site) {
    Node x = tensor(args, "x");
    Long units = exprs.integer(args.get("units"), "the number of units");
    Optional<String> act = args.has("activation")
        ? option(args.get("activation"), "activation", DENSE_ACTIVATIONS)
        : Optional.of("identity");
    Optional<String> layout = args.has("layout")
        ? option(args.get("layout"), "layout", List.of("in_out", "out_in"))
        : Optional.of("in_out");
    Optional<String> bias = args.has("bias") ? option(args.get("bias"), "bias", List.of("true", "false")) : Optional.of("true");
    String prefix = exprs.statement();
    if (args.has("name")) {
      if (!(Expr.strip(args.get("name")) instanceof Expr.Str s)) {
        return exprs.invalid(Diagnostic.of(Code.EXPECTED_STRING, args.get("name").span(), "name", "name=\"fc1\""));
      }
      prefix = s.value();
    }
    if (ExprChecker.failed(x) || units == null || act.isEmpty() || layout.isEmpty() || bias.isEmpty()) {
      return new Node.Invalid(site);
    }
    if (units < 1) {
      return exprs.invalid(Diagnostic.of(Code.SIZE_TOO_SMALL, args.get("units").span(), "the number of units", units)
          .label("a layer needs at least 1 unit"));
    }
    Shape xs = x.type().shape();
    if (xs.rank() < 1 || !xs.dim(-1).isFixed()) {
      return exprs.invalid(Diagnostic.of(Code.RANK, args.get("x").span(), "dense",
              "an input whose last axis (its features) has a fixed size", xs)
          .label(xs.rank() < 1 ? "a scalar has no features" : "the last axis is the run-time size " + xs.dim(-1)));
    }
    Dim in = xs.dim(-1);
    Dim out = Dim.of(units).withOrigin(Origin.at(args.get("units").span(), "the units of dense layer `" + prefix + "`"));
    network.sizeTrace().denseKeptAxes(prefix, args.get("units").span(), site, args.get("x").span(), xs);
    boolean torch = layout.get().equals("out_in");
    boolean hasBias = bias.get().equals("true");
    Shape weightShape = new Shape(torch ? List.of(out, in) : List.of(in, out));
    Node.Param weight = network.denseParam(prefix + ".weight", weightShape, site, prefix);
    Node.Param b = hasBias ? network.denseParam(prefix + ".bias", new Shape(List.of(out)), site, prefix) : null;
    if (weight == null || (hasBias && b == null)) {
      return new Node.Invalid(site);
    }
    Node w = torch
        ? new Node.Transpose(weight, List.of(1, 0), weight.type().withShape(new Shape(List.of(in, out))), site)
        : weight;
    Node z = exprs.matmul(x, w, site);
    if (ExprChecker.failed(z)) {
      return z;
    }
    if (b != null) {
      z = new Node.Elementwise(ArithOp.ADD, z, b, z.type(), site);
    }
    return switch (act.get()) {
      case "softmax", "log_softmax" -> new Node.Softmax(z, z.type().rank() - 1, act.get().equals("log_softmax"), z.type(), site);
      default -> {
        ActivationKind kind = ActivationKind.parse(act.get()).orElseThrow();
        yield kind == ActivationKind.IDENTITY ? z
            : new Node.Activation(kind, z, kind == ActivationKind.LEAKY_RELU ? 0.01 : 0, z.type(), site);
      }
    };
  }

  private Node transpose(Arguments args, Span site) {
    Node x = tensor(args, "x");
    if (ExprChecker.failed(x)) {
      return x;
    }
    List<Long> axes = new ArrayList<>();
    if (args.has("axes")) {
      if (!(Expr.strip(args.get("axes")) instanceof Expr.ListExpr list)) {
        return exprs.invalid(Diagnostic.of(Code.EXPECTED_LIST, args.get("axes").span(), "`axes`", "[0, 2, 1, 3]"));
      }
      for (Expr item : list.items()) {
        Long a = exprs.integer(item, "an axis");
        if (a == null) {
          return new Node.Invalid(site);
        }
        axes.add(a);
      }
    } else {
      for (long i = x.type().rank() - 1; i >= 0; i--) {
        axes.add(i);
      }
    }
    int rank = x.type().rank();
    List<Integer> perm = axes.stream().map(a -> (int) (a < 0 ? a + rank : a)).toList();
    return exprs.typed(AxisRules.transpose(x.type().shape(), axes, args.has("axes") ? args.get("axes").span() : site),
        s -> new Node.Transpose(x, perm, x.type().withShape(s), site));
  }

  private Node reshape(Arguments args, Span site) {
    Node x = tensor(args, "x");
    Expr shapeArg = Expr.strip(args.get("shape"));
    if (!(shapeArg instanceof Expr.ListExpr list)) {
      return exprs.invalid(Diagnostic.of(Code.EXPECTED_LIST, args.get("shape").span(), "`shape`", "[N, -1]"));
    }
    SizeEvaluator sizes = exprs.sizes();
    List<Dim> target = new ArrayList<>();
    List<Span> spans = new ArrayList<>();
    boolean ok = true;
    for (Expr item : list.items()) {
      spans.add(item.span());
      if (Expr.strip(item) instanceof Expr.Num n && n.integral() && n.value() == -1) {
        target.add(null);
        continue;
      }
      Dim d = sizes.size(item, "the reshape at line " + site.line());
      ok &= d != null;
      target.add(d);
    }
    if (ExprChecker.failed(x) || !ok) {
      return new Node.Invalid(site);
    }
    return exprs.typed(ReshapeRule.apply(x, target, spans, site), s -> new Node.Reshape(x, x.type().withShape(s), site));
  }

  private Node flatten(Arguments args, Span site) {
    Node x = tensor(args, "x");
    Long start = args.has("start") ? exprs.integer(args.get("start"), "`start`") : Long.valueOf(1);
    if (ExprChecker.failed(x) || start == null) {
      return new Node.Invalid(site);
    }
    Shape s = x.type().shape();
    return exprs.typed(AxisRules.axis(start, s.rank(), args.has("start") ? args.get("start").span() : site),
        axis -> new Node.Reshape(x, x.type().withShape(ReshapeRule.flatten(s, axis)), site));
  }

  private Node concat(Arguments args, Span site) {
    if (!(Expr.strip(args.get("tensors")) instanceof Expr.ListExpr list) || list.items().isEmpty()) {
      return exprs.invalid(Diagnostic.of(Code.EXPECTED_LIST, args.get("tensors").span(), "the tensors of `concat`",
          "concat([a, b], axis=-1)"));
    }
    List<Node> parts = new ArrayList<>();
    for (Expr item : list.items()) {
      parts.add(exprs.check(item));
    }
    Long axis = args.has("axis") ? exprs.integer(args.get("axis"), "the axis") : Long.valueOf(-1);
    if (ExprChecker.failed(parts.toArray(Node[]::new)) || axis == null) {
      return new Node.Invalid(site);
    }
    for (Node part : parts) {
      if (part.type().dtype() != parts.get(0).type().dtype()) {
        return exprs.invalid(Diagnostic.of(Code.CONCAT, part.span(), parts.get(0).type(), part.type(), axis)
            .label("element type " + part.type().dtype() + ", but the first part is " + parts.get(0).type().dtype())
            .help("convert it to the first part's type: `cast(" + part.span().text() + ", "
                + parts.get(0).type().dtype() + ")`"));
      }
    }
    Span axisSpan = args.has("axis") ? args.get("axis").span() : site;
    return exprs.typed(AxisRules.concat(parts, axis, axisSpan, site), s -> {
      int normalized = (int) (axis < 0 ? axis + s.rank() : axis);
      return new Node.Concat(parts, normalized, parts.get(0).type().withShape(s), site);
    });
  }

  private Node cast(Arguments args, Span site) {
    Node x = tensor(args, "x");
    Optional<String> to = option(args.get("dtype"), "dtype", CAST_TARGETS);
    if (ExprChecker.failed(x) || to.isEmpty()) {
      return new Node.Invalid(site);
    }
    DType target = DType.parse(to.get()).orElseThrow();
    if (x instanceof Node.Constant c) {
      // A number stays a number; to an integer type it is truncated, as the tensor cast does.
      return target.isFloatingPoint() ? c : ExprChecker.constant((long) c.value(), site);
    }
    if (x.type().dtype() == target) {
      return x;
    }
    return new Node.Cast(x, new TensorType(target, x.type().shape()), site);
  }

  private Node embedding(Arguments args, Span site) {
    Node table = tensor(args, "table");
    Node ids = tensor(args, "ids");
    if (ExprChecker.failed(table, ids)) {
      return new Node.Invalid(site);
    }
    Shape ts = table.type().shape();
    if (ts.rank() != 2) {
      return exprs.invalid(Diagnostic.of(Code.RANK, table.span(), "the table of `embedding`", "rank 2, [V, D]", ts)
          .label("one row of D values per id, V rows")
          .note("`embedding(table, ids)` replaces each id with its row of the table"));
    }
    if (ids instanceof Node.Constant c) {
      // A constant id is the row it names; unlike gather's index, it never counts from the end.
      return c.value() < 0 && ts.dim(0).isFixed()
          ? exprs.invalid(Diagnostic.of(Code.INDEX_RANGE, c.span(), (long) c.value(), 0, ts.dim(0).value())
              .label("an id is a row of the table, from 0 to " + (ts.dim(0).value() - 1)))
          : constantGather(table, c, 0, site);
    }
    Node index = integerIndex(ids, "`embedding`", "integer ids");
    if (ExprChecker.failed(index)) {
      return index;
    }
    List<Dim> dims = new ArrayList<>(ids.type().shape().dims());
    dims.add(ts.dim(1));
    return new Node.Gather(table, ids, 0, false, table.type().withShape(new Shape(dims)), site);
  }

  private Node gather(Arguments args, Span site) {
    Node x = tensor(args, "x");
    Node index = tensor(args, "index");
    Long axisArg = args.has("axis") ? exprs.integer(args.get("axis"), "the axis") : Long.valueOf(0);
    if (ExprChecker.failed(x, index) || axisArg == null) {
      return new Node.Invalid(site);
    }
    Span axisSpan = args.has("axis") ? args.get("axis").span() : site;
    Shape xs = x.type().shape();
    if (index instanceof Node.Constant c) {
      return exprs.typed(AxisRules.axis(axisArg, xs.rank(), axisSpan), axis -> constantGather(x, c, axis, site));
    }
    Node checked = integerIndex(index, "`gather`", "an integer index");
    if (ExprChecker.failed(checked)) {
      return checked;
    }
    return exprs.typed(AxisRules.axis(axisArg, xs.rank(), axisSpan), axis -> {
      List<Dim> dims = new ArrayList<>(xs.dims().subList(0, axis));
      dims.addAll(index.type().shape().dims());
      dims.addAll(xs.dims().subList(axis + 1, xs.rank()));
      return new Node.Gather(x, index, axis, true, x.type().withShape(new Shape(dims)), site);
    });
  }

  /**
   * {@code gather(x, i, axis)} with a constant {@code i}: the slice {@code x[:, ..., i]}, that axis
   * dropped. Position 0 exists on every axis, a run-time one too (sizes are at least 1); any other
   * position on a run-time axis could be out of range, so it is refused as slicing refuses it.
   */
  private Node constantGather(Node x, Node.Constant c, int axis, Span site) {
    if (c.value() != Math.rint(c.value()) || Math.abs(c.value()) > 1e15) {
      return exprs.invalid(Diagnostic.of(Code.NOT_WHOLE, c.span(), "the index", ExprChecker.number(c.value())));
    }
    long i = (long) c.value();
    Shape xs = x.type().shape();
    Dim size = xs.dim(axis);
    RuleResult<Node.AxisRange> kept = !size.isFixed() && i == 0
        ? RuleResult.ok(new Node.AxisRange(0, 1, false, true))
        : AxisRules.slice(size, new AxisRules.IndexItem(i, null, false, c.span()), axis);
    return exprs.typed(kept, r -> {
      List<Node.AxisRange> ranges = new ArrayList<>();
      List<Dim> dims = new ArrayList<>();
      for (int d = 0; d < xs.rank(); d++) {
        Dim n = xs.dim(d);
        ranges.add(d == axis ? r : new Node.AxisRange(0, n.isFixed() ? n.value() : -1, true, false));
        if (d != axis) {
          dims.add(n);
        }
      }
      return new Node.Slice(x, ranges, x.type().withShape(new Shape(dims)), site);
    });
  }

  /** {@code index}, or an {@link Node.Invalid} after reporting that it holds floats, with the cast that fixes it. */
  private Node integerIndex(Node index, String op, String what) {
    if (!index.type().dtype().isFloatingPoint()) {
      return index;
    }
    String cast = "cast(" + index.span().text().strip() + ", i64)";
    return exprs.invalid(Diagnostic.of(Code.ELEMENT_TYPE, index.span(), op, what,
            dev.netc.compiler.shape.Describe.operand(index), index.type())
        .label("positions must be whole numbers")
        .fix(NameHints.replace(index.span(), cast, "if it holds whole numbers, convert it: `" + cast + "`")));
  }

  private Node attention(Arguments args, Span site) {
    Node q = tensor(args, "q");
    Node k = tensor(args, "k");
    Node v = tensor(args, "v");
    Optional<Node> mask = args.has("mask") ? Optional.of(tensor(args, "mask")) : Optional.empty();
    Optional<String> causal = args.has("causal")
        ? option(args.get("causal"), "causal", List.of("true", "false"))
        : Optional.of("false");
    if (ExprChecker.failed(q, k, v) || (mask.isPresent() && ExprChecker.failed(mask.get())) || causal.isEmpty()) {
      return new Node.Invalid(site);
    }
    boolean isCausal = causal.get().equals("true");
    return exprs.typed(AttentionRule.apply(q, k, v, mask, site),
        s -> new Node.Attention(q, k, v, mask, isCausal, q.type().withShape(s), site));
  }

  private Node mse(Arguments args, Span site) {
    Node a = tensor(args, "prediction");
    Node b = tensor(args, "target");
    if (ExprChecker.failed(a, b)) {
      return new Node.Invalid(site);
    }
    Shape sa = a.type().shape();
    Shape sb = b.type().shape();
    if (!sa.equals(sb)) {
      Diagnostic.Builder d = Diagnostic.of(Code.MSE, site, sa, sb)
          .label("the prediction is " + sa + ", the target " + sb);
      if (sa.elementCount().equals(sb.elementCount())) {
        d.note("broadcasting them would compare every prediction with every target");
      }
      network.sizeTrace().explain(d, sa, sb);
      return exprs.invalid(d);
    }
    return new Node.Mse(a, b, a.type().withShape(Shape.SCALAR), site);
  }

  /**
   * {@code cross_entropy(logits, target)}, targets of the logits' shape, and
   * {@code sparse_cross_entropy(logits, labels)}, one integer class per row of logits. Giving one
   * the other's targets is the most common label bug: each is reported with the call that fits,
   * and logits that are already a softmax get a warning.
   */
  private Node crossEntropy(LossKind kind, Arguments args, Span site) {
    boolean sparse = kind == LossKind.SPARSE_CROSS_ENTROPY;
    String name = kind.spelling();
    Node logits = exprs.floating(exprs.check(args.get("logits")), "`" + name + "`");
    Node target = exprs.check(args.get(sparse ? "labels" : "target"));
    if (ExprChecker.failed(logits, target)) {
      return new Node.Invalid(site);
    }
    Shape z = logits.type().shape();
    Shape t = target.type().shape();
    if (z.rank() < 1) {
      return exprs.invalid(Diagnostic.of(Code.RANK, logits.span(), "`" + name + "`", "logits with a class axis",
          "a scalar"));
    }
    Shape rows = new Shape(z.dims().subList(0, z.rank() - 1));
    String other = sparse ? "cross_entropy" : "sparse_cross_entropy";
    Edit rename = new Edit(new Span(site.file(), site.start(), site.start() + name.length()), other);
    String targetText = dev.netc.compiler.shape.Describe.operand(target);
    if (!sparse && (t.equals(rows) || !target.type().dtype().isFloatingPoint())) {
      return exprs.invalid(Diagnostic.of(Code.LOSS_TARGET, target.span(), name, "targets of the logits' shape " + z,
              targetText, target.type())
          .label("one class index per row")
          .note("cross_entropy compares each row of logits with a row of probabilities (one-hot or soft); class "
              + "indices are what sparse_cross_entropy takes")
          .fix(new Fix("use `sparse_cross_entropy(...)` for class indices", "Use sparse_cross_entropy",
              List.of(rename))));
    }
    if (sparse && t.equals(z)) {
      Diagnostic.Builder d = Diagnostic.of(Code.LOSS_TARGET, target.span(), name, "one class index per row, " + rows,
              targetText, target.type())
          .label("one row per example, one value per class: one-hot or probabilities")
          .note("sparse_cross_entropy takes the index of each row's class; rows of probabilities are what "
              + "cross_entropy takes");
      if (target.type().dtype().isFloatingPoint()) {
        d.fix(new Fix("use `cross_entropy(...)` for one-hot or probability targets", "Use cross_entropy",
            List.of(rename)));
      }
      return exprs.invalid(d);
    }
    if (sparse && !t.equals(rows)) {
      Diagnostic.Builder d = Diagnostic.of(Code.LOSS_TARGET, target.span(), name, "one class index per row, " + rows,
              targetText, target.type())
          .label("the logits are " + z + ": " + rows + " rows of " + z.dim(-1) + " classes");
      List<Dim> wanted = new ArrayList<>(t.dims());
      wanted.add(z.dim(-1));
      network.sizeTrace().explain(d, z, new Shape(wanted));
      return exprs.invalid(d);
    }
    if (sparse && target.type().dtype().isFloatingPoint()) {
      String cast = "cast(" + target.span().text().strip() + ", i64)";
      return exprs.invalid(Diagnostic.of(Code.LOSS_TARGET, target.span(), name, "integer class indices",
              targetText, target.type())
          .label("floating-point labels")
          .fix(NameHints.replace(target.span(), cast, "convert them to class indices: `" + cast + "`")));
    }
    if (!sparse && !t.equals(z)) {
      Diagnostic.Builder d = Diagnostic.of(Code.LOSS_TARGET, target.span(), name, "targets of the logits' shape " + z,
          targetText, target.type()).label("a shape other than the logits' " + z);
      network.sizeTrace().explain(d, z, t);
      return exprs.invalid(d);
    }
    warnIfProbabilities(name, logits);
    return new Node.Loss(kind, logits, target, logits.type().withShape(Shape.SCALAR), site);
  }

  /** The cross-entropies apply log_softmax themselves: logits that are already a softmax are a slip. */
  private void warnIfProbabilities(String name, Node logits) {
    Node value = logits;
    for (int hops = 0; value instanceof Node.Ref r && scope.get(r.name()) instanceof Scope.Value v && hops < 64;
        hops++) {
      value = v.value;
    }
    if (value instanceof Node.Softmax s && !s.log()) {
      String inner = s.operand().span().text();
      Diagnostic.Builder d = Diagnostic.of(Code.LOSS_OF_PROBABILITIES, logits.span(), name,
              dev.netc.compiler.shape.Describe.operand(logits))
          .label("probabilities, not logits")
          .related(s.span(), "the softmax")
          .note(name + " applies log_softmax itself: a softmax before it is applied twice");
      if (value == logits) {
        d.fix(new Fix("give it the logits: `" + inner + "`", "Use the logits", List.of(new Edit(logits.span(), inner))));
      } else {
        d.help("give it the logits the softmax was taken of, `" + inner + "`, and keep the softmax for predictions");
      }
      out.report(d);
    }
  }

  /** {@code binary_cross_entropy(p, target, logits=false)}: of probabilities, or of logits; shapes equal. */
  private Node binaryCrossEntropy(Arguments args, Span site) {
    Node p = tensor(args, "prediction");
    Node t = tensor(args, "target");
    Optional<String> logits = args.has("logits")
        ? option(args.get("logits"), "logits", List.of("true", "false"))
        : Optional.of("false");
    if (ExprChecker.failed(p, t) || logits.isEmpty()) {
      return new Node.Invalid(site);
    }
    if (!p.type().shape().equals(t.type().shape())) {
      Diagnostic.Builder d = Diagnostic.of(Code.LOSS_TARGET, t.span(), "binary_cross_entropy",
              "a target of the prediction's shape " + p.type().shape(), dev.netc.compiler.shape.Describe.operand(t),
              t.type())
          .label("a shape other than the prediction's");
      network.sizeTrace().explain(d, p.type().shape(), t.type().shape());
      return exprs.invalid(d);
    }
    LossKind kind = logits.get().equals("true") ? LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS
        : LossKind.BINARY_CROSS_ENTROPY;
    return new Node.Loss(kind, p, t, p.type().withShape(Shape.SCALAR), site);
  }

  /** {@code sqrt(c)} of a constant folds ({@code 1 / sqrt(d_k)}); of a tensor, it is element-wise. */
  private Node sqrt(Arguments args, Span site) {
    return activation(ActivationKind.SQRT, args, site);
  }

  private Node pow(Arguments args, Span site) {
    Node x = tensor(args, "x");
    Double p = exprs.number(args.get("p"), "the exponent `p`");
    if (ExprChecker.failed(x) || p == null) {
      return new Node.Invalid(site);
    }
    if (x instanceof Node.Constant c && !inDomain(ActivationKind.POW, c.value(), p)) {
      return outOfDomain(ActivationKind.POW, c.value(), args.get("x").span());
    }
    return activation(ActivationKind.POW, x, p, site);
  }

  /** An option written as a bare name or a string ({@code relu}, {@code "tanh"}); empty after reporting. */
  /** Options with more allowed words than this list them in a note, not in the message. */
  private static final int MAX_OPTIONS_INLINE = 4;

  private Optional<String> option(Expr e, String what, List<String> allowed) {
    String value = switch (Expr.strip(e)) {
      case Expr.Name n -> n.id();
      case Expr.Str s -> s.value();
      default -> null;
    };
    if (value != null && allowed.contains(value)) {
      return Optional.of(value);
    }
    // A long list would make the first line, all that an editor's list of problems shows, too long to read.
    boolean listBelow = allowed.size() > MAX_OPTIONS_INLINE;
    Diagnostic.Builder d = Diagnostic.of(Code.BAD_OPTION, e.span(), what,
        listBelow ? "the " + allowed.size() + " listed below" : String.join(", ", allowed),
        value == null ? "" : "; found `" + value + "`");
    if (listBelow) {
      d.note("`" + what + "` is one of " + String.join(", ", allowed));
    }
    if (value != null) {
      Expr written = Expr.strip(e);
      NameHints.closest(value, allowed).ifPresent(s -> d.fix(
          NameHints.replace(written.span(), written instanceof Expr.Str ? "\"" + s + "\"" : s, "did you mean `" + s + "`?")));
    }
    out.report(d);
    return Optional.empty();
  }
}
