package dev.netc.compiler.plan;

import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.shape.TensorType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything the generated classes of one network hold and do. Deterministic: built in the IR's
 * order, with every name allocated here, so the same graph always renders the same bytes.
 *
 * @param graph the optimized IR it was planned from
 * @param packageName the package of the classes
 * @param className the facade class, named after the network
 * @param kernelsClass the package-private class of the kernels
 * @param dims the run-time dimensions, the batch first, with the {@code int} parameters holding them
 * @param sliceEnds the slices cut at a size of run-time dimensions, which {@code forward} checks first
 * @param inputs the arrays {@code forward} reads, in declaration order
 * @param outputs the arrays {@code forward} writes, in declaration order
 * @param parameters every parameter, in declaration order: what the factories load
 * @param fields what an instance holds: parameters as loaded, then packed weights, then padded biases
 * @param weightsFile the weights file the spec names, when a parameter reads it
 * @param kernels the distinct matmul kernels
 * @param constants the fixed int arrays the steps pass, as static fields
 * @param scalars the scalar constants the steps read, as static fields
 * @param parts {@code forward}'s body, one method or several
 * @param vectorBits the width of the kernels' vectors
 * @param offHeap whether packed weights live off the heap (Java 22+)
 * @param l3Bytes the last-level cache the kernels were planned for
 * @param weightBytes the bytes of every parameter together
 */
public record NetworkPlan(
    IrGraph graph,
    String packageName,
    String className,
    String kernelsClass,
    List<Dimension> dims,
    List<IrGraph.SliceEnd> sliceEnds,
    List<Argument> inputs,
    List<Argument> outputs,
    List<Parameter> parameters,
    List<WeightField> fields,
    Optional<Path> weightsFile,
    List<Kernel> kernels,
    List<IntList.Constant> constants,
    List<Value.Constant> scalars,
    List<Part> parts,
    int vectorBits,
    boolean offHeap,
    long l3Bytes,
    long weightBytes) {

  public NetworkPlan {
    dims = List.copyOf(dims);
    sliceEnds = List.copyOf(sliceEnds);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    parameters = List.copyOf(parameters);
    fields = List.copyOf(fields);
    kernels = List.copyOf(kernels);
    constants = List.copyOf(constants);
    scalars = List.copyOf(scalars);
    parts = List.copyOf(parts);
  }

  /** A run-time dimension and the {@code forward} parameter that holds it. */
  public record Dimension(String symbol, String variable) {}

  /** An input or output of {@code forward}: its name, type, array parameter and offset parameter. */
  public record Argument(String name, TensorType type, String variable, String offset) {}

  /**
   * A parameter as the factories load it: the constructor's argument, and the static field of
   * its values when they are written in the spec.
   */
  public record Parameter(IrGraph.Param param, String variable, Optional<String> inlineField) {}

  /** Whether some parameter is read from the weights file: the class then loads instead of creating. */
  public boolean readsFile() {
    return parameters.stream().anyMatch(p -> p.inlineField().isEmpty());
  }

  /** The weights resource {@code fromResource()} reads: the fields, already in the layout the steps read. */
  public String resourceName() {
    return className + ".safetensors";
  }

  /** Whether some kernel streams an off-heap weight into L2 (with a method of the kernels class). */
  public boolean streamsOffHeap() {
    return kernels.stream().anyMatch(k -> k.plan().streamsWeights() && k.plan().offHeap());
  }
}
