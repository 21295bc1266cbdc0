package dev.netc.compiler.emit;

import dev.netc.compiler.CompiledNetwork;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.interp.RuntimeDims;
import dev.netc.compiler.interp.Tensor;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.runtime.DType;
import dev.netc.runtime.weights.TensorInfo;
import dev.netc.runtime.weights.WeightFile;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a compiled network's generated class on tensors, without a build: its sources compiled in
 * memory ({@link InMemoryCompiler}), an instance made by {@code create()} (or {@code load(Path)}
 * when it reads a weights file), and one call of {@code forward}. How {@code netc run} and the
 * playground compute an output with the code a build would ship.
 *
 * <p>The caller checks that the Vector API is there ({@code VectorSupport.available()}): the
 * kernels need it.
 */
public final class NetworkRunner {
  private NetworkRunner() {}

  /**
   * The array {@code t} of {@code file} as an input of element type {@code dtype} takes it: floats,
   * or integers read exactly (an i32 input reads through {@code readInts}, which refuses an int64
   * value beyond an int's range). The caller has checked that the file's values are of the same
   * kind, floating-point or integer, as {@code dtype}.
   */
  public static Tensor input(WeightFile file, TensorInfo t, DType dtype) throws IOException {
    if (dtype.isFloatingPoint()) {
      return Tensor.fromFloats(t.shapeArray(), file.readFloats(t.name()));
    }
    double[] data = dtype == DType.I32
        ? Arrays.stream(file.readInts(t.name())).asDoubleStream().toArray()
        : Arrays.stream(file.readLongs(t.name())).asDoubleStream().toArray();
    return Tensor.of(t.shapeArray(), data);
  }

  /**
   * The outputs of {@code network} for {@code given}, one tensor per input of the IR as written,
   * by name, in the order the network declares its outputs.
   *
   * @param parent the class loader the generated classes link against (netc's runtime)
   * @throws IllegalArgumentException what {@code forward} says of its inputs (a shape, an id
   *     outside its table), or when a run-time dimension cannot be bound
   * @throws Exception what loading or calling the generated class throws
   */
  public static Map<String, Tensor> run(CompiledNetwork network, Map<String, Tensor> given, ClassLoader parent)
      throws Exception {
    IrGraph ir = network.stages().get(0).graph();
    RuntimeDims dims = RuntimeDims.bind(ir.inputs(), given);
    Graph graph = network.graph();
    ClassLoader loader = InMemoryCompiler.compile(network.files(), parent);
    Class<?> type = loader.loadClass(network.className());
    boolean fromFile = graph.params().stream().anyMatch(p -> p.source() instanceof Graph.ParamSource.FromFile);
    try {
      Object instance = fromFile
          ? type.getMethod("load", Path.class).invoke(null, graph.weights().orElseThrow())
          : type.getMethod("create").invoke(null);
      List<Object> args = new ArrayList<>();
      for (IrGraph.Input in : ir.inputs()) {
        double[] values = given.get(in.name()).data();
        args.add(switch (in.type().dtype()) {
          case I64 -> Arrays.stream(values).mapToLong(v -> (long) v).toArray();
          case I32 -> Arrays.stream(values).mapToInt(v -> (int) v).toArray();
          default -> given.get(in.name()).toFloats();
        });
      }
      for (String d : ir.runtimeDims()) {
        args.add(Math.toIntExact(dims.values().get(d)));
      }
      Method forward = null;
      for (Method m : type.getMethods()) {
        if (m.getName().equals("forward") && m.getParameterCount() == args.size() && m.getReturnType() != void.class) {
          forward = m;
        }
      }
      Object result = forward.invoke(instance, args.toArray());
      Object[] arrays = ir.outputs().size() == 1 ? new Object[] {result} : (Object[]) result;
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (int i = 0; i < ir.outputs().size(); i++) {
        IrGraph.Output o = ir.outputs().get(i);
        long[] shape = ir.node(o.node()).shape().dims().stream().mapToLong(dims::size).toArray();
        out.put(o.name(), switch (arrays[i]) {
          case long[] longs -> Tensor.of(shape, Arrays.stream(longs).asDoubleStream().toArray());
          case int[] ints -> Tensor.of(shape, Arrays.stream(ints).asDoubleStream().toArray());
          default -> Tensor.fromFloats(shape, (float[]) arrays[i]);
        });
      }
      return out;
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
