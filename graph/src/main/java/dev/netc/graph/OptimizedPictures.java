package dev.netc.graph;

import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.ir.IrBuilder;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.passes.Passes;
import dev.netc.compiler.plan.Kernel;
import dev.netc.compiler.plan.KernelPlan;
import dev.netc.compiler.plan.NetworkPlan;
import dev.netc.compiler.plan.Planner;
import dev.netc.compiler.shape.Dim;
import dev.netc.runtime.DType;
import dev.netc.runtime.Parallel;
import dev.netc.runtime.ops.ActivationKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The picture of a network as the code generator sees it: its IR after the passes (layers folded,
 * bias, activation and residual fused into the matmul they follow), with each matmul's kernel,
 * its tile, and when it runs as a GEMV or on two threads. Parameters and constants are no boxes
 * of their own: a box counts the parameters it reads.
 */
final class OptimizedPictures {
  private OptimizedPictures() {}

  static void add(PictureBuilder picture, Graph graph, CompileOptions options, Optional<String> cluster) {
    IrGraph ir = Passes.optimize(IrBuilder.build(graph), options.passes());
    NetworkPlan plan = Planner.plan(ir, "", options);
    Map<String, Kernel> kernelOf = new HashMap<>();
    Map<String, String> expressionOf = new HashMap<>();
    for (Kernel k : plan.kernels()) {
      for (Kernel.Use use : k.uses()) {
        kernelOf.put(use.node(), k);
        expressionOf.put(use.node(), use.expression());
      }
    }
    Map<Integer, String> outputOf = new HashMap<>();
    ir.outputs().forEach(o -> outputOf.putIfAbsent(o.node(), o.name()));
    String scope = graph.name();
    List<IrNode> drawn = ir.nodes().stream().filter(n -> !isValue(n.op())).toList();
    Map<String, String> blocks = Blocks.of(drawn.stream().map(IrNode::name).toList());
    Set<String> counted = new HashSet<>();

    for (IrNode n : drawn) {
      Optional<String> in = blocks.containsKey(n.name())
          ? Optional.of(picture.cluster(scope + "/" + blocks.get(n.name()), blocks.get(n.name()), cluster))
          : cluster;
      List<String> lines = new ArrayList<>();
      String output = outputOf.get(n.id());
      lines.add(output == null ? Blocks.shortName(n.name(), blocks) : "output " + output);
      Kernel kernel = kernelOf.get(n.name());
      String expression = kernel == null ? null : expressionOf.get(n.name());
      if (expression != null) {
        // Inside a block its own prefix is the cluster's label: the operands read as the box names do.
        expression = Blocks.shortNames(expression, n.name(), blocks);
      }
      lines.add(Texts.cut(kernel != null ? "gemm: " + expression : describe(ir, n), Texts.MAX_LINE));
      lines.add(Texts.shape(n.type()));
      long params = 0;
      for (int operand : n.inputs()) {
        if (ir.node(operand).op() instanceof Op.Param p && counted.add(p.name())) {
          params += ir.param(p.name()).map(q -> q.shape().elementCount().value()).orElse(0L);
        }
      }
      if (params > 0) {
        lines.add(Texts.params(params));
      }
      String tooltip = n.name() + " = " + describe(ir, n) + operands(ir, n) + " " + n.type();
      if (kernel != null) {
        List<String> choices = choices(kernel.plan(), rows(ir, n));
        lines.add("kernel " + kernel.name());
        lines.addAll(choices);
        tooltip = n.name() + " = " + expressionOf.get(n.name()) + " " + n.type() + "\nkernel " + kernel.name()
            + ": " + String.join("; ", choices);
      }
      Picture.Kind kind = n.op() instanceof Op.Input ? Picture.Kind.INPUT
          : output != null ? Picture.Kind.OUTPUT
          : kernel != null ? Picture.Kind.KERNEL
          : Picture.Kind.NODE;
      picture.box(scope, n.name(), kind, lines, tooltip, in);
    }
    for (IrNode n : drawn) {
      String to = picture.idOf(scope, n.name()).orElseThrow();
      Set<Integer> seen = new HashSet<>();
      for (int operand : n.inputs()) {
        IrNode from = ir.node(operand);
        if (!isValue(from.op()) && seen.add(operand)) {
          picture.arrow(picture.idOf(scope, from.name()).orElseThrow(), to, Texts.shape(from.type()));
        }
      }
    }
  }

  /** Whether a node is a parameter or constant: part of the box that reads it. */
  private static boolean isValue(Op op) {
    return op instanceof Op.Param || op instanceof Op.Constant;
  }

  /** The rows a Gemm computes: the product of its input's leading axes ({@code N*T}). */
  private static Dim rows(IrGraph ir, IrNode gemm) {
    List<Dim> dims = ir.node(gemm.inputs().get(0)).shape().dims();
    return Dim.product(dims.subList(0, dims.size() - 1));
  }

  /**
   * What a kernel does, in the words of {@code GemmKernelWriter}: its tile, the GEMV it runs for
   * one row, and from how many rows it splits over two threads on netc's default workers
   * ({@code Parallel.worthSplitting}, on a machine with cores to spare).
   */
  static List<String> choices(KernelPlan plan, Dim rows) {
    List<String> lines = new ArrayList<>();
    String storage = plan.storage() == DType.F32 ? "" : ", " + plan.storage().spelling() + " weights";
    lines.add("tile " + plan.tileRows() + "x" + plan.panelWidth() + ", GEMV for 1 row" + storage);
    long kn = (long) plan.k() * plan.n();
    long fromRows = Math.max(2, (Parallel.DEFAULT_THRESHOLD + kn - 1) / kn);
    boolean gemvSplits = kn >= Parallel.GEMV_THRESHOLD;
    String split = plan.streamsWeights() && plan.panels() >= 2 ? " by panels" : "";
    if (rows.isFixed()) {
      long r = rows.value();
      boolean two = r == 1 ? gemvSplits : r >= fromRows;
      lines.add((r == 1 ? "GEMV" : r + " rows") + ": " + (two ? "2 threads" + split : "1 thread"));
    } else {
      lines.add("2 threads" + split + " when " + rows.valueText() + " >= " + fromRows
          + (gemvSplits ? " or = 1" : ""));
    }
    return lines;
  }

  /** The op and its attributes: {@code transpose [0, 2, 1, 3]}, {@code layernorm}, {@code attention causal}. */
  private static String describe(IrGraph ir, IrNode n) {
    Op op = n.op();
    String name = Op.mnemonic(op);
    return switch (op) {
      case Op.Input i -> "input";
      case Op.Gemm g -> "gemm" + (g.activation() == ActivationKind.IDENTITY ? "" : " " + g.activation().spelling())
          + (g.hasResidual() ? " +residual" : "");
      case Op.Transpose t -> name + " " + t.permutation();
      case Op.Softmax s -> name + " axis=" + s.axis();
      case Op.Concat c -> name + " axis=" + c.axis();
      case Op.Slice s -> s.text(ir.node(n.inputs().get(0)).name());
      case Op.Attention a -> name + (a.causal() ? " causal" : "") + (a.interleaved().any() ? ", heads in place" : "");
      default -> name;
    };
  }

  private static String operands(IrGraph ir, IrNode n) {
    return n.inputs().isEmpty() ? ""
        : n.inputs().stream().map(i -> ir.node(i).name()).collect(Collectors.joining(", ", "(", ")"));
  }
}
