package dev.netc.compiler.graph;

import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.TensorType;
import dev.netc.compiler.source.Span;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A checked network: everything the back end needs, every shape known, every
 * name resolved. Only networks without errors become graphs.
 *
 * @param span the network's block
 * @param nameSpan where the network's name is written: where a problem with its class is reported
 * @param runtimeDims the run-time dimensions in the order the inputs introduce them; the first
 *     is the batch
 * @param dims the named fixed sizes ({@code dim d_model = 256})
 * @param weights the weights file the spec names, resolved against the spec's folder
 * @param nodes the named nodes in program order
 * @param outputs the names of the outputs, in the order they are declared
 */
public record Graph(
    String name,
    String doc,
    Span span,
    Span nameSpan,
    List<String> runtimeDims,
    List<NamedDim> dims,
    Optional<Path> weights,
    List<InputDecl> inputs,
    List<ParamDecl> params,
    List<Binding> nodes,
    List<String> outputs) {

  public Graph {
    runtimeDims = List.copyOf(runtimeDims);
    dims = List.copyOf(dims);
    inputs = List.copyOf(inputs);
    params = List.copyOf(params);
    nodes = List.copyOf(nodes);
    outputs = List.copyOf(outputs);
  }

  /** The batch dimension: the first run-time dimension, if any. */
  public Optional<String> batchDim() {
    return runtimeDims.isEmpty() ? Optional.empty() : Optional.of(runtimeDims.get(0));
  }

  public record NamedDim(String name, Dim value, Span span) {}

  public record InputDecl(String name, TensorType type, Span span) {}

  /** A parameter; {@code createdBy} names the {@code dense} node that made it, or is empty. */
  public record ParamDecl(String name, TensorType type, ParamSource source, Span span, Optional<String> createdBy) {}

  /** Where a parameter's values come from. */
  public sealed interface ParamSource {
    /** Values written in the spec, row-major. */
    record Inline(float[] values) implements ParamSource {}

    /** The tensor {@code key} of the network's weights file. */
    record FromFile(String key) implements ParamSource {}
  }

  /** {@code name = value}; {@code output} when the node is an output of the network. */
  public record Binding(String name, Node value, boolean output, Span span) {}
}
