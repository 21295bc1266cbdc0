package dev.netc.compiler.interp;

import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import dev.netc.runtime.Checks;
import dev.netc.runtime.DType;
import dev.netc.runtime.Int8Weight;
import dev.netc.runtime.ParamLoader;
import dev.netc.runtime.weights.HalfPrecision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs an {@link IrGraph} on concrete inputs, one node at a time in graph
 * order, in double precision: the reference every compiled kernel is compared
 * with.
 *
 * <pre>{@code
 * IrGraph g = IrBuilder.build(Frontend.check(source).graphs().get(0));
 * Map<String, Tensor> out = Interpreter.run(g, Map.of("x", Tensor.matrix(new double[] {1, 0, 1, 1})));
 * Tensor y = out.get("y_hat");
 * }</pre>
 *
 * <p>Parameters are widened from f32 (their stored type) to double; every
 * operation then runs in double. Every value computed is checked against the
 * static shape the IR gives its node, with the run-time dimensions bound, so a
 * wrong shape rule or lowering shows up at the node where it happens.
 */
public final class Interpreter {
  private Interpreter() {}

  /**
   * Runs {@code graph}, with parameter values from the spec (inline) or from the
   * graph's weights file, which is opened only if a file-bound parameter is used.
   *
   * @param inputs one tensor per input of the network, by name
   * @return every output by name, in the order the network declares them
   * @throws IllegalArgumentException if an input is missing, unknown, or not of its declared shape;
   *     the message names the input, the expected shape and the shape found
   * @throws UncheckedIOException if the weights file cannot be read
   */
  public static Map<String, Tensor> run(IrGraph graph, Map<String, Tensor> inputs) {
    try (LazyWeights weights = new LazyWeights(graph)) {
      return evaluateAll(graph, inputs, p -> switch (p.source()) {
        case Graph.ParamSource.Inline inline -> standsFor(graph, p, inline.values());
        case Graph.ParamSource.FromFile file -> weights.read(p, file.key());
      });
    }
  }

  /**
   * Runs {@code graph}, reading file-bound parameters through {@code paramLoader}:
   * it is given the parameter's key in the weights file ({@code fc1.weight}) and
   * returns its values row-major. Inline parameters always use their inline values.
   *
   * @throws IllegalArgumentException as {@link #run(IrGraph, Map)} does, or if a
   *     loaded parameter has the wrong number of values
   */
  public static Map<String, Tensor> run(
      IrGraph graph, Map<String, Tensor> inputs, Function<String, float[]> paramLoader) {
    return evaluateAll(graph, inputs, p -> standsFor(graph, p, switch (p.source()) {
      case Graph.ParamSource.Inline inline -> inline.values();
      case Graph.ParamSource.FromFile file -> paramLoader.apply(file.key());
    }));
  }

  /**
   * The values a parameter stands for, from the floats it was given: as they are for f32; for a
   * weight stored in {@code bf16}, each rounded to the nearest bfloat16; for one stored in
   * {@code i8}, quantized with a scale per output column and multiplied back, exactly as the
   * generated code stores and reads it.
   */
  static float[] standsFor(IrGraph graph, IrGraph.Param p, float[] values) {
    return switch (p.type().dtype()) {
      case BF16 -> widen(HalfPrecision.toBfloat16(values));
      case I8 -> Int8Weight.quantize(values, (int) p.shape().dim(0).value(), (int) p.shape().dim(1).value(),
          graph.outputAxis(p.name()), p.name()).dequantized();
      default -> values;
    };
  }

  private static float[] widen(short[] bits) {
    float[] values = new float[bits.length];
    for (int i = 0; i < bits.length; i++) {
      values[i] = HalfPrecision.bfloat16ToFloat(bits[i]);
    }
    return values;
  }

  private static Map<String, Tensor> evaluateAll(
      IrGraph graph, Map<String, Tensor> inputs, Function<IrGraph.Param, float[]> paramLoader) {
    RuntimeDims dims = RuntimeDims.bind(graph.inputs(), inputs);
    checkSliceEnds(graph, dims);
    Map<Integer, Tensor> values = new HashMap<>();
    for (IrNode node : graph.nodes()) {
      List<Tensor> operands = node.inputs().stream().map(values::get).toList();
      Tensor value;
      try {
        value = evaluate(graph, node, operands, inputs, paramLoader, dims);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("node " + node.name() + ": " + e.getMessage(), e);
      }
      long[] expected = dims.shape(node.shape());
      if (!Arrays.equals(expected, value.shape())) {
        throw new IllegalStateException("node " + node.name() + " (" + Op.mnemonic(node.op()) + ") computed shape "
            + value.shapeText() + ", but the IR declares " + node.shape() + " = " + Shapes.text(expected));
      }
      values.put(node.id(), value);
    }
    Map<String, Tensor> outputs = new LinkedHashMap<>();
    for (IrGraph.Output o : graph.outputs()) {
      outputs.put(o.name(), values.get(o.node()));
    }
    return outputs;
  }

  /**
   * Before anything is computed, as generated code does: each slice cut at a size of run-time
   * dimensions ({@code table[0:T]}) fits its axis with this call's dimensions.
   */
  private static void checkSliceEnds(IrGraph graph, RuntimeDims dims) {
    for (IrGraph.SliceEnd e : graph.sliceEnds()) {
      Checks.sliceEnd(e.slice(), e.end().valueText(), dims.size(e.end()), e.tensor(), e.axis(), e.size());
    }
  }

  private static Tensor evaluate(IrGraph graph, IrNode node, List<Tensor> x, Map<String, Tensor> inputs,
      Function<IrGraph.Param, float[]> loader, RuntimeDims dims) {
    return switch (node.op()) {
      case Op.Input in -> integral(in.name(), inputs.get(in.name()), node.dtype());
      case Op.Param p -> param(graph, p.name(), loader, dims);
      case Op.Constant c -> Tensor.scalar(c.value());
      case Op.MatMul m -> LinearAlgebra.matmul(x.get(0), x.get(1));
      case Op.Gemm g -> {
        Tensor y = LinearAlgebra.gemm(x.get(0), x.get(1), g.hasBias() ? Optional.of(x.get(2)) : Optional.empty(),
            g.transposed(), g.activation(), g.alpha(), g.scale());
        yield g.hasResidual() ? ArrayKernels.elementwise(dev.netc.runtime.ops.ArithOp.ADD, y, x.get(x.size() - 1)) : y;
      }
      case Op.Elementwise e -> ArrayKernels.elementwise(e.op(), x.get(0), x.get(1));
      case Op.Negate n -> ArrayKernels.map(x.get(0), v -> -v);
      case Op.Activation a -> ArrayKernels.map(x.get(0), v -> a.kind().apply(v, a.alpha()));
      case Op.Softmax s -> Reductions.softmax(x.get(0), s.axis(), s.log());
      case Op.LayerNorm l -> Reductions.layerNorm(x.get(0), x.get(1), x.get(2), l.epsilon());
      case Op.Transpose t -> ArrayKernels.transpose(x.get(0), t.permutation());
      case Op.Reshape r -> ArrayKernels.reshape(x.get(0), dims.shape(node.shape()));
      case Op.Concat c -> ArrayKernels.concat(x, c.axis());
      case Op.Slice s -> ArrayKernels.slice(x.get(0), s.ranges(), dims);
      case Op.Attention a -> attention(a, x);
      case Op.Mse m -> Reductions.mse(x.get(0), x.get(1));
      case Op.Loss l -> Reductions.loss(l.kind(), x.get(0), x.get(1));
      case Op.Cast c -> Lookups.cast(x.get(0), node.dtype());
      case Op.Gather g -> Lookups.take(x.get(0), x.get(1), g.axis(), g.fromEnd(),
          graph.node(node.inputs().get(1)).name());
      case Op.Reduce r -> Reductions.reduce(x.get(0), r.kind(), r.from(), r.to(), dims.shape(node.shape()));
      case Op.L2Normalize l -> Reductions.l2Normalize(x.get(0), l.axis(), l.epsilon());
    };
  }

  /** An input as given, after checking that an integer input holds whole numbers. */
  private static Tensor integral(String name, Tensor value, DType dtype) {
    if (!dtype.isFloatingPoint()) {
      double[] data = value.data();
      for (int i = 0; i < data.length; i++) {
        if (data[i] != Math.rint(data[i])) {
          throw new IllegalArgumentException("input " + name + " is " + dtype + ", but element " + i + " is "
              + data[i]);
        }
      }
    }
    return value;
  }

  /** The axes of interleaved heads, [N, T, h, d], against the [N, h, T, d] attention computes over. */
  private static final List<Integer> SWAP_HEADS = List.of(0, 2, 1, 3);

  private static Tensor attention(Op.Attention a, List<Tensor> x) {
    Op.Heads heads = a.interleaved();
    Tensor q = heads.query() ? ArrayKernels.transpose(x.get(0), SWAP_HEADS) : x.get(0);
    Tensor k = heads.key() ? ArrayKernels.transpose(x.get(1), SWAP_HEADS) : x.get(1);
    Tensor v = heads.value() ? ArrayKernels.transpose(x.get(2), SWAP_HEADS) : x.get(2);
    Tensor result = LinearAlgebra.attention(q, k, v, a.hasMask() ? Optional.of(x.get(3)) : Optional.empty(), a.scale(),
        a.causal());
    return heads.result() ? ArrayKernels.transpose(result, SWAP_HEADS) : result;
  }

  private static Tensor param(IrGraph graph, String name, Function<IrGraph.Param, float[]> loader,
      RuntimeDims dims) {
    IrGraph.Param p = graph.param(name)
        .orElseThrow(() -> new IllegalStateException("parameter " + name + " is not declared in " + graph.name()));
    long[] shape = dims.shape(p.shape());
    float[] values = loader.apply(p);
    if (values.length != Shapes.count(shape)) {
      throw new IllegalArgumentException("parameter " + name + " has " + values.length + " values, its shape "
          + p.shape() + " needs " + Shapes.count(shape));
    }
    return Tensor.fromFloats(shape, values);
  }

  /** The graph's weights file, opened on first use and closed after the run. */
  private static final class LazyWeights implements AutoCloseable {
    private final IrGraph graph;
    private ParamLoader file;

    LazyWeights(IrGraph graph) {
      this.graph = graph;
    }

    /**
     * The values {@code p} stands for, read as generated code reads it: an {@code i8} weight the
     * file holds in 8 bits as stored, with its scales; in floats, quantized.
     */
    float[] read(IrGraph.Param p, String key) {
      Path path = graph.weights().orElseThrow(() -> new IllegalStateException(
          graph.name() + " reads tensor \"" + key + "\" from a weights file, but names none"));
      try {
        if (file == null) {
          file = ParamLoader.open(path);
        }
        long[] shape = p.shape().dims().stream().mapToLong(d -> d.value()).toArray();
        return switch (p.type().dtype()) {
          case BF16 -> widen(file.bf16(key, shape));
          case I8 -> file.int8(key, graph.outputAxis(p.name()), (int) shape[0], (int) shape[1]).dequantized();
          default -> file.f32(key, shape);
        };
      } catch (IOException e) {
        throw new UncheckedIOException("reading \"" + key + "\" from " + path + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      if (file != null) {
        try {
          file.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
