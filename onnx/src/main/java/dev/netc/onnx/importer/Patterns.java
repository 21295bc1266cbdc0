package dev.netc.onnx.importer;

import dev.netc.onnx.OnnxAttribute;
import dev.netc.onnx.OnnxGraph;
import dev.netc.onnx.OnnxNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds groups of ONNX nodes that spell one netc operation, as exporters write them:
 *
 * <ul>
 *   <li>a dense layer: {@code MatMul(x, W)} then {@code Add(., b)} (either operand order), and a
 *       following {@code Relu}, {@code Tanh} or {@code Sigmoid}; {@code Gemm} with one of those;
 *   <li>layer normalization written out: {@code ReduceMean, Sub, Pow 2, ReduceMean, Add eps, Sqrt,
 *       Div}, then {@code Mul gamma, Add beta};
 *   <li>GELU: {@code x * (erf(x / sqrt 2) + 1) * 0.5} in the operand orders exporters use, and
 *       {@code 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3)))};
 *   <li>attention: {@code MatMul(q, kT)}, a constant scale (on the scores or on q), an optional
 *       additive mask, {@code Softmax} over the last axis, {@code MatMul(., v)}.
 * </ul>
 *
 * A group's inner values must have no other use. The groups are found before the walk, on the
 * graph's structure and its plain constants; the importer checks shapes when it reaches a group
 * and translates its nodes one by one if the group does not hold.
 */
final class Patterns {
  enum Kind {
    DENSE,
    GEMM,
    LAYER_NORM,
    GELU,
    ATTENTION
  }

  /**
   * A group: its nodes in graph order, and what the importer needs to write it.
   *
   * @param input x for a layer, q for attention
   * @param input2 attention's keys (or their transpose), else null
   * @param input3 attention's values, else null
   * @param input4 attention's mask, else null
   * @param constant1 a dense weight or a layer norm's gamma
   * @param constant2 a dense bias or a layer norm's beta, or null
   * @param option a dense layer's activation, GELU's approximation
   * @param axes the axes a layer norm normalizes; attention's softmax axis
   * @param number a layer norm's epsilon, attention's score scale
   * @param keyPermutation when attention's keys come from a transpose in the group: the permutation
   *     that makes the keys (not their transpose) from input2; else empty, and input2 is {@code k^T}
   */
  record Group(Kind kind, List<OnnxNode> members, String input, String input2, String input3, String input4,
      Value.Const constant1, Value.Const constant2, String option, List<Long> axes, double number,
      List<Long> keyPermutation) {
    OnnxNode last() {
      return members.get(members.size() - 1);
    }
  }

  private final OnnxGraph graph;
  private final Function<String, Optional<Value.Const>> constants;
  private final Map<String, Integer> uses;
  private final Map<String, OnnxNode> producer = new HashMap<>();
  private final Map<String, List<OnnxNode>> consumers = new HashMap<>();
  private final Map<OnnxNode, Integer> order = new HashMap<>();
  private final Set<OnnxNode> claimed = new HashSet<>();

  Patterns(OnnxGraph graph, Function<String, Optional<Value.Const>> constants, Map<String, Integer> uses,
      Set<String> graphOutputs) {
    this.graph = graph;
    this.constants = constants;
    this.uses = uses;
    for (int i = 0; i < graph.nodes().size(); i++) {
      OnnxNode n = graph.nodes().get(i);
      order.put(n, i);
      for (String out : n.outputs()) {
        producer.put(out, n);
      }
      for (String in : n.inputs()) {
        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
      }
    }
  }

  /** Every group, keyed by its last node (where the importer writes it). */
  Map<OnnxNode, Group> find() {
    Map<OnnxNode, Group> groups = new LinkedHashMap<>();
    // Larger patterns first, so that a dense layer inside attention's projections is still found.
    for (OnnxNode n : graph.nodes()) {
      if (n.opType().equals("Div")) {
        layerNorm(n).ifPresent(g -> add(groups, g));
      }
    }
    for (OnnxNode n : graph.nodes()) {
      if (n.opType().equals("Erf")) {
        geluErf(n).ifPresent(g -> add(groups, g));
      } else if (n.opType().equals("Tanh")) {
        geluTanh(n).ifPresent(g -> add(groups, g));
      }
    }
    for (OnnxNode n : graph.nodes()) {
      if (n.opType().equals("Softmax")) {
        attention(n).ifPresent(g -> add(groups, g));
      }
    }
    for (OnnxNode n : graph.nodes()) {
      if (n.opType().equals("MatMul")) {
        dense(n).ifPresent(g -> add(groups, g));
      } else if (n.opType().equals("Gemm")) {
        gemm(n).ifPresent(g -> add(groups, g));
      }
    }
    return groups;
  }

  private void add(Map<OnnxNode, Group> groups, Group g) {
    for (OnnxNode m : g.members()) {
      if (claimed.contains(m)) {
        return;
      }
    }
    claimed.addAll(g.members());
    groups.put(g.last(), g);
  }

  private List<OnnxNode> sorted(List<OnnxNode> nodes) {
    List<OnnxNode> s = new ArrayList<>(nodes);
    s.sort(Comparator.comparing(order::get));
    return s;
  }

  private Optional<OnnxNode> producedBy(String value, String opType) {
    OnnxNode p = producer.get(value);
    return p != null && p.opType().equals(opType) && !claimed.contains(p) ? Optional.of(p) : Optional.empty();
  }

  /** The one node reading {@code value}, when exactly one does and it is not a graph output. */
  private Optional<OnnxNode> onlyConsumer(String value) {
    List<OnnxNode> c = consumers.getOrDefault(value, List.of());
    if (uses.getOrDefault(value, 0) != 1 || c.size() != 1 || claimed.contains(c.get(0))) {
      return Optional.empty();
    }
    return Optional.of(c.get(0));
  }

  private boolean singleUse(String value) {
    return uses.getOrDefault(value, 0) == 1;
  }

  private static String out(OnnxNode n) {
    return n.outputs().get(0);
  }

  /** The scalar value of a constant operand. */
  private Optional<Double> scalar(String value) {
    return constants.apply(value).flatMap(c -> {
      try {
        return c.isScalarLike() && !c.isSymbolic() ? Optional.of(c.scalar()) : Optional.empty();
      } catch (Exception e) {
        return Optional.empty();
      }
    });
  }

  private static boolean near(double a, double b) {
    return Math.abs(a - b) <= 1e-4 * Math.abs(b);
  }

  /** The operand of a binary node other than {@code value}, if {@code value} is one of its two. */
  private static Optional<String> other(OnnxNode n, String value) {
    if (n.inputs().size() != 2) {
      return Optional.empty();
    }
    if (n.inputs().get(0).equals(value)) {
      return Optional.of(n.inputs().get(1));
    }
    if (n.inputs().get(1).equals(value)) {
      return Optional.of(n.inputs().get(0));
    }
    return Optional.empty();
  }

  private Optional<Group> dense(OnnxNode matmul) {
    if (matmul.inputs().size() != 2) {
      return Optional.empty();
    }
    Optional<Value.Const> w = constants.apply(matmul.inputs().get(1));
    if (w.isEmpty() || w.get().dims().size() != 2 || constants.apply(matmul.inputs().get(0)).isPresent()) {
      return Optional.empty();
    }
    List<OnnxNode> members = new ArrayList<>(List.of(matmul));
    Value.Const bias = null;
    String value = out(matmul);
    Optional<OnnxNode> add = onlyConsumer(value).filter(n -> n.opType().equals("Add"));
    if (add.isPresent()) {
      Optional<Value.Const> b = other(add.get(), value).flatMap(constants);
      long units = w.get().dims().get(1);
      if (b.isPresent() && (b.get().dims().equals(List.of(units)) || b.get().dims().equals(List.of(1L, units)))) {
        bias = b.get();
        members.add(add.get());
        value = out(add.get());
      }
    }
    if (bias == null) {
      return Optional.empty();
    }
    String activation = "identity";
    Optional<OnnxNode> act = onlyConsumer(value).filter(n -> Set.of("Relu", "Tanh", "Sigmoid").contains(n.opType()));
    if (act.isPresent()) {
      activation = act.get().opType().toLowerCase(java.util.Locale.ROOT);
      members.add(act.get());
    }
    return Optional.of(new Group(Kind.DENSE, members, matmul.inputs().get(0), null, null, null, w.get(), bias,
        activation, List.of(), 0, List.of()));
  }

  private Optional<Group> gemm(OnnxNode gemm) {
    Optional<OnnxNode> act = onlyConsumer(out(gemm))
        .filter(n -> Set.of("Relu", "Tanh", "Sigmoid").contains(n.opType()));
    return act.map(a -> new Group(Kind.GEMM, List.of(gemm, a), gemm.inputs().get(0), null, null, null, null, null,
        a.opType().toLowerCase(java.util.Locale.ROOT), List.of(), 0, List.of()));
  }

  private Optional<Group> layerNorm(OnnxNode div) {
    if (div.inputs().size() != 2) {
      return Optional.empty();
    }
    String d = div.inputs().get(0);
    Optional<OnnxNode> sub = producedBy(d, "Sub");
    Optional<OnnxNode> sqrt = producedBy(div.inputs().get(1), "Sqrt");
    if (sub.isEmpty() || sqrt.isEmpty() || uses.getOrDefault(d, 0) != 2) {
      return Optional.empty();
    }
    String x = sub.get().inputs().get(0);
    Optional<OnnxNode> mean = producedBy(sub.get().inputs().get(1), "ReduceMean")
        .filter(m -> m.inputs().get(0).equals(x) && singleUse(out(m)));
    Optional<OnnxNode> addEps = producedBy(sqrt.get().inputs().get(0), "Add").filter(a -> singleUse(out(a)));
    if (mean.isEmpty() || addEps.isEmpty() || !singleUse(out(sqrt.get()))) {
      return Optional.empty();
    }
    OnnxNode var = null;
    Double eps = null;
    for (int i = 0; i < 2; i++) {
      Optional<OnnxNode> r = producedBy(addEps.get().inputs().get(i), "ReduceMean");
      Optional<Double> e = scalar(addEps.get().inputs().get(1 - i));
      if (r.isPresent() && e.isPresent()) {
        var = r.get();
        eps = e.get();
      }
    }
    if (var == null || !singleUse(out(var))) {
      return Optional.empty();
    }
    Optional<OnnxNode> pow = producedBy(var.inputs().get(0), "Pow")
        .filter(p -> p.inputs().get(0).equals(d) && singleUse(out(p)) && scalar(p.inputs().get(1)).orElse(0.0) == 2);
    Optional<OnnxNode> square = producedBy(var.inputs().get(0), "Mul")
        .filter(p -> p.inputs().get(0).equals(d) && p.inputs().get(1).equals(d) && singleUse(out(p)));
    if (pow.isEmpty() && square.isEmpty()) {
      return Optional.empty();
    }
    List<Long> axes = axes(mean.get());
    if (axes == null || !axes.equals(axes(var)) || keepdims(mean.get()) == 0 || keepdims(var) == 0) {
      return Optional.empty();
    }
    List<OnnxNode> members = new ArrayList<>(List.of(mean.get(), sub.get(), pow.orElseGet(square::get), var,
        addEps.get(), sqrt.get(), div));
    Optional<OnnxNode> mul = onlyConsumer(out(div)).filter(n -> n.opType().equals("Mul"));
    Optional<Value.Const> gamma = mul.flatMap(m -> other(m, out(div))).flatMap(constants);
    if (mul.isEmpty() || gamma.isEmpty()) {
      return Optional.empty();
    }
    members.add(mul.get());
    Value.Const beta = null;
    Optional<OnnxNode> add = onlyConsumer(out(mul.get())).filter(n -> n.opType().equals("Add"));
    Optional<Value.Const> b = add.flatMap(a -> other(a, out(mul.get()))).flatMap(constants);
    if (b.isPresent()) {
      beta = b.get();
      members.add(add.get());
    }
    return Optional.of(new Group(Kind.LAYER_NORM, sorted(members), x, null, null, null, gamma.get(), beta, "", axes,
        eps, List.of()));
  }

  /** A ReduceMean's axes: an attribute before opset 18, an input from it on; null when not constant. */
  private List<Long> axes(OnnxNode reduce) {
    if (reduce.attribute("axes").orElse(null) instanceof OnnxAttribute.Ints ints) {
      return ints.values();
    }
    if (reduce.input(1).isPresent()) {
      Optional<Value.Const> c = constants.apply(reduce.inputs().get(1));
      try {
        if (c.isPresent()) {
          List<Long> out = new ArrayList<>();
          for (long a : c.get().longs()) {
            out.add(a);
          }
          return out;
        }
      } catch (Exception e) {
        return null;
      }
    }
    return null;
  }

  private static long keepdims(OnnxNode reduce) {
    return reduce.attribute("keepdims").orElse(null) instanceof OnnxAttribute.IntValue i ? i.value() : 1;
  }

  private Optional<Group> geluErf(OnnxNode erf) {
    String scaled = erf.inputs().get(0);
    OnnxNode first = producer.get(scaled);
    if (first == null || claimed.contains(first) || !singleUse(scaled) || first.inputs().size() != 2) {
      return Optional.empty();
    }
    String x = first.inputs().get(0);
    Optional<Double> c = scalar(first.inputs().get(1));
    boolean ok = c.isPresent() && (first.opType().equals("Div") && near(c.get(), Math.sqrt(2))
        || first.opType().equals("Mul") && near(c.get(), Math.sqrt(0.5)));
    if (!ok) {
      return Optional.empty();
    }
    Optional<OnnxNode> plus = onlyConsumer(out(erf))
        .filter(n -> n.opType().equals("Add") && other(n, out(erf)).flatMap(this::scalar).orElse(0.0) == 1.0);
    if (plus.isEmpty()) {
      return Optional.empty();
    }
    Optional<OnnxNode> times = onlyConsumer(out(plus.get())).filter(n -> n.opType().equals("Mul"));
    if (times.isEmpty()) {
      return Optional.empty();
    }
    List<OnnxNode> members = new ArrayList<>(List.of(first, erf, plus.get(), times.get()));
    Optional<OnnxNode> half = half(times.get(), out(plus.get()), x);
    if (half.isEmpty()) {
      return Optional.empty();
    }
    members.add(half.get());
    return Optional.of(new Group(Kind.GELU, sorted(members), x, null, null, null, null, null, "none", List.of(), 0,
        List.of()));
  }

  /**
   * {@code 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))}, with the cube as {@code Pow 3}
   * or two {@code Mul}s, found from its {@code Tanh}.
   */
  private Optional<Group> geluTanh(OnnxNode tanh) {
    OnnxNode scale = producer.get(tanh.inputs().get(0));
    if (scale == null || !scale.opType().equals("Mul") || !singleUse(out(scale))) {
      return Optional.empty();
    }
    String inner = null;
    for (String in : scale.inputs()) {
      if (scalar(in).filter(v -> near(v, Math.sqrt(2 / Math.PI))).isEmpty()) {
        inner = in;
      }
    }
    Optional<OnnxNode> sum = inner == null ? Optional.empty() : producedBy(inner, "Add").filter(a -> singleUse(out(a)));
    if (sum.isEmpty()) {
      return Optional.empty();
    }
    List<OnnxNode> members = new ArrayList<>(List.of(scale, tanh, sum.get()));
    // x + 0.044715 * cube(x): find which operand is x.
    String x = null;
    for (int i = 0; i < 2 && x == null; i++) {
      String candidate = sum.get().inputs().get(i);
      List<OnnxNode> cube = cubeOf(sum.get().inputs().get(1 - i), candidate);
      if (cube != null) {
        x = candidate;
        members.addAll(cube);
      }
    }
    if (x == null) {
      return Optional.empty();
    }
    Optional<OnnxNode> plus = onlyConsumer(out(tanh))
        .filter(n -> n.opType().equals("Add") && other(n, out(tanh)).flatMap(this::scalar).orElse(0.0) == 1.0);
    if (plus.isEmpty()) {
      return Optional.empty();
    }
    members.add(plus.get());
    Optional<OnnxNode> times = onlyConsumer(out(plus.get())).filter(n -> n.opType().equals("Mul"));
    if (times.isEmpty()) {
      return Optional.empty();
    }
    members.add(times.get());
    Optional<OnnxNode> half = half(times.get(), out(plus.get()), x);
    if (half.isEmpty()) {
      return Optional.empty();
    }
    members.add(half.get());
    return Optional.of(new Group(Kind.GELU, sorted(members), x, null, null, null, null, null, "tanh", List.of(), 0,
        List.of()));
  }

  /**
   * GELU's factor 0.5, given {@code times = Mul(inner, partner)}: either {@code partner} is x and
   * the one reader of {@code times} multiplies by 0.5, or {@code partner} is {@code Mul(x, 0.5)}.
   */
  private Optional<OnnxNode> half(OnnxNode times, String inner, String x) {
    String partner = other(times, inner).orElse("");
    if (partner.equals(x)) {
      return onlyConsumer(out(times))
          .filter(n -> n.opType().equals("Mul") && other(n, out(times)).flatMap(this::scalar).orElse(0.0) == 0.5);
    }
    return producedBy(partner, "Mul")
        .filter(n -> singleUse(partner) && other(n, x).flatMap(this::scalar).orElse(0.0) == 0.5);
  }

  /** The nodes computing {@code 0.044715 * x^3} as {@code value}, or null. */
  private List<OnnxNode> cubeOf(String value, String x) {
    OnnxNode scaled = producer.get(value);
    if (scaled == null || !scaled.opType().equals("Mul") || !singleUse(value)) {
      return null;
    }
    for (int i = 0; i < 2; i++) {
      if (scalar(scaled.inputs().get(i)).filter(v -> near(v, 0.044715)).isPresent()) {
        String cube = scaled.inputs().get(1 - i);
        OnnxNode c = producer.get(cube);
        if (c == null || !singleUse(cube)) {
          return null;
        }
        if (c.opType().equals("Pow") && c.inputs().get(0).equals(x) && scalar(c.inputs().get(1)).orElse(0.0) == 3) {
          return List.of(scaled, c);
        }
        if (c.opType().equals("Mul")) {
          // x * (x * x) or (x * x) * x
          for (int j = 0; j < 2; j++) {
            String a = c.inputs().get(j);
            String b = c.inputs().get(1 - j);
            OnnxNode sq = producer.get(b);
            if (a.equals(x) && sq != null && sq.opType().equals("Mul") && singleUse(b)
                && sq.inputs().get(0).equals(x) && sq.inputs().get(1).equals(x)) {
              return List.of(scaled, c, sq);
            }
          }
        }
      }
    }
    return null;
  }

  private Optional<Group> attention(OnnxNode softmax) {
    String scores = softmax.inputs().get(0);
    List<OnnxNode> members = new ArrayList<>(List.of(softmax));
    if (!singleUse(scores)) {
      return Optional.empty();
    }
    Optional<OnnxNode> second = onlyConsumer(out(softmax))
        .filter(n -> n.opType().equals("MatMul") && n.inputs().get(0).equals(out(softmax)));
    if (second.isEmpty()) {
      return Optional.empty();
    }
    members.add(second.get());
    String mask = null;
    double scale = 1;
    String value = scores;
    OnnxNode p = producer.get(value);
    if (p != null && p.opType().equals("Add") && singleUse(value)) {
      for (int i = 0; i < 2 && mask == null; i++) {
        OnnxNode q = producer.get(p.inputs().get(i));
        if (q != null && Set.of("MatMul", "Div", "Mul").contains(q.opType()) && singleUse(p.inputs().get(i))
            && leadsToProduct(q)) {
          mask = p.inputs().get(1 - i);
          members.add(p);
          value = p.inputs().get(i);
          p = q;
        }
      }
    }
    if (p != null && (p.opType().equals("Div") || p.opType().equals("Mul")) && singleUse(value)) {
      Optional<Double> c = scalar(p.inputs().get(1));
      if (c.isEmpty() || c.get() == 0) {
        return Optional.empty();
      }
      scale *= p.opType().equals("Div") ? 1 / c.get() : c.get();
      members.add(p);
      value = p.inputs().get(0);
      p = producer.get(value);
    }
    if (p == null || !p.opType().equals("MatMul") || !singleUse(value) || claimed.contains(p)) {
      return Optional.empty();
    }
    members.add(p);
    String q = p.inputs().get(0);
    String kt = p.inputs().get(1);
    // A scale applied to q instead of the scores.
    OnnxNode qp = producer.get(q);
    if (qp != null && (qp.opType().equals("Div") || qp.opType().equals("Mul")) && singleUse(q) && !claimed.contains(qp)) {
      Optional<Double> c = scalar(qp.inputs().get(1));
      if (c.isPresent() && c.get() != 0) {
        scale *= qp.opType().equals("Div") ? 1 / c.get() : c.get();
        members.add(qp);
        q = qp.inputs().get(0);
      }
    }
    // Keys given as a transpose: the keys are the transpose's input under the permutation with its
    // last two entries swapped (none at all when that is the identity).
    List<Long> keyPermutation = List.of();
    OnnxNode kp = producer.get(kt);
    if (kp != null && kp.opType().equals("Transpose") && singleUse(kt) && !claimed.contains(kp)
        && kp.attribute("perm").orElse(null) instanceof OnnxAttribute.Ints perm && perm.values().size() >= 2) {
      List<Long> swapped = new ArrayList<>(perm.values());
      int r = swapped.size();
      Long last = swapped.get(r - 1);
      swapped.set(r - 1, swapped.get(r - 2));
      swapped.set(r - 2, last);
      members.add(kp);
      kt = kp.inputs().get(0);
      keyPermutation = swapped;
    }
    long axis = softmax.attribute("axis").orElse(null) instanceof OnnxAttribute.IntValue a ? a.value() : Long.MIN_VALUE;
    return Optional.of(new Group(Kind.ATTENTION, sorted(members), q, kt, second.get().inputs().get(1), mask, null, null,
        "", List.of(axis), scale, keyPermutation));
  }

  private boolean leadsToProduct(OnnxNode n) {
    if (n.opType().equals("MatMul")) {
      return true;
    }
    OnnxNode p = producer.get(n.inputs().get(0));
    return p != null && p.opType().equals("MatMul") && scalar(n.inputs().get(1)).isPresent();
  }

}
