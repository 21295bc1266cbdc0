package dev.netc.compiler.passes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Frontend;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.ir.IrBuilder;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.IrValidator;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.source.SourceFile;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Specs to IR, and the checks every pass must pass. */
final class PassFixtures {
  private PassFixtures() {}

  /** The IR of the only network of {@code spec}; a weights file is never there (a warning only). */
  static IrGraph ir(String spec) {
    CheckResult result = Frontend.check(new SourceFile("test.nn", spec), path -> {
      throw new NoSuchFileException(path.toString());
    });
    assertThat(result.graphs()).as(result.diagnostics().toString()).hasSize(1);
    return IrBuilder.build(result.graphs().get(0));
  }

  static Path samples() {
    return Path.of(System.getProperty("netc.samples", "../samples"));
  }

  static IrGraph sample(String file) {
    CheckResult result = Frontend.checkFile(samples().resolve(file), file);
    assertThat(result.graphs()).as(result.diagnostics().toString()).hasSize(1);
    return IrBuilder.build(result.graphs().get(0));
  }

  /** {@code pass} applied to {@code g}, checked: a valid graph with the same outputs, shaped the same. */
  static IrGraph applyChecked(Pass pass, IrGraph g) {
    IrGraph after = pass.apply(g);
    assertPreserved(g, after, pass.name());
    return after;
  }

  static void assertPreserved(IrGraph before, IrGraph after, String what) {
    assertThat(IrValidator.problems(after)).as("problems after " + what).isEmpty();
    assertThat(outputShapes(after)).as("outputs after " + what).isEqualTo(outputShapes(before));
    assertThat(after.inputs()).as("inputs after " + what).isEqualTo(before.inputs());
  }

  /** Output name to shape, in order. */
  static Map<String, String> outputShapes(IrGraph g) {
    Map<String, String> shapes = new LinkedHashMap<>();
    for (IrGraph.Output o : g.outputs()) {
      shapes.put(o.name(), g.node(o.node()).shape().valueText());
    }
    return shapes;
  }

  static IrNode named(IrGraph g, String name) {
    return g.nodes().stream().filter(n -> n.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no node " + name + " in\n" + dev.netc.compiler.ir.IrPrinter.print(g)));
  }

  static List<IrNode> ofKind(IrGraph g, Class<? extends Op> kind) {
    return g.nodes().stream().filter(n -> kind.isInstance(n.op())).toList();
  }

  /** The inline values of parameter {@code name}. */
  static float[] values(IrGraph g, String name) {
    IrGraph.Param p = g.param(name).orElseThrow(() -> new AssertionError("no param " + name));
    return ((Graph.ParamSource.Inline) p.source()).values();
  }

  /** A literal of {@code count} values, deterministic and varied, for inline parameters. */
  static String literal(int count, int seed) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      s.append(i == 0 ? "" : ", ").append(((i * 7 + seed * 13) % 17 - 8) / 10.0);
    }
    return s.append(']').toString();
  }
}
