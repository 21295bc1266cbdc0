package dev.netc.onnx.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.CompileRequest;
import dev.netc.compiler.CompileResult;
import dev.netc.compiler.CompiledNetwork;
import dev.netc.compiler.Compiler;
import dev.netc.compiler.Source;
import dev.netc.compiler.emit.NetworkRunner;
import dev.netc.compiler.interp.Interpreter;
import dev.netc.compiler.interp.Tensor;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.onnx.OnnxReader;
import dev.netc.runtime.DType;
import dev.netc.runtime.weights.TensorInfo;
import dev.netc.runtime.weights.WeightFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test support: the ONNX fixtures (made by {@code src/test/python/make_fixtures.py} with PyTorch and
 * NumPy), imported, checked, and run by the interpreter and by generated code.
 */
final class Fixtures {
  static final Path ROOT = Path.of("src/test/resources/fixtures");

  private Fixtures() {}

  /** A fixture imported into {@code dir}: the spec's path. */
  static Path importInto(String fixture, Path dir) throws Exception {
    return importInto(fixture, dir, ImportOptions.defaults());
  }

  static Path importInto(String fixture, Path dir, ImportOptions options) throws Exception {
    String base = fixture.substring(fixture.lastIndexOf('/') + 1);
    OnnxImporter.Imported imported = OnnxImporter.importModel(OnnxReader.read(ROOT.resolve(fixture).resolve("model.onnx")),
        options, base);
    Path spec = dir.resolve(base + ".nn");
    Files.writeString(spec, imported.spec());
    imported.weights().write(dir.resolve(base + ".safetensors"));
    return spec;
  }

  static CompiledNetwork compile(Path spec) {
    return compile(spec, CompileOptions.builder().packageName("test.imported").build());
  }

  /** {@link #compile(Path)} with {@code options}. */
  static CompiledNetwork compile(Path spec, CompileOptions options) {
    CompileResult result = Compiler.compile(new CompileRequest(List.of(Source.file(spec)), options));
    assertThat(result.checks().stream().flatMap(c -> c.diagnostics().stream())
        .filter(d -> d.severity() == dev.netc.compiler.diag.Severity.ERROR).toList()).as("errors of %s", spec).isEmpty();
    assertThat(result.networks()).hasSize(1);
    return result.networks().get(0);
  }

  /** Every graph input of a fixture, from its {@code <input>.npy}. */
  static Map<String, Tensor> inputs(String fixture, IrGraph ir) throws Exception {
    Map<String, Tensor> given = new LinkedHashMap<>();
    for (IrGraph.Input in : ir.inputs()) {
      given.put(in.name(), read(ROOT.resolve(fixture).resolve(in.name() + ".npy")));
    }
    return given;
  }

  static Tensor read(Path npy) throws Exception {
    try (WeightFile f = WeightFile.open(npy)) {
      TensorInfo t = f.tensors().get(0);
      if (t.dtype() == DType.I64) {
        long[] v = f.readLongs(t.name());
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
          d[i] = v[i];
        }
        return Tensor.of(t.shapeArray(), d);
      }
      return Tensor.fromFloats(t.shapeArray(), f.readFloats(t.name()));
    }
  }

  /** The generated code's outputs for {@code given}, by output name. */
  static Map<String, Tensor> runCompiled(CompiledNetwork network, Path spec, Map<String, Tensor> given)
      throws Exception {
    return NetworkRunner.run(network, given, Fixtures.class.getClassLoader());
  }

  /**
   * Imports {@code fixture} into {@code dir}, checks the spec clean, and compares every output,
   * interpreted and compiled, with the fixture's reference {@code <output>.npy}.
   */
  static void assertMatchesReference(String fixture, Path dir) throws Exception {
    Path spec = importInto(fixture, dir);
    CompiledNetwork network = compile(spec);
    IrGraph ir = network.stages().get(0).graph();
    Map<String, Tensor> given = inputs(fixture, ir);
    Map<String, Tensor> interpreted = Interpreter.run(ir, given);
    Map<String, Tensor> compiled = runCompiled(network, spec, given);
    assertThat(ir.outputs()).isNotEmpty();
    for (IrGraph.Output o : ir.outputs()) {
      Tensor expected = read(ROOT.resolve(fixture).resolve(o.name() + ".npy"));
      assertClose(fixture + " interpreted " + o.name(), interpreted.get(o.name()), expected);
      assertClose(fixture + " compiled " + o.name(), compiled.get(o.name()), expected);
    }
  }

  /** {@code actual} is {@code expected} to 1e-5 relative, 1e-4 absolute near zero. */
  static void assertClose(String what, Tensor actual, Tensor expected) {
    assertThat(actual.shape()).as("%s shape", what).containsExactly(expected.shape());
    double[] a = actual.data();
    double[] e = expected.data();
    for (int i = 0; i < e.length; i++) {
      double tolerance = Math.max(1e-4, 1e-5 * Math.abs(e[i]));
      if (Math.abs(a[i] - e[i]) > tolerance) {
        throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i] + " (within "
            + tolerance + ")");
      }
    }
  }
}
