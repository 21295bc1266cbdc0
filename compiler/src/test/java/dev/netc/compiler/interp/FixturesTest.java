package dev.netc.compiler.interp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Frontend;
import dev.netc.compiler.diag.GnuRenderer;
import dev.netc.compiler.ir.IrBuilder;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.runtime.weights.TensorInfo;
import dev.netc.runtime.weights.WeightFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The interpreter against NumPy and PyTorch, on the fixtures written by
 * {@code src/test/python/make_fixtures.py}: each folder holds a spec, its
 * weights, {@code inputs/*.npy} and {@code expected/*.npy} (one per output
 * checked, named after it).
 *
 * <p>Tolerance: every element within 1e-4 absolute, and within 1e-5 relative
 * where the expected magnitude exceeds 1e-3. The references were computed in
 * float64 from the same float32 weights and inputs, then stored as float32, so
 * the only expected discrepancy is that final rounding (about 6e-8 relative);
 * the bound leaves room for a different but correct order of summation, and is
 * far below what a wrong formula gives: the unbiased variance would scale
 * layernorm's output by sqrt(32/31), 1.6% in the transformer, and the tanh form
 * of GELU differs from the exact one by up to 5e-4.
 * Even the transformer needs no looser bound: torch's own float32 evaluation
 * stays within 1e-6 of the float64 reference (make_fixtures.py prints it).
 */
class FixturesTest {
  private static final double ABSOLUTE = 1e-4;
  private static final double RELATIVE = 1e-5;
  /** Below this magnitude only the absolute bound applies: relative error means nothing near 0. */
  private static final double RELATIVE_FLOOR = 1e-3;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mlp", "transformer", "masked_softmax", "activations"})
  void matchesReference(String name) throws IOException {
    Path folder = fixtures().resolve(name);
    CheckResult checked = Frontend.checkFile(folder.resolve(name + ".nn"), name + ".nn");
    assertThat(checked.diagnostics()).as("diagnostics of %s", name)
        .extracting(new GnuRenderer()::render).isEmpty();
    IrGraph graph = IrBuilder.build(checked.graphs().get(0));

    Map<String, Tensor> outputs = Interpreter.run(graph, readAll(folder.resolve("inputs")));
    Map<String, Tensor> expected = readAll(folder.resolve("expected"));
    assertThat(expected).isNotEmpty();
    for (Map.Entry<String, Tensor> e : expected.entrySet()) {
      Tensor actual = outputs.get(e.getKey());
      assertThat(actual).as("output %s of %s", e.getKey(), name).isNotNull();
      assertThat(actual.shape()).as("shape of %s", e.getKey()).containsExactly(e.getValue().shape());
      Errors errors = Errors.between(actual, e.getValue());
      System.out.printf(Locale.ROOT, "fixture %s, output %s: max abs error %.2e, max rel error %.2e%n",
          name, e.getKey(), errors.absolute(), errors.relative());
      assertThat(errors.absolute()).as("max absolute error of %s.%s", name, e.getKey()).isLessThanOrEqualTo(ABSOLUTE);
      assertThat(errors.relative()).as("max relative error of %s.%s", name, e.getKey()).isLessThanOrEqualTo(RELATIVE);
    }
  }

  /** The largest absolute error, and the largest relative error over elements above the floor. */
  record Errors(double absolute, double relative) {
    static Errors between(Tensor actual, Tensor expected) {
      double[] a = actual.data();
      double[] x = expected.data();
      double abs = 0;
      double rel = 0;
      for (int i = 0; i < x.length; i++) {
        double d = Math.abs(a[i] - x[i]);
        if (Double.isNaN(d)) {
          return new Errors(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        abs = Math.max(abs, d);
        if (Math.abs(x[i]) > RELATIVE_FLOOR) {
          rel = Math.max(rel, d / Math.abs(x[i]));
        }
      }
      return new Errors(abs, rel);
    }
  }

  /** Every {@code .npy} of a folder, by file stem (which is also its tensor's name). */
  private static Map<String, Tensor> readAll(Path folder) throws IOException {
    Map<String, Tensor> tensors = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".npy")).toList()) {
        try (WeightFile npy = WeightFile.open(file)) {
          TensorInfo info = npy.tensors().get(0);
          tensors.put(info.name(), Tensor.fromFloats(info.shapeArray(), npy.readFloats(info.name())));
        }
      }
    }
    return tensors;
  }

  private static Path fixtures() {
    try {
      return Path.of(FixturesTest.class.getResource("/fixtures").toURI());
    } catch (URISyntaxException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
