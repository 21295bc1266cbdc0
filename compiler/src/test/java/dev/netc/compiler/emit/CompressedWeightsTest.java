package dev.netc.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.GeneratedFile;
import dev.netc.compiler.interp.Interpreter;
import dev.netc.compiler.interp.Tensor;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrValidator;
import dev.netc.compiler.passes.PassOptions;
import dev.netc.compiler.passes.Passes;
import dev.netc.runtime.DType;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Networks whose matmul weights are stored in bf16 or i8 ({@code --weights}) against the reference
 * interpreter, which evaluates the weights those bits stand for exactly (each rounded to bfloat16,
 * or quantized with a scale per output column and multiplied back) in double precision: at batch
 * sizes 1 (GEMV), 2, 7 and 64 (tiles and their remainders), for widths with and without tail
 * panels, weights used as written and transposed, on the heap (Java 21) and off it (Java 22), from
 * inline values ({@code create()}), from the compile-time resource ({@code fromResource()}) and
 * from the weights file at load time ({@code load(Path)}).
 *
 * <p>Tolerance as in {@link DifferentialTest}: the compressed network computes with exactly the
 * weights the reference uses, so only float accumulation separates them.
 */
class CompressedWeightsTest {
  private static final int[] BATCHES = {1, 2, 7, 64};
  private static final List<DType> STORAGE = List.of(DType.BF16, DType.I8);

  @TestFactory
  Stream<DynamicTest> samples() {
    List<DynamicTest> tests = new ArrayList<>();
    for (DType storage : STORAGE) {
      for (String name : List.of("image_flip.nn", "mlp.nn", "transformer_encoder.nn")) {
        tests.add(DynamicTest.dynamicTest(name + " in " + storage.spelling(),
            () -> compare(Networks.irOfFile(Path.of("../samples", name)), storage, new Random(1))));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> randomMultilayerPerceptrons() {
    List<DynamicTest> tests = new ArrayList<>();
    for (DType storage : STORAGE) {
      Random random = new Random(42);
      for (int t = 0; t < 12; t++) {
        String spec = DifferentialTest.randomMlp(random, t);
        tests.add(DynamicTest.dynamicTest("random network " + t + " in " + storage.spelling(),
            () -> compare(Networks.ir(spec), storage, new Random(7))));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> longRows() {
    List<DynamicTest> tests = new ArrayList<>();
    for (DType storage : STORAGE) {
      for (int k : new int[] {2056, 1032}) {
        tests.add(DynamicTest.dynamicTest("K = " + k + " in " + storage.spelling(), () -> {
          Random random = new Random(k);
          String spec = "network Long {\n  input x: f32[N, " + k + "]\n  param W: f32[" + k + ", 72] = "
              + DifferentialTest.values(random, k * 72) + "\n  param b: f32[72] = "
              + DifferentialTest.values(random, 72) + "\n  r = x[:, 0:72]\n  output y = gelu(x @ W + b) + r\n}\n";
          compare(Networks.ir(spec), storage, random);
        }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> loadedFromTheWeightsFile() {
    return STORAGE.stream().map(storage -> DynamicTest.dynamicTest("transformer_encoder.nn's load(Path) in "
        + storage.spelling(), () -> {
      IrGraph reference = compressed(Networks.irOfFile(Path.of("../samples/transformer_encoder.nn")), storage);
      Path weights = reference.weights().orElseThrow();
      List<Networks.Live> nets = new ArrayList<>();
      for (CompileOptions options : options(storage)) {
        var generated = Generate.files(reference, "test.generated", options);
        Class<?> type = InMemoryCompiler.compile(generated, getClass().getClassLoader())
            .loadClass("test.generated." + reference.name());
        Object instance = type.getMethod("load", Path.class).invoke(null, weights);
        nets.add(new Networks.Live(instance, forward(type, reference)));
      }
      for (int batch : BATCHES) {
        DifferentialTest.compareAt(reference, nets, dims(reference, batch), new Random(batch));
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> declaredInTheSpec() {
    Random random = new Random(21);
    String inline = "network Declared {\n  input x: f32[N, 40]\n  param W1: bf16[40, 33] = "
        + DifferentialTest.values(random, 40 * 33) + "\n  param b1: f32[33] = " + DifferentialTest.values(random, 33)
        + "\n  param W2: i8[17, 33] = " + DifferentialTest.values(random, 17 * 33)
        + "\n  h = gelu(x @ W1 + b1)\n  output y = h @ W2.T\n}\n";
    return Stream.of(DynamicTest.dynamicTest("bf16 and i8 (transposed) inline weights, compiled with f32 options", () -> {
      IrGraph reference = Passes.optimize(Networks.ir(inline));
      assertThat(reference.param("W1").orElseThrow().type().dtype()).isEqualTo(DType.BF16);
      assertThat(reference.param("W2").orElseThrow().type().dtype()).isEqualTo(DType.I8);
      List<Networks.Live> nets = List.of(Networks.compile(reference, CompileOptions.defaults()),
          Networks.compile(reference, CompileOptions.defaults().withRelease(CompileOptions.OFF_HEAP_RELEASE)));
      for (int batch : BATCHES) {
        DifferentialTest.compareAt(reference, nets, dims(reference, batch), random);
      }
    }));
  }

  /** The graph after the standard passes with every eligible weight stored as {@code storage}. */
  private static IrGraph compressed(IrGraph graph, DType storage) {
    IrGraph optimized = Passes.optimize(graph, new PassOptions(true, storage));
    assertThat(IrValidator.problems(optimized)).isEmpty();
    assertThat(optimized.params()).as("weights stored as %s", storage)
        .anyMatch(p -> p.type().dtype() == storage);
    return optimized;
  }

  private static List<CompileOptions> options(DType storage) {
    CompileOptions base = CompileOptions.defaults().withWeights(storage);
    return List.of(base, base.withRelease(CompileOptions.OFF_HEAP_RELEASE));
  }

  private static void compare(IrGraph graph, DType storage, Random random) throws Exception {
    IrGraph reference = compressed(graph, storage);
    List<Networks.Live> nets = new ArrayList<>();
    for (CompileOptions options : options(storage)) {
      List<GeneratedFile> files = Generate.files(reference, "test.generated", options);
      assertThat(Generate.text(files)).contains(storage == DType.BF16 ? "ShortVector" : "ByteVector");
      nets.add(Networks.compile(reference, options));
    }
    for (int batch : BATCHES) {
      DifferentialTest.compareAt(reference, nets, dims(reference, batch), random);
    }
    // The reference is not the f32 network: the weights' rounding shows in its outputs.
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    for (IrGraph.Input in : graph.inputs()) {
      long[] shape = in.shape().dims().stream().mapToLong(d -> d.symbols().isEmpty() ? d.coefficient() : 3).toArray();
      double[] data = new double[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
      Arrays.setAll(data, i -> random.nextGaussian());
      inputs.put(in.name(), Tensor.of(shape, data));
    }
    Map<String, Tensor> exact = Interpreter.run(Passes.optimize(graph), inputs);
    Map<String, Tensor> rounded = Interpreter.run(reference, inputs);
    assertThat(exact.keySet()).anyMatch(o -> !Arrays.equals(exact.get(o).data(), rounded.get(o).data()));
  }

  private static Map<String, Long> dims(IrGraph graph, int batch) {
    Map<String, Long> dims = new LinkedHashMap<>();
    graph.runtimeDims().forEach(d -> dims.put(d, (long) batch));
    return dims;
  }

  private static Method forward(Class<?> type, IrGraph graph) {
    int arity = graph.inputs().size() + graph.runtimeDims().size();
    return Arrays.stream(type.getMethods())
        .filter(m -> m.getName().equals("forward") && m.getParameterCount() == arity && m.getReturnType() != void.class)
        .findFirst().orElseThrow();
  }
}
