package dev.netc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.netc.compiler.plan.NetworkPlan;

/** The generated class's Javadoc: the spec's doc comment, each input and output with its type, and a usage example. */
final class ClassDoc {
  private ClassDoc() {}

  static CodeBlock of(NetworkPlan plan, ForwardWriter forward) {
    CodeBlock.Builder doc = CodeBlock.builder();
    String specDoc = plan.graph().doc();
    if (!specDoc.isBlank()) {
      doc.add("$L\n\n", specDoc.replace("*/", "*&#47;"));
    } else {
      doc.add("The network {@code $L}.\n\n", plan.graph().name());
    }
    doc.add("<p>Compiled by netc from {@code $L}.", plan.graph().sourceName());
    if (!plan.dims().isEmpty()) {
      doc.add(" Run-time dimensions: $L; {@code $L} is the batch.",
          String.join(", ", plan.dims().stream().map(NetworkPlan.Dimension::symbol).toList()),
          plan.dims().get(0).symbol());
    }
    doc.add("\n\n<p>Inputs (row-major arrays):\n<ul>\n");
    for (NetworkPlan.Argument in : plan.inputs()) {
      doc.add("  <li>{@code $L}: $L$L\n", in.name(), in.type(), javaType(in));
    }
    doc.add("</ul>\n\n<p>Outputs:\n<ul>\n");
    for (NetworkPlan.Argument o : plan.outputs()) {
      doc.add("  <li>{@code $L}: $L$L\n", o.name(), o.type(), javaType(o));
    }
    doc.add("</ul>\n\n<pre>{@code\n");
    doc.add(forward.usage(plan.readsFile() ? "fromResource()" : "create()"));
    doc.add("}</pre>\n\n<p>{@code forward} takes arrays at least as long as a batch needs, so buffers allocated once "
        + "for the largest batch serve every smaller one, and, with offsets, a batch inside larger buffers. An "
        + "instance is immutable and may be shared between threads; each call takes its scratch memory from a "
        + "per-thread workspace, or from the one passed in.\n");
    return doc.build();
  }

  /** {@code , a {@code long[]}} for an argument whose element type is not f32: the array type it is passed as. */
  private static String javaType(NetworkPlan.Argument a) {
    return a.type().dtype() == dev.netc.runtime.DType.F32 ? ""
        : ", a {@code " + JavaCode.arrayOf(a.type().dtype()) + "}";
  }
}
