package dev.netc.compiler.ir;

import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import dev.netc.compiler.shape.TensorType;
import dev.netc.runtime.DType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A network as a list of {@link IrNode}s in an order where every operand
 * comes before its user (ids are unique, not necessarily dense or sorted).
 * Values, not objects: a pass returns a new graph.
 *
 * @param runtimeDims the run-time dimension symbols, the batch first
 * @param params every parameter the nodes may refer to, with where its values come from
 * @param outputs the output names, each naming a node (by node name)
 */
public record IrGraph(
    String name,
    String doc,
    String sourceName,
    List<String> runtimeDims,
    Optional<Path> weights,
    List<Input> inputs,
    List<Param> params,
    List<IrNode> nodes,
    List<Output> outputs) {

  public IrGraph {
    runtimeDims = List.copyOf(runtimeDims);
    inputs = List.copyOf(inputs);
    params = List.copyOf(params);
    nodes = NodeList.of(nodes);
    outputs = List.copyOf(outputs);
  }

  /** An input of the network: its name in the API, and its type. */
  public record Input(String name, TensorType type) {
    public Shape shape() {
      return type.shape();
    }
  }

  /**
   * A parameter: its values inline (spec literals or folded by a pass) or a tensor of the weights
   * file. Its type's element type is the one it is declared with, which is how it is stored: a
   * {@code bf16} or {@code i8} matrix is a matmul weight held in 16 or 8 bits, standing for the f32
   * values those bits give (an {@code i8} one with a scale per output column); its node computes
   * with them as f32 ({@link #valueType()}).
   */
  public record Param(String name, TensorType type, Graph.ParamSource source) {
    public Shape shape() {
      return type.shape();
    }

    /** Whether the parameter is a matmul weight stored in fewer bits than the f32 it stands for. */
    public boolean compressed() {
      return type.dtype() == DType.BF16 || type.dtype() == DType.I8;
    }

    /** The type of the parameter's node: f32 for a compressed weight, else the declared type. */
    public TensorType valueType() {
      return compressed() ? TensorType.f32(type.shape()) : type;
    }
  }

  /** An output of the network: its name in the API, and the node that computes it. */
  public record Output(String name, int node) {}

  public IrGraph withNodes(List<IrNode> newNodes, List<Output> newOutputs) {
    return new IrGraph(name, doc, sourceName, runtimeDims, weights, inputs, params, newNodes, newOutputs);
  }

  /** This graph, naming its spec {@code name} in what is generated from it. */
  public IrGraph withSourceName(String name) {
    return new IrGraph(this.name, doc, name, runtimeDims, weights, inputs, params, nodes, outputs);
  }

  public IrGraph withParams(List<Param> newParams) {
    return new IrGraph(name, doc, sourceName, runtimeDims, weights, inputs, newParams, nodes, outputs);
  }

  /** The nodes by id. */
  public Map<Integer, IrNode> byId() {
    Map<Integer, IrNode> map = new HashMap<>();
    for (IrNode n : nodes) {
      map.put(n.id(), n);
    }
    return map;
  }

  public IrNode node(int id) {
    IrNode n = ((NodeList) nodes).byId(id);
    if (n != null) {
      return n;
    }
    throw new IllegalArgumentException("no node " + id + " in " + name);
  }

  public Optional<Param> param(String paramName) {
    return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
  }

  /**
   * The axis of {@code param} along which an {@code i8} weight has one scale per slice: the output
   * axis of the products it is the weight of, 1 ({@code x @ W}) or 0 ({@code x @ W.T}).
   *
   * @throws IllegalStateException if no Gemm has it as its weight, or two read it transposed differently
   */
  public int outputAxis(String param) {
    Boolean transposed = null;
    for (IrNode n : nodes) {
      if (n.op() instanceof Op.Gemm g && node(n.inputs().get(1)).op() instanceof Op.Param p && p.name().equals(param)) {
        if (transposed != null && transposed != g.transposed()) {
          throw new IllegalStateException(param + " is the weight of products with and without a transpose");
        }
        transposed = g.transposed();
      }
    }
    if (transposed == null) {
      throw new IllegalStateException(param + " is the weight of no product");
    }
    return transposed ? 0 : 1;
  }

  /** One past the largest node id: where a pass allocates new ids. */
  public int nextId() {
    return nodes.stream().mapToInt(IrNode::id).max().orElse(-1) + 1;
  }

  /**
   * An axis of a slice cut at a size of run-time dimensions, {@code pos = table[0:T]}: each call
   * checks, before computing anything, that {@code end} does not exceed the axis.
   *
   * @param slice the node and its slice as the spec writes it, for the message
   * @param end the size the slice ends at
   * @param tensor the operand's node
   * @param axis the operand's axis cut
   * @param size that axis's length
   */
  public record SliceEnd(String slice, Dim end, String tensor, int axis, long size) {}

  /** Every axis cut at a size of run-time dimensions, in graph order. */
  public List<SliceEnd> sliceEnds() {
    List<SliceEnd> ends = new ArrayList<>();
    for (IrNode n : nodes) {
      if (n.op() instanceof Op.Slice s && s.hasRuntimeEnd()) {
        IrNode operand = node(n.inputs().get(0));
        for (int axis = 0; axis < s.ranges().size(); axis++) {
          Optional<Dim> end = s.ranges().get(axis).runtimeEnd();
          if (end.isPresent()) {
            ends.add(new SliceEnd(n.name() + " = " + s.text(operand.name()), end.get(), operand.name(), axis,
                operand.shape().dim(axis).value()));
          }
        }
      }
    }
    return ends;
  }
}
