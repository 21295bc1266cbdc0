package dev.netc.compiler.summary;

import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Polynomial;
import dev.netc.compiler.shape.Shape;
import dev.netc.runtime.DType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A network at a glance, like Keras' {@code model.summary()}: each node, its
 * operations, its output shape, the parameters it brings in and its FLOPs per
 * sample; then the totals.
 *
 * <p>A parameter is counted at the first node that uses it. FLOPs count a
 * multiply-add as 2 (a matmul {@code [m, k] @ [k, n]} is {@code 2*m*k*n}), each
 * element-wise operation and activation as 1 per output element, softmax and
 * layernorm as 5 per element. "Per sample" is per unit of the batch dimension.
 */
public record NetworkSummary(String network, List<Row> rows, long totalParams, Polynomial flopsPerSample, String batch,
    Map<DType, Long> paramsByType) {

  /**
   * The bytes of every parameter as the spec declares it; an {@code i8} weight's scales (one f32
   * per output column) are not counted.
   */
  public long declaredBytes() {
    return paramsByType.entrySet().stream().mapToLong(e -> e.getValue() * e.getKey().byteSize()).sum();
  }

  /** One line of the table. */
  public record Row(String name, String operation, Shape shape, long params, Polynomial flops, boolean output) {}

  public static NetworkSummary of(Graph graph) {
    Map<String, Long> sizes = new LinkedHashMap<>();
    Map<DType, Long> byType = new EnumMap<>(DType.class);
    for (Graph.ParamDecl p : graph.params()) {
      sizes.put(p.name(), p.type().shape().elementCount().value());
      byType.merge(p.type().dtype(), p.type().shape().elementCount().value(), Long::sum);
    }
    String batch = graph.batchDim().orElse(null);
    Set<String> counted = new HashSet<>();
    List<Row> rows = new ArrayList<>();
    for (Graph.InputDecl in : graph.inputs()) {
      rows.add(new Row(in.name(), "input", in.type().shape(), 0, Polynomial.zero(), false));
    }
    Polynomial total = Polynomial.zero();
    for (Graph.Binding b : graph.nodes()) {
      List<String> ops = new ArrayList<>();
      Polynomial flops = Polynomial.zero();
      long[] params = {0};
      walk(b.value(), ops, flops, name -> {
        if (sizes.containsKey(name) && counted.add(name)) {
          params[0] += sizes.get(name);
        }
      });
      Polynomial perSample = batch == null ? flops : flops.per(batch);
      total.add(perSample);
      rows.add(new Row(b.name(), ops.isEmpty() ? "copy" : String.join(" -> ", distinct(ops)), b.value().type().shape(),
          params[0], perSample, b.output()));
    }
    long totalParams = sizes.values().stream().mapToLong(Long::longValue).sum();
    return new NetworkSummary(graph.name(), rows, totalParams, total, batch, Map.copyOf(byType));
  }

  private interface ParamUse {
    void use(String name);
  }

  /** Post-order: operands first, so the operations read in the order data flows. */
  private static void walk(Node n, List<String> ops, Polynomial flops, ParamUse params) {
    Dim out = n.type().shape() == null ? Dim.of(0) : n.type().shape().elementCount();
    switch (n) {
      case Node.Param p -> params.use(p.name());
      case Node.Input i -> {}
      case Node.Ref r -> {}
      case Node.Constant c -> {}
      case Node.Invalid i -> {}
      case Node.MatMul m -> {
        walk(m.left(), ops, flops, params);
        walk(m.right(), ops, flops, params);
        Shape a = m.left().type().shape();
        flops.add(out.times(a.dim(-1)), 2);
        ops.add("matmul");
      }
      case Node.Elementwise e -> {
        walk(e.left(), ops, flops, params);
        walk(e.right(), ops, flops, params);
        flops.add(out, 1);
        ops.add(switch (e.op()) {
          case ADD -> "add";
          case SUB -> "sub";
          case MUL -> "mul";
          case DIV -> "div";
        });
      }
      case Node.Negate x -> {
        walk(x.operand(), ops, flops, params);
        flops.add(out, 1);
        ops.add("neg");
      }
      case Node.Activation a -> {
        walk(a.operand(), ops, flops, params);
        flops.add(out, 1);
        ops.add(a.kind().spelling());
      }
      case Node.Softmax s -> {
        walk(s.operand(), ops, flops, params);
        flops.add(out, 5);
        ops.add(s.log() ? "log_softmax" : "softmax");
      }
      case Node.LayerNorm l -> {
        walk(l.operand(), ops, flops, params);
        walk(l.gamma(), ops, flops, params);
        walk(l.beta(), ops, flops, params);
        flops.add(out, 5);
        ops.add("layernorm");
      }
      case Node.Transpose t -> {
        walk(t.operand(), ops, flops, params);
        ops.add("transpose");
      }
      case Node.Reshape r -> {
        walk(r.operand(), ops, flops, params);
        ops.add("reshape");
      }
      case Node.Concat c -> {
        c.operands().forEach(o -> walk(o, ops, flops, params));
        ops.add("concat");
      }
      case Node.Slice s -> {
        walk(s.operand(), ops, flops, params);
        ops.add("slice");
      }
      case Node.Attention a -> {
        walk(a.query(), ops, flops, params);
        walk(a.key(), ops, flops, params);
        walk(a.value(), ops, flops, params);
        a.mask().ifPresent(m -> walk(m, ops, flops, params));
        Shape q = a.query().type().shape();
        Shape k = a.key().type().shape();
        Dim scores = out.dividedBy(a.value().type().shape().dim(-1)).orElseThrow().times(k.dim(-2));
        flops.add(scores.times(q.dim(-1)), 2);
        flops.add(out.times(k.dim(-2)), 2);
        flops.add(scores, 5);
        ops.add("attention");
      }
      case Node.Mse m -> {
        walk(m.left(), ops, flops, params);
        walk(m.right(), ops, flops, params);
        flops.add(m.left().type().shape().elementCount(), 3);
        ops.add("mse");
      }
      case Node.Loss l -> {
        walk(l.prediction(), ops, flops, params);
        walk(l.target(), ops, flops, params);
        flops.add(l.prediction().type().shape().elementCount(), 5);
        ops.add(l.kind().spelling());
      }
      case Node.Cast c -> {
        walk(c.operand(), ops, flops, params);
        ops.add("cast");
      }
      case Node.Gather g -> {
        walk(g.operand(), ops, flops, params);
        walk(g.index(), ops, flops, params);
        ops.add(g.fromEnd() ? "gather" : "embedding");
      }
      case Node.Reduce r -> {
        walk(r.operand(), ops, flops, params);
        flops.add(r.operand().type().shape().elementCount(), 1);
        ops.add(r.kind().spelling());
      }
      case Node.L2Normalize l -> {
        walk(l.operand(), ops, flops, params);
        flops.add(out, 3);
        ops.add("l2_normalize");
      }
    }
  }

  private static List<String> distinct(List<String> ops) {
    List<String> out = new ArrayList<>();
    for (String op : ops) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(op)) {
        out.add(op);
      }
    }
    return out;
  }

  /** The table, as {@code netc check} prints it. */
  public String render() {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"Node", "Operation", "Output shape", "Params", "FLOPs/sample"});
    for (Row r : rows) {
      cells.add(new String[] {r.name() + (r.output() ? " (output)" : ""), r.operation(), r.shape().toString(),
          grouped(r.params()), r.flops().toString()});
    }
    int[] width = new int[5];
    for (String[] row : cells) {
      for (int i = 0; i < 5; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("network ").append(network).append('\n');
    String rule = "-".repeat(width[0] + width[1] + width[2] + width[3] + width[4] + 8) + "\n";
    for (int r = 0; r < cells.size(); r++) {
      String[] row = cells.get(r);
      out.append(pad(row[0], width[0], false)).append("  ")
          .append(pad(row[1], width[1], false)).append("  ")
          .append(pad(row[2], width[2], false)).append("  ")
          .append(pad(row[3], width[3], true)).append("  ")
          .append(pad(row[4], width[4], true)).append('\n');
      if (r == 0) {
        out.append(rule);
      }
    }
    out.append(rule);
    out.append("Total params: ").append(grouped(totalParams)).append(" (").append(bytesByType()).append(")\n");
    out.append("FLOPs per sample: ").append(flopsPerSample)
        .append(batch == null ? " (no batch dimension: per forward pass)" : " (per unit of " + batch + ")").append('\n');
    return out.toString();
  }

  /**
   * {@code 427.3 KiB as f32}, or with parameters of several types {@code 214.0 KiB: f32 202 = 808 B,
   * bf16 109,184 = 213.3 KiB}.
   */
  private String bytesByType() {
    if (paramsByType.keySet().stream().allMatch(t -> t == DType.F32)) {
      return bytes(declaredBytes()) + " as f32";
    }
    List<String> parts = new ArrayList<>();
    for (DType type : DType.values()) {
      Long count = paramsByType.get(type);
      if (count != null) {
        parts.add(type.spelling() + " " + grouped(count) + " = " + bytes(count * type.byteSize())
            + (type == DType.I8 ? " and an f32 scale per output column" : ""));
      }
    }
    return bytes(declaredBytes()) + ": " + String.join(", ", parts);
  }

  private static String pad(String s, int width, boolean right) {
    String space = " ".repeat(Math.max(0, width - s.length()));
    return right ? space + s : s + space;
  }

  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    if (b < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0);
  }
}
