package dev.netc.compiler.check;

import static dev.netc.compiler.check.Arguments.optional;
import static dev.netc.compiler.check.Arguments.required;

import dev.netc.compiler.ast.Expr;
import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Diagnostics;
import dev.netc.runtime.ops.ActivationKind;
import dev.netc.runtime.ops.ArithOp;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.shape.AttentionRule;
import dev.netc.compiler.shape.AxisRules;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Origin;
import dev.netc.compiler.shape.ReshapeRule;
import dev.netc.compiler.shape.Shape;
import dev.netc.compiler.shape.TensorType;
import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in operations: their signatures, their shape rules (most in
 * {@code dev.netc.compiler.shape}) and how they lower to {@link Node}s.
 */
final class CallChecker {
  /** Every operation and its parameters, in positional order. */
  static final Map<String, List<Arguments.Param>> SIGNATURES = new LinkedHashMap<>();

  static {
    for (ActivationKind k : ActivationKind.values()) {
      if (k != ActivationKind.GELU && k != ActivationKind.LEAKY_RELU && k != ActivationKind.GELU_TANH) {
        SIGNATURES.put(k.spelling(), List.of(required("x")));
      }
    }
    SIGNATURES.put("gelu", List.of(required("x"), optional("approximate")));
    SIGNATURES.put("leaky_relu", List.of(required("x"), optional("alpha")));
    SIGNATURES.put("softmax", List.of(required("x"), optional("axis")));
    SIGNATURES.put("log_softmax", List.of(required("x"), optional("axis")));
    SIGNATURES.put("layernorm", List.of(required("x"), required("gamma"), required("beta"), optional("eps")));
    SIGNATURES.put("dense", List.of(required("x"), required("units"), optional("activation"), optional("layout"),
        optional("bias"), optional("name")));
    SIGNATURES.put("transpose", List.of(required("x"), optional("axes")));
    SIGNATURES.put("reshape", List.of(required("x"), required("shape")));
    SIGNATURES.put("flatten", List.of(required("x"), optional("start")));
    SIGNATURES.put("concat", List.of(required("tensors"), optional("axis")));
    SIGNATURES.put("scaled_dot_product_attention", List.of(required("q"), required("k"), required("v"), optional("mask")));
    SIGNATURES.put("mse", List.of(required("prediction"), required("target")));
    SIGNATURES.put("sqrt", List.of(required("x")));
  }

  static boolean isOperation(String name) {
    return SIGNATURES.containsKey(name);
  }

  private final ExprChecker exprs;
  private final Scope scope;
  private final Diagnostics out;
  private final NetworkChecker network;
  private final IndexRecorder index;

  CallChecker(ExprChecker exprs, Scope scope, Diagnostics out, NetworkChecker network, IndexRecorder index) {
    this.exprs = exprs;
    this.scope = scope;
    this.out = out;
    this.network = network;
    this.index = index;
  }

  Node check(Expr.Call call) {
    String op = call.callee().text();
    List<Arguments.Param> signature = SIGNATURES.get(op);
    index.operation(call.callee().span(), op, signature != null);
    if (signature == null) {
      Diagnostic.Builder d = Diagnostic.of(Code.UNKNOWN_OPERATION, call.callee().span(), op);
      NameHints.closest(op, SIGNATURES.keySet()).ifPresent(s -> d.fix(NameHints.didYouMean(call.callee().span(), s)));
      if (scope.get(op) != null) {
        d.note("`" + op + "` is " + scope.get(op).kind() + ", which cannot be called");
      }
      out.report(d);
      return checkArgumentsOnly(call);
    }
    Arguments args = Arguments.bind(call, signature, out);
    if (args == null) {
      return checkArgumentsOnly(call);
    }
    Span site = call.span();
    return switch (op) {
      case "gelu" -> gelu(args, site);
      case "leaky_relu" -> leakyRelu(args, site);
      case "softmax", "log_softmax" -> softmax(args, op.equals("log_softmax"), site);
      case "layernorm" -> layernorm(args, site);
      case "dense" -> dense(args, site);
      case "transpose" -> transpose(args, site);
      case "reshape" -> reshape(args, site);
      case "flatten" -> flatten(args, site);
      case "concat" -> concat(args, site);
      case "scaled_dot_product_attention" -> attention(args, site);
      case "mse" -> mse(args, site);
      case "sqrt" -> sqrt(args, site);
      default -> activation(ActivationKind.parse(op).orElseThrow(), exprs.check(args.get("x")), 0, site);
    };
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
    return exprs.check(args.get(name));
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

  private Node gelu(Arguments args, Span site) {
    Node x = tensor(args, "x");
    String approximate = args.has("approximate") ? option(args.get("approximate"), "approximate", List.of("none", "tanh")) : "none";
    if (approximate == null) {
      return new Node.Invalid(site);
    }
    return activation(approximate.equals("tanh") ? ActivationKind.GELU_TANH : ActivationKind.GELU, x, 0, site);
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
    int axis = AxisRules.axis(axisArg, x.type().rank(), axisSpan, out);
    return axis < 0 ? new Node.Invalid(site) : new Node.Softmax(x, axis, log, x.type(), site);
  }

  private Node layernorm(Arguments args, Span site) {
    Node x = tensor(args, "x");
    Node gamma = tensor(args, "gamma");
    Node beta = tensor(args, "beta");
    Double eps = args.has("eps") ? exprs.number(args.get("eps"), "`eps`") : Double.valueOf(1e-5);
    if (ExprChecker.failed(x, gamma, beta) || eps == null) {
      return new Node.Invalid(site);
    }
    if (x.type().rank() < 1) {
      return exprs.invalid(Diagnostic.of(Code.RANK, args.get("x").span(), "layernorm", "a tensor of rank 1 or more", "a scalar"));
    }
    if (!(eps > 0)) {
      return exprs.invalid(Diagnostic.of(Code.BAD_VALUE, args.get("eps").span(), "`eps` must be positive, found " + eps));
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

  private Node dense(Arguments args, Span site) {
    Node x = tensor(args, "x");
    Long units = exprs.integer(args.get("units"), "the number of units");
    String act = args.has("activation")
        ? option(args.get("activation"), "activation", List.of("identity", "relu", "leaky_relu", "sigmoid", "tanh",
            "gelu", "gelu_tanh", "softmax", "log_softmax"))
        : "identity";
    String layout = args.has("layout") ? option(args.get("layout"), "layout", List.of("in_out", "out_in")) : "in_out";
    Boolean bias = args.has("bias") ? bool(args.get("bias")) : Boolean.TRUE;
    String prefix = exprs.statement();
    if (args.has("name")) {
      if (!(Expr.strip(args.get("name")) instanceof Expr.Str s)) {
        return exprs.invalid(Diagnostic.of(Code.BAD_VALUE, args.get("name").span(), "`name` must be a string, e.g. name=\"fc1\""));
      }
      prefix = s.value();
    }
    if (ExprChecker.failed(x) || units == null || act == null || layout == null || bias == null) {
      return new Node.Invalid(site);
    }
    if (units < 1) {
      return exprs.invalid(Diagnostic.of(Code.BAD_DIM, args.get("units").span(), "a layer needs at least 1 unit, found " + units));
    }
    Shape xs = x.type().shape();
    if (xs.rank() < 1 || !xs.dim(-1).isFixed()) {
      return exprs.invalid(Diagnostic.of(Code.RANK, args.get("x").span(), "dense",
              "an input whose last axis (its features) has a fixed size", xs)
          .label(xs.rank() < 1 ? "a scalar has no features" : "the last axis is the run-time size " + xs.dim(-1)));
    }
    Dim in = xs.dim(-1);
    Dim out = Dim.of(units).withOrigin(Origin.at(args.get("units").span(), "the units of dense layer `" + prefix + "`"));
    boolean torch = layout.equals("out_in");
    Shape weightShape = new Shape(torch ? List.of(out, in) : List.of(in, out));
    Node.Param weight = network.denseParam(prefix + ".weight", weightShape, site, prefix);
    Node.Param b = bias ? network.denseParam(prefix + ".bias", new Shape(List.of(out)), site, prefix) : null;
    if (weight == null || (bias && b == null)) {
      return new Node.Invalid(site);
    }
    Node w = torch
        ? new Node.Transpose(weight, List.of(1, 0), TensorType.f32(new Shape(List.of(in, out))), site)
        : weight;
    Node z = exprs.matmul(x, w, site);
    if (ExprChecker.failed(z)) {
      return z;
    }
    if (b != null) {
      z = new Node.Elementwise(ArithOp.ADD, z, b, z.type(), site);
    }
    return switch (act) {
      case "identity" -> z;
      case "softmax", "log_softmax" -> new Node.Softmax(z, z.type().rank() - 1, act.equals("log_softmax"), z.type(), site);
      case "gelu_tanh" -> new Node.Activation(ActivationKind.GELU_TANH, z, 0, z.type(), site);
      case "leaky_relu" -> new Node.Activation(ActivationKind.LEAKY_RELU, z, 0.01, z.type(), site);
      default -> new Node.Activation(ActivationKind.parse(act).orElseThrow(), z, 0, z.type(), site);
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
        return exprs.invalid(Diagnostic.of(Code.BAD_VALUE, args.get("axes").span(), "`axes` must be a list, e.g. [0, 2, 1, 3]"));
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
    Shape s = AxisRules.transpose(x.type().shape(), axes, args.has("axes") ? args.get("axes").span() : site, out);
    if (s == null) {
      return new Node.Invalid(site);
    }
    int rank = x.type().rank();
    List<Integer> perm = axes.stream().map(a -> (int) (a < 0 ? a + rank : a)).toList();
    return new Node.Transpose(x, perm, TensorType.f32(s), site);
  }

  private Node reshape(Arguments args, Span site) {
    Node x = tensor(args, "x");
    Expr shapeArg = Expr.strip(args.get("shape"));
    if (!(shapeArg instanceof Expr.ListExpr list)) {
      return exprs.invalid(Diagnostic.of(Code.BAD_VALUE, args.get("shape").span(), "`shape` must be a list of sizes, e.g. [N, -1]"));
    }
    SizeEvaluator sizes = new SizeEvaluator(scope, out, n -> {
      Diagnostic.Builder d = Diagnostic.of(Code.UNKNOWN_DIM, n.span(), n.id())
          .label("not a `dim` or a run-time dimension of an input");
      NameHints.closest(n.id(), scope.names()).ifPresent(s -> d.fix(NameHints.didYouMean(n.span(), s)));
      out.report(d);
      return null;
    }, index);
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
    Shape s = ReshapeRule.apply(x, target, spans, site, out);
    return s == null ? new Node.Invalid(site) : new Node.Reshape(x, TensorType.f32(s), site);
  }

  private Node flatten(Arguments args, Span site) {
    Node x = tensor(args, "x");
    Long start = args.has("start") ? exprs.integer(args.get("start"), "`start`") : Long.valueOf(1);
    if (ExprChecker.failed(x) || start == null) {
      return new Node.Invalid(site);
    }
    Shape s = x.type().shape();
    int axis = AxisRules.axis(start, s.rank(), args.has("start") ? args.get("start").span() : site, out);
    if (axis < 0) {
      return new Node.Invalid(site);
    }
    return new Node.Reshape(x, TensorType.f32(ReshapeRule.flatten(s, axis)), site);
  }

  private Node concat(Arguments args, Span site) {
    if (!(Expr.strip(args.get("tensors")) instanceof Expr.ListExpr list) || list.items().isEmpty()) {
      return exprs.invalid(Diagnostic.of(Code.BAD_VALUE, args.get("tensors").span(),
          "concat takes a list of tensors, e.g. concat([a, b], axis=-1)"));
    }
    List<Node> parts = new ArrayList<>();
    for (Expr item : list.items()) {
      parts.add(exprs.check(item));
    }
    Long axis = args.has("axis") ? exprs.integer(args.get("axis"), "the axis") : Long.valueOf(-1);
    if (ExprChecker.failed(parts.toArray(Node[]::new)) || axis == null) {
      return new Node.Invalid(site);
    }
    Span axisSpan = args.has("axis") ? args.get("axis").span() : site;
    Shape s = AxisRules.concat(parts, axis, axisSpan, site, out);
    if (s == null) {
      return new Node.Invalid(site);
    }
    int normalized = (int) (axis < 0 ? axis + s.rank() : axis);
    return new Node.Concat(parts, normalized, TensorType.f32(s), site);
  }

  private Node attention(Arguments args, Span site) {
    Node q = tensor(args, "q");
    Node k = tensor(args, "k");
    Node v = tensor(args, "v");
    Node mask = args.has("mask") ? tensor(args, "mask") : null;
    if (ExprChecker.failed(q, k, v) || (mask != null && ExprChecker.failed(mask))) {
      return new Node.Invalid(site);
    }
    Shape s = AttentionRule.apply(q, k, v, mask, site, out);
    return s == null
        ? new Node.Invalid(site)
        : new Node.Attention(q, k, v, java.util.Optional.ofNullable(mask), TensorType.f32(s), site);
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
        d.help("reshape one so both are " + (sa.rank() >= sb.rank() ? sa : sb));
      }
      return exprs.invalid(d);
    }
    return new Node.Mse(a, b, TensorType.f32(Shape.SCALAR), site);
  }

  private Node sqrt(Arguments args, Span site) {
    Double v = exprs.number(args.get("x"), "the argument of `sqrt`");
    if (v == null) {
      return new Node.Invalid(site);
    }
    if (v < 0) {
      return exprs.invalid(Diagnostic.of(Code.BAD_VALUE, args.get("x").span(), "the square root of a negative number, " + v));
    }
    return ExprChecker.constant(Math.sqrt(v), site);
  }

  /** An option written as a bare name or a string ({@code relu}, {@code "tanh"}), or null after reporting. */
  private String option(Expr e, String what, List<String> allowed) {
    String value = switch (Expr.strip(e)) {
      case Expr.Name n -> n.id();
      case Expr.Str s -> s.value();
      default -> null;
    };
    if (value == null || !allowed.contains(value)) {
      Diagnostic.Builder d = Diagnostic.of(Code.BAD_VALUE, e.span(),
          "`" + what + "` must be one of " + String.join(", ", allowed) + (value == null ? "" : "; found `" + value + "`"));
      if (value != null) {
        Expr written = Expr.strip(e);
        NameHints.closest(value, allowed).ifPresent(s -> d.fix(
            NameHints.replace(written.span(), written instanceof Expr.Str ? "\"" + s + "\"" : s, "did you mean `" + s + "`?")));
      }
      out.report(d);
      return null;
    }
    return value;
  }

  private Boolean bool(Expr e) {
    if (Expr.strip(e) instanceof Expr.Name n && (n.id().equals("true") || n.id().equals("false"))) {
      return n.id().equals("true");
    }
    out.report(Diagnostic.of(Code.BAD_VALUE, e.span(), "expected `true` or `false`"));
    return null;
  }
}
