package dev.netc.playground;

import dev.netc.compiler.CompileResult;
import dev.netc.compiler.CompiledNetwork;
import dev.netc.compiler.emit.NetworkRunner;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.interp.Tensor;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.runtime.DType;
import dev.netc.runtime.VectorSupport;
import dev.netc.runtime.weights.TensorInfo;
import dev.netc.runtime.weights.WeightFile;
import dev.netc.runtime.weights.WeightFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Run}: a network of the spec, compiled in memory, called once on the inputs the page sends,
 * each a nested list ({@code [[1, 0, 1, 1]]}) or a {@code .npy} file ({@code {"npy": base64}}),
 * read by the runtime's reader as {@code netc run} reads one.
 */
final class NetworkRun {
  private NetworkRun() {}

  /**
   * The outputs, in a JSON object: {@code {"network", "outputs": [{"name", "type", "shape", "data"}]}}.
   *
   * @param request {@code {"spec", "network"?, "inputs": {"x": ...}}}
   * @param maxElements the most elements one input may hold
   * @throws Refusal for a spec with errors, a network that cannot run here, or inputs that do not fit
   */
  static Map<String, Object> of(Map<String, Object> request, long maxElements) throws Exception {
    String spec = Requests.string(request, "spec");
    CompileResult compiled = SpecReport.compile(spec);
    if (compiled.hasErrors()) {
      throw new Refusal(422, "the spec has errors: fix them before running it");
    }
    if (compiled.networks().isEmpty()) {
      throw new Refusal(422, "the spec declares no network");
    }
    CompiledNetwork network = choose(compiled.networks(), request.get("network"));
    Graph graph = network.graph();
    if (graph.params().stream().anyMatch(p -> p.source() instanceof Graph.ParamSource.FromFile)) {
      throw new Refusal(422, "network " + graph.name() + " reads its parameters from a weights file, which the "
          + "playground never opens: give them inline values to run it here, or use netc run");
    }
    if (!VectorSupport.available()) {
      throw new Refusal(501, "running compiled code needs the Vector API: start the playground with "
          + VectorSupport.FLAG + " (the ./netc launcher does)");
    }
    if (!(request.getOrDefault("inputs", Map.of()) instanceof Map<?, ?> inputs)) {
      throw new Refusal(400, "`inputs` is an object: {\"x\": [[1, 0, 1, 1]]}");
    }
    IrGraph ir = network.stages().get(0).graph();
    Map<String, Tensor> given = new LinkedHashMap<>();
    for (IrGraph.Input in : ir.inputs()) {
      Object value = inputs.get(in.name());
      if (value == null) {
        throw new Refusal(400, "no value for input " + in.name() + ": " + in.type());
      }
      given.put(in.name(), tensor(in, value, maxElements));
    }
    for (Object name : inputs.keySet()) {
      if (ir.inputs().stream().noneMatch(i -> i.name().equals(name))) {
        throw new Refusal(400, "network " + graph.name() + " has no input `" + name + "`");
      }
    }
    if (System.getProperty("netc.warmup") == null) {
      // One forward pass: driving every kernel through the JIT first would take longer than it.
      System.setProperty("netc.warmup", "false");
    }
    Map<String, Tensor> results;
    try {
      results = NetworkRunner.run(network, given, NetworkRun.class.getClassLoader());
    } catch (IllegalArgumentException e) {
      // What forward says of its inputs (a shape, an id outside its table), and unbound run-time sizes.
      throw new Refusal(422, e.getMessage());
    }
    List<Object> outputs = new ArrayList<>();
    for (IrGraph.Output o : ir.outputs()) {
      Tensor t = results.get(o.name());
      DType dtype = ir.node(o.node()).dtype();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("name", o.name());
      out.put("type", dtype.spelling() + t.shapeText());
      out.put("shape", Arrays.stream(t.shape()).boxed().toList());
      out.put("data", nested(t, dtype, 0, 0));
      outputs.add(out);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("network", graph.name());
    answer.put("outputs", outputs);
    return answer;
  }

  private static CompiledNetwork choose(List<CompiledNetwork> networks, Object name) {
    if (name == null || "".equals(name)) {
      return networks.get(0);
    }
    return networks.stream().filter(n -> n.graph().name().equals(name)).findFirst()
        .orElseThrow(() -> new Refusal(400, "no network `" + name + "` in the spec"));
  }

  private static Tensor tensor(IrGraph.Input in, Object value, long maxElements) throws IOException {
    DType dtype = in.type().dtype();
    if (value instanceof Map<?, ?> file && file.get("npy") instanceof String base64) {
      return npy(in, base64, maxElements);
    }
    List<Long> shape = new ArrayList<>();
    Object probe = value;
    while (probe instanceof List<?> list) {
      if (shape.size() == Json.MAX_DEPTH) {
        break;
      }
      shape.add((long) list.size());
      probe = list.isEmpty() ? null : list.get(0);
    }
    long count = 1;
    for (long d : shape) {
      // Capped, not multiplied on: a list nested many levels deep must not overflow the count.
      count = Math.min(count * d, maxElements + 1);
    }
    if (count > maxElements) {
      throw new Refusal(413, "input " + in.name() + " has " + count + " elements; the playground takes at most "
          + maxElements);
    }
    double[] data = new double[(int) count];
    int[] at = {0};
    flatten(in.name(), value, shape, 0, data, at, dtype);
    return Tensor.of(shape.stream().mapToLong(Long::longValue).toArray(), data);
  }

  private static void flatten(String input, Object value, List<Long> shape, int axis, double[] data, int[] at,
      DType dtype) {
    if (axis == shape.size()) {
      if (!(value instanceof Double d)) {
        throw new Refusal(400, "input " + input + " is a nested list of numbers of one shape, "
            + shape + "; found " + (value instanceof List ? "a list" : String.valueOf(value)) + " at a number's place");
      }
      if (!dtype.isFloatingPoint() && d != Math.rint(d)) {
        throw new Refusal(400, "input " + input + " takes integers; found " + d);
      }
      data[at[0]++] = d;
      return;
    }
    if (!(value instanceof List<?> list) || list.size() != shape.get(axis)) {
      throw new Refusal(400, "input " + input + " is not rectangular: axis " + axis + " should have "
          + shape.get(axis) + " entries everywhere, as its first row does");
    }
    for (Object item : list) {
      flatten(input, item, shape, axis + 1, data, at, dtype);
    }
  }

  /**
   * A {@code .npy} upload, read by the runtime's reader from a file of the playground's own: the
   * reader takes a path, and going through it keeps every check and message of {@code netc run}.
   */
  private static Tensor npy(IrGraph.Input in, String base64, long maxElements) throws IOException {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new Refusal(400, "input " + in.name() + ": the .npy upload is not valid base64");
    }
    DType dtype = in.type().dtype();
    Path file = Files.createTempFile("netc-playground-", ".npy");
    try {
      Files.write(file, bytes);
      try (WeightFile f = WeightFile.open(file)) {
        TensorInfo t = f.tensors().get(0);
        if (t.elementCount() > maxElements) {
          throw new Refusal(413, "input " + in.name() + " has " + t.elementCount()
              + " elements; the playground takes at most " + maxElements);
        }
        if (dtype.isFloatingPoint() != t.dtype().isFloatingPoint()) {
          throw new Refusal(400, "input " + in.name() + ": " + in.type() + " takes "
              + (dtype.isFloatingPoint() ? "floats" : "integers") + ", but the .npy file holds " + t.dtype() + " values");
        }
        return NetworkRunner.input(f, t, dtype);
      }
    } catch (WeightFileException e) {
      // Its message names the temporary file; the page knows the upload by its input's name.
      String message = e.getMessage().replace(file.toString(), "the .npy upload");
      throw new Refusal(400, "input " + in.name() + ": " + message);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The tensor as nested lists; f32 values written as the float they are ({@code 0.1}, not {@code 0.10000000149}). */
  private static Object nested(Tensor t, DType dtype, int axis, int offset) {
    if (axis == t.rank()) {
      double v = t.data()[offset];
      return dtype == DType.F32 && Double.isFinite(v) ? Double.valueOf(Float.toString((float) v)) : v;
    }
    int n = (int) t.dim(axis);
    int stride = 1;
    for (int a = axis + 1; a < t.rank(); a++) {
      stride *= (int) t.dim(a);
    }
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(nested(t, dtype, axis + 1, offset + i * stride));
    }
    return out;
  }
}
