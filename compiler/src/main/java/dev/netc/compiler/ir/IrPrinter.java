package dev.netc.compiler.ir;

import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.graph.Node;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The text form of an IR graph, for {@code netc compile --dump-ir} and for
 * tests: one node per line, operands by name.
 *
 * <pre>
 * network ImageFlip (run-time dims: N)
 *   x        = input x                      f32[N, 4]
 *   W1       = param W1 (inline)            f32[4, 3]
 *   h_gemm   = gemm(x, W1, b1) relu         f32[N, 3]
 *   outputs: y_hat = y_hat
 * </pre>
 */
public final class IrPrinter {
  private IrPrinter() {}

  public static String print(IrGraph g) {
    Map<Integer, IrNode> byId = g.byId();
    StringBuilder out = new StringBuilder();
    out.append("network ").append(g.name());
    if (!g.runtimeDims().isEmpty()) {
      out.append(" (run-time dims: ").append(String.join(", ", g.runtimeDims())).append(')');
    }
    out.append('\n');
    int width = g.nodes().stream().mapToInt(n -> n.name().length()).max().orElse(1);
    for (IrNode n : g.nodes()) {
      String operands = n.inputs().stream().map(i -> byId.get(i).name()).collect(Collectors.joining(", "));
      String body = describe(g, n.op()) + (operands.isEmpty() ? "" : "(" + operands + ")") + attributes(n.op());
      out.append("  ").append(pad(n.name(), width)).append(" = ").append(pad(body, 40)).append(' ')
          .append(n.type()).append('\n');
    }
    out.append("  outputs: ").append(g.outputs().stream()
        .map(o -> o.name() + " = " + byId.get(o.node()).name()).collect(Collectors.joining(", "))).append('\n');
    return out.toString();
  }

  private static String describe(IrGraph g, Op op) {
    return switch (op) {
      case Op.Input i -> "input " + i.name();
      case Op.Param p -> "param " + p.name() + g.param(p.name()).map(IrPrinter::source).orElse("");
      case Op.Constant c -> "const " + number(c.value());
      default -> Op.mnemonic(op);
    };
  }

  private static String source(IrGraph.Param p) {
    return switch (p.source()) {
      case Graph.ParamSource.Inline i -> " (inline)";
      case Graph.ParamSource.FromFile f -> " (file: " + f.key() + ")";
    };
  }

  private static String attributes(Op op) {
    return switch (op) {
      case Op.Gemm g -> (g.transposed() ? " W.T" : "") + (g.scale() != 1 ? " scale=" + number(g.scale()) : "")
          + (g.activation() == dev.netc.runtime.ops.ActivationKind.IDENTITY ? "" : " " + g.activation().spelling())
          + (g.alpha() != 0 ? " alpha=" + number(g.alpha()) : "") + (g.hasResidual() ? " +residual" : "");
      case Op.Activation a -> a.kind() == dev.netc.runtime.ops.ActivationKind.POW ? " p=" + number(a.alpha())
          : a.alpha() != 0 ? " alpha=" + number(a.alpha()) : "";
      case Op.Softmax s -> " axis=" + s.axis();
      case Op.LayerNorm l -> " eps=" + number(l.epsilon());
      case Op.Transpose t -> " " + t.permutation();
      case Op.Concat c -> " axis=" + c.axis();
      case Op.Gather g -> " axis=" + g.axis();
      case Op.Slice s -> " " + s.ranges().stream().map(Node.AxisRange::text)
          .collect(Collectors.joining(", ", "[", "]"));
      case Op.Reduce r -> " axis=" + java.util.stream.IntStream.range(r.from(), r.to()).boxed().toList();
      case Op.L2Normalize l -> " axis=" + l.axis() + " eps=" + number(l.epsilon());
      case Op.Attention a -> " scale=" + number(a.scale()) + (a.causal() ? " causal" : "") + (a.interleaved().any() ? " heads in place:"
          + (a.interleaved().query() ? " q" : "") + (a.interleaved().key() ? " k" : "")
          + (a.interleaved().value() ? " v" : "") + (a.interleaved().result() ? " out" : "") : "");
      default -> "";
    };
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.6g", v);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
