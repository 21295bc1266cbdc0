package dev.netc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.ir.IrGraph;

/** The generated class's Javadoc: the spec's doc comment, each input and output with its shape, and a usage example. */
final class ClassDoc {
  private ClassDoc() {}

  static CodeBlock of(IrGraph g, ForwardWriter forward) {
    CodeBlock.Builder doc = CodeBlock.builder();
    if (!g.doc().isBlank()) {
      doc.add("$L\n\n", g.doc().replace("*/", "*&#47;"));
    } else {
      doc.add("The network {@code $L}.\n\n", g.name());
    }
    doc.add("<p>Compiled by netc from {@code $L}.", g.sourceName());
    if (!g.runtimeDims().isEmpty()) {
      doc.add(" Run-time dimensions: $L; {@code $L} is the batch.", String.join(", ", g.runtimeDims()),
          g.runtimeDims().get(0));
    }
    doc.add("\n\n<p>Inputs (row-major {@code float[]}):\n<ul>\n");
    for (IrGraph.Input in : g.inputs()) {
      doc.add("  <li>{@code $L}: f32$L\n", in.name(), in.shape());
    }
    doc.add("</ul>\n\n<p>Outputs:\n<ul>\n");
    for (IrGraph.Output o : g.outputs()) {
      doc.add("  <li>{@code $L}: f32$L\n", o.name(), g.node(o.node()).shape());
    }
    doc.add("</ul>\n\n<pre>{@code\n");
    boolean file = g.params().stream().anyMatch(p -> p.source() instanceof Graph.ParamSource.FromFile);
    doc.add(forward.usage(file ? "fromResource()" : "create()"));
    doc.add("}</pre>\n\n<p>An instance is immutable and may be shared between threads; each call takes its scratch "
        + "memory from a per-thread workspace, or from the one passed in.\n");
    return doc.build();
  }
}
