package dev.netc.compiler.ir;

import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import dev.netc.compiler.shape.TensorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Lowers a checked {@link Graph} to the IR: one node per operation, operands before users. */
public final class IrBuilder {
  private final List<IrNode> nodes = new ArrayList<>();
  private final Map<String, Integer> inputs = new HashMap<>();
  private final Map<String, Integer> params = new HashMap<>();
  /** Named nodes of the graph: the IR node each name's value is. */
  private final Map<String, Integer> bindings = new HashMap<>();
  private final Set<String> names = new HashSet<>();
  private String statement = "";

  private IrBuilder() {}

  public static IrGraph build(Graph graph) {
    return new IrBuilder().lower(graph);
  }

  private IrGraph lower(Graph graph) {
    graph.inputs().forEach(i -> names.add(i.name()));
    graph.params().forEach(p -> names.add(p.name()));
    graph.nodes().forEach(b -> names.add(b.name()));
    List<IrGraph.Output> outputs = new ArrayList<>();
    for (Graph.Binding b : graph.nodes()) {
      statement = b.name();
      int id = lower(b.value(), b.name());
      bindings.put(b.name(), id);
    }
    for (String out : graph.outputs()) {
      outputs.add(new IrGraph.Output(out, bindings.get(out)));
    }
    List<IrGraph.Input> irInputs = graph.inputs().stream()
        .map(i -> new IrGraph.Input(i.name(), i.type())).toList();
    List<IrGraph.Param> irParams = graph.params().stream()
        .map(p -> new IrGraph.Param(p.name(), p.type(), p.source())).toList();
    return new IrGraph(graph.name(), graph.doc(), graph.span().file().name(), graph.runtimeDims(),
        graph.weights(), irInputs, irParams, nodes, outputs);
  }

  /** Lowers {@code n}; the node it yields is called {@code name} when given, else a name derived from the statement. */
  private int lower(Node n, String name) {
    return switch (n) {
      case Node.Input i -> inputs.computeIfAbsent(i.name(), k -> add(k, new Op.Input(k), List.of(), i.type()));
      case Node.Param p -> params.computeIfAbsent(p.name(), k -> add(k, new Op.Param(k), List.of(), p.type()));
      case Node.Ref r -> bindings.get(r.name());
      case Node.Constant c -> add(name, new Op.Constant(c.value()), List.of(), c.type());
      case Node.MatMul m -> binary(new Op.MatMul(), m.left(), m.right(), n, name);
      case Node.Elementwise e -> binary(new Op.Elementwise(e.op()), e.left(), e.right(), n, name);
      case Node.Negate x -> unary(new Op.Negate(), x.operand(), n, name);
      case Node.Activation a -> unary(new Op.Activation(a.kind(), a.alpha()), a.operand(), n, name);
      case Node.Softmax s -> unary(new Op.Softmax(s.axis(), s.log()), s.operand(), n, name);
      case Node.LayerNorm l -> {
        int x = lower(l.operand(), null);
        int g = lower(l.gamma(), null);
        int b = lower(l.beta(), null);
        yield add(name, new Op.LayerNorm(l.epsilon()), List.of(x, g, b), n.type());
      }
      case Node.Transpose t -> unary(new Op.Transpose(t.permutation()), t.operand(), n, name);
      case Node.Reshape r -> unary(new Op.Reshape(), r.operand(), n, name);
      case Node.Concat c -> {
        List<Integer> ins = new ArrayList<>();
        for (Node part : c.operands()) {
          ins.add(lower(part, null));
        }
        yield add(name, new Op.Concat(c.axis()), ins, n.type());
      }
      case Node.Slice s -> unary(new Op.Slice(s.ranges()), s.operand(), n, name);
      case Node.Attention a -> {
        List<Integer> ins = new ArrayList<>(List.of(lower(a.query(), null), lower(a.key(), null), lower(a.value(), null)));
        a.mask().ifPresent(m -> ins.add(lower(m, null)));
        Dim d = a.query().type().shape().dim(-1);
        double scale = d.isFixed() ? 1 / Math.sqrt(d.value()) : Double.NaN;
        yield add(name, new Op.Attention(scale, a.mask().isPresent(), Op.Heads.NONE, a.causal()), ins, n.type());
      }
      case Node.Mse m -> binary(new Op.Mse(), m.left(), m.right(), n, name);
      case Node.Loss l -> binary(new Op.Loss(l.kind()), l.prediction(), l.target(), n, name);
      case Node.Cast c -> unary(new Op.Cast(), c.operand(), n, name);
      case Node.Gather g -> binary(new Op.Gather(g.axis(), g.fromEnd()), g.operand(), g.index(), n, name);
      case Node.Reduce r -> reduce(r, name);
      case Node.L2Normalize l -> unary(new Op.L2Normalize(l.axis(), l.epsilon()), l.operand(), n, name);
      case Node.Invalid i -> throw new IllegalStateException("an invalid node reached the IR at " + i.span());
    };
  }

  /**
   * A reduction as one node per run of adjacent axes, the last run first: each keeps its axes as
   * 1s, so the axes of the runs before it keep their places, and the last node has the result's
   * shape. A mean of means over equal groups is the mean.
   */
  private int reduce(Node.Reduce r, String name) {
    int x = lower(r.operand(), null);
    List<Integer> axes = r.axes();
    List<int[]> runs = new ArrayList<>();
    for (int i = 0; i < axes.size(); i++) {
      if (i > 0 && axes.get(i) == axes.get(i - 1) + 1) {
        runs.get(runs.size() - 1)[1]++;
      } else {
        runs.add(new int[] {axes.get(i), axes.get(i) + 1});
      }
    }
    Shape shape = r.operand().type().shape();
    for (int i = runs.size() - 1; i >= 0; i--) {
      int[] run = runs.get(i);
      Op op = new Op.Reduce(r.kind(), run[0], run[1]);
      if (i == 0) {
        return add(name, op, List.of(x), r.type());
      }
      for (int a = run[0]; a < run[1]; a++) {
        shape = shape.with(a, Dim.of(1));
      }
      x = add(null, op, List.of(x), r.type().withShape(shape));
    }
    throw new IllegalStateException("a reduction over no axes");
  }

  private int unary(Op op, Node operand, Node n, String name) {
    int x = lower(operand, null);
    return add(name, op, List.of(x), n.type());
  }

  private int binary(Op op, Node left, Node right, Node n, String name) {
    int a = lower(left, null);
    int b = lower(right, null);
    return add(name, op, List.of(a, b), n.type());
  }

  /**
   * Adds a node. A given name (an input's, a parameter's, a statement's) is the
   * node's own and reserved up front; a node without one is named after its
   * statement and op, made unique.
   */
  private int add(String name, Op op, List<Integer> inputs, TensorType type) {
    String chosen = name != null ? name : unique(statement + "_" + Op.mnemonic(op));
    int id = nodes.size();
    nodes.add(new IrNode(id, chosen, op, inputs, type));
    return id;
  }

  private String unique(String base) {
    String candidate = base;
    for (int i = 2; names.contains(candidate); i++) {
      candidate = base + "_" + i;
    }
    names.add(candidate);
    return candidate;
  }
}
