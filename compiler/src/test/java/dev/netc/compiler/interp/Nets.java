package dev.netc.compiler.interp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Frontend;
import dev.netc.compiler.diag.GnuRenderer;
import dev.netc.compiler.ir.IrBuilder;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrValidator;
import dev.netc.compiler.source.SourceFile;
import java.util.Map;

/** Specs held in strings, checked and lowered, and tolerant comparisons of tensors. */
final class Nets {
  /** float32 precision, for values worked out by hand and for results stored as float32. */
  static final double F32 = 1e-6;

  private Nets() {}

  /** The one network of {@code text}, lowered to the IR; fails on any error. */
  static IrGraph compile(String text) {
    CheckResult result = Frontend.check(new SourceFile("test.nn", text));
    assertThat(result.hasErrors()).as("%s", result.diagnostics().stream().map(new GnuRenderer()::render).toList()).isFalse();
    assertThat(result.graphs()).hasSize(1);
    IrGraph g = IrBuilder.build(result.graphs().get(0));
    assertThat(IrValidator.problems(g)).isEmpty();
    return g;
  }

  /** Runs {@code text}'s network on the given inputs and returns the output {@code output}. */
  static Tensor run(String text, String output, Map<String, Tensor> inputs) {
    return Interpreter.run(compile(text), inputs).get(output);
  }

  /** Asserts the shape is {@code shape} and every element within {@code tolerance} of {@code expected}. */
  static void assertClose(Tensor actual, long[] shape, double[] expected, double tolerance) {
    assertThat(actual.shape()).as("shape of %s", actual).containsExactly(shape);
    double[] data = actual.data();
    for (int i = 0; i < expected.length; i++) {
      if (Double.isNaN(data[i]) || Math.abs(data[i] - expected[i]) > tolerance) {
        fail("element %d of %s is %s, expected %s (tolerance %s)", i, actual, data[i], expected[i], tolerance);
      }
    }
  }

  static void assertClose(Tensor actual, Tensor expected, double tolerance) {
    assertClose(actual, expected.shape(), expected.data(), tolerance);
  }

  static long[] shape(long... sizes) {
    return sizes;
  }
}
