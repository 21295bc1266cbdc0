package dev.netc.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.GeneratedFile;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.passes.Passes;
import dev.netc.runtime.weights.SafetensorsWriter;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Properties of the generated code itself: size limits, determinism, checks at its API. */
class GeneratedCodeTest {
  private static final Path SAMPLES = Path.of(System.getProperty("netc.samples", "../samples"));

  @TempDir Path dir;

  @Test
  @DisplayName("no generated method exceeds HotSpot's 8,000-byte JIT limit, on every sample, for Java 21 and 22")
  void methodsStayUnderTheJitLimit() throws Exception {
    for (String sample : new String[] {"image_flip.nn", "mlp.nn", "transformer_encoder.nn"}) {
      IrGraph ir = Passes.optimize(Networks.irOfFile(SAMPLES.resolve(sample)));
      for (int release : new int[] {CompileOptions.MIN_RELEASE, CompileOptions.OFF_HEAP_RELEASE}) {
        List<GeneratedFile> generated = Generate.files(ir, "sizes", release);
        ClassLoader loader = InMemoryCompiler.compile(generated, getClass().getClassLoader());
        Map<String, byte[]> classes = InMemoryCompiler.classBytes(loader);
        assertThat(classes).isNotEmpty();
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
          MethodSizes.of(c.getValue()).forEach((method, size) ->
              assertThat(size).as("%s.%s of %s for Java %d", c.getKey(), method, sample, release).isLessThan(8000));
        }
      }
    }
  }

  @Test
  @DisplayName("the same spec gives byte-identical sources")
  void deterministic() throws Exception {
    IrGraph ir = Passes.optimize(Networks.irOfFile(SAMPLES.resolve("transformer_encoder.nn")));
    String first = Generate.text(Generate.files(ir, "p"));
    IrGraph again = Passes.optimize(Networks.irOfFile(SAMPLES.resolve("transformer_encoder.nn")));
    assertThat(Generate.text(Generate.files(again, "p"))).isEqualTo(first);
  }

  @Test
  @DisplayName("an input of the wrong length is refused with the shape it should have for that batch")
  void wrongInputLength() throws Exception {
    Networks.Live net = Networks.compile(Passes.optimize(Networks.irOfFile(SAMPLES.resolve("image_flip.nn"))));
    assertThatThrownBy(() -> net.run(new float[7], 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x holds 7 floats, but its shape [2, 4] needs 8");
    assertThatThrownBy(() -> net.run(new float[4], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the run-time dimension N must be at least 1, found 0");
  }

  @Test
  @DisplayName("weights that do not fit are refused with the tensor, the expected and the found shape")
  void weightsThatDoNotFit() throws Exception {
    IrGraph ir = Passes.optimize(Networks.irOfFile(SAMPLES.resolve("mlp.nn")));
    List<GeneratedFile> generated = Generate.files(ir, "w");
    Class<?> type = InMemoryCompiler.compile(generated, getClass().getClassLoader()).loadClass("w.Mlp");
    Path wrong = dir.resolve("wrong.safetensors");
    SafetensorsWriter writer = new SafetensorsWriter();
    writer.add("fc1.weight", new float[784 * 128], 784, 128);
    writer.write(wrong);
    assertThatThrownBy(() -> invokeLoad(type, wrong))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("fc1.weight")
        .hasMessageContaining("[128, 784]")
        .hasMessageContaining("[784, 128]");
    Path missing = dir.resolve("missing.safetensors");
    new SafetensorsWriter().add("fc1.weight", new float[784 * 128], 128, 784).write(missing);
    assertThatThrownBy(() -> invokeLoad(type, missing))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("fc1.bias");
  }

  private static Object invokeLoad(Class<?> type, Path file) throws Throwable {
    try {
      return type.getMethod("load", Path.class).invoke(null, file);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  @DisplayName("large inline weights are embedded in chunks under the class-file limits, and decode exactly")
  void largeInlineWeights() throws Exception {
    int in = 150;
    int out = 160;
    Random random = new Random(5);
    StringBuilder values = new StringBuilder("[");
    float[] w = new float[in * out];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) random.nextGaussian();
      values.append(i == 0 ? "" : ", ").append(w[i]);
    }
    String spec = "network Big {\n  input x: f32[N, " + in + "]\n  param W: f32[" + in + ", " + out + "] = "
        + values + "]\n  output y = x @ W\n}\n";
    Networks.Live net = Networks.compile(Passes.optimize(Networks.ir(spec)));
    float[] x = new float[in];
    x[7] = 1;
    float[] y = (float[]) net.run(x, 1);
    for (int j = 0; j < out; j++) {
      assertThat(y[j]).isCloseTo(w[7 * out + j], within(0f));
    }
  }

  @Test
  @DisplayName("a 100-layer network splits forward into parts, each under the JIT limit, and still computes right")
  void deepNetworkSplitsForward() throws Exception {
    StringBuilder spec = new StringBuilder("network Deep {\n  input x: f32[N, 8]\n");
    String values = "[" + String.join(", ", java.util.Collections.nCopies(64, "0.1")) + "]";
    spec.append("  param W: f32[8, 8] = ").append(values).append('\n');
    String previous = "x";
    for (int i = 0; i < 100; i++) {
      String name = i == 99 ? "output y" : "h" + i;
      // Element-wise steps between the products keep the passes from fusing the layers away.
      spec.append("  ").append(name).append(" = tanh(").append(previous).append(" @ W) * 2 - 0.5\n");
      previous = "h" + i;
    }
    IrGraph ir = Passes.optimize(Networks.ir(spec.append("}\n").toString()));
    List<GeneratedFile> generated = Generate.files(ir, "deep");
    assertThat(Generate.text(generated)).contains("private void forwardPart1(");
    ClassLoader loader = InMemoryCompiler.compile(generated, getClass().getClassLoader());
    for (Map.Entry<String, byte[]> c : InMemoryCompiler.classBytes(loader).entrySet()) {
      MethodSizes.of(c.getValue()).forEach((method, size) ->
          assertThat(size).as("%s.%s", c.getKey(), method).isLessThan(8000));
    }
    // Each layer maps a vector of equal entries v to 2*tanh(0.8v) - 0.5: iterate it by hand.
    double v = 1;
    for (int i = 0; i < 100; i++) {
      v = 2 * Math.tanh(0.8 * v) - 0.5;
    }
    Networks.Live net = Networks.compile(ir);
    float[] x = new float[8];
    java.util.Arrays.fill(x, 1f);
    float[] y = (float[]) net.run(x, 1);
    for (float f : y) {
      assertThat((double) f).isCloseTo(v, within(1e-4));
    }
  }

  @Test
  @DisplayName("attention split over two threads by heads gives bitwise the one-thread result, and the reference's")
  void attentionSplitByHeads() throws Exception {
    Path spec = dir.resolve("heads.nn");
    java.nio.file.Files.writeString(spec, """
        network Heads {
          input q: f32[N, 2, 128, 64]
          input k: f32[N, 2, 128, 64]
          input v: f32[N, 2, 128, 64]
          input mask: f32[128, 128]
          output a = scaled_dot_product_attention(q, k, v, mask=mask)
        }
        """);
    IrGraph reference = Networks.irOfFile(spec);
    List<GeneratedFile> generated = Generate.files(Passes.optimize(reference), "heads");
    Class<?> type = InMemoryCompiler.compile(generated, getClass().getClassLoader()).loadClass("heads.Heads");
    Object parallel = type.getMethod("create").invoke(null);
    Object sequential = type.getMethod("withExecutor", java.util.concurrent.Executor.class).invoke(parallel, (Object) null);
    var forward = type.getMethod("forward", float[].class, float[].class, float[].class, float[].class, int.class);
    int n = 2;
    Random random = new Random(8);
    float[][] qkv = new float[3][];
    for (int i = 0; i < 3; i++) {
      qkv[i] = gaussian(random, n * 2 * 128 * 64);
    }
    float[] mask = new float[128 * 128];
    for (int i = 0; i < 128; i++) {
      for (int j = i + 1; j < 128; j++) {
        mask[i * 128 + j] = -1e9f;
      }
    }
    // 2 x 2 heads of 128 x 128 x 128 multiply-adds: enough to split over netc's workers.
    assertThat(dev.netc.runtime.Parallel.worthSplitting(dev.netc.runtime.Parallel.DEFAULT, 4, 128 * 128, 128))
        .isEqualTo(Runtime.getRuntime().availableProcessors() > 1);
    // The softmax's exp may differ in the last ulp between interpreted, C1 and C2 code, and the two threads reach
    // C2 at different calls: the split changes no operation, so once both run compiled code the results agree
    // bit for bit. Until then each agrees with the reference below.
    float[] one = null;
    float[] two = null;
    for (int call = 0; call < 400 && (one == null || !java.util.Arrays.equals(one, two)); call++) {
      one = (float[]) forward.invoke(sequential, qkv[0], qkv[1], qkv[2], mask, n);
      two = (float[]) forward.invoke(parallel, qkv[0], qkv[1], qkv[2], mask, n);
    }
    assertThat(two).containsExactly(one);
    Map<String, dev.netc.compiler.interp.Tensor> inputs = new java.util.LinkedHashMap<>();
    String[] names = {"q", "k", "v"};
    for (int i = 0; i < 3; i++) {
      inputs.put(names[i], dev.netc.compiler.interp.Tensor.fromFloats(new long[] {n, 2, 128, 64}, qkv[i]));
    }
    inputs.put("mask", dev.netc.compiler.interp.Tensor.fromFloats(new long[] {128, 128}, mask));
    double[] want = dev.netc.compiler.interp.Interpreter.run(reference, inputs).get("a").data();
    for (int i = 0; i < want.length; i++) {
      assertThat((double) one[i]).as("element %d", i).isCloseTo(want[i], within(1e-4 * (1 + Math.abs(want[i]))));
    }
  }

  @Test
  @DisplayName("layers that each fit the last-level cache are streamed when the network's weights together do not")
  void networkWeightsDecideStreaming() throws Exception {
    int d = 1024;
    SafetensorsWriter weights = new SafetensorsWriter();
    weights.add("a.weight", new float[d * d], d, d).add("b.weight", new float[d * d], d, d);
    weights.write(dir.resolve("two.safetensors"));
    Path spec = dir.resolve("two.nn");
    java.nio.file.Files.writeString(spec, """
        network Two {
          weights "two.safetensors"
          input x: f32[N, 1024]
          a = dense(x, 1024, relu, bias=false)
          output b = dense(a, 1024, relu, bias=false)
        }
        """);
    IrGraph ir = Passes.optimize(Networks.irOfFile(spec));
    // Each packed weight is 4 MiB, the two 8 MiB.
    for (long l3 : new long[] {6L << 20, 16L << 20}) {
      for (int release : new int[] {CompileOptions.MIN_RELEASE, CompileOptions.OFF_HEAP_RELEASE}) {
        String source = Generate.text(Generate.files(ir, "two", l3, release));
        // The two layers are one kernel, of 1024 x 1024 with relu: it streams or not, for both.
        int streamed = source.split("stream\\(w, pb \\* ", -1).length - 1;
        assertThat(streamed).as("kernels prefetching with a %d MiB L3, Java %d", l3 >> 20, release)
            .isEqualTo(l3 < 8L << 20 ? 1 : 0);
        assertThat(source).contains("{@code a}: relu(x @ a.weight)<br>\n   * {@code b}: relu(a @ b.weight)");
        assertThat(source).contains(l3 < 8L << 20 ? "The weight is read from memory on every pass"
            : "The weight stays in cache between passes");
      }
    }
  }

  @Test
  @DisplayName("once compiled, a forward pass through gelu, tanh and a residual allocates nothing, for Java 21 and 22")
  void forwardAllocatesNothing() throws Throwable {
    Random random = new Random(5);
    SafetensorsWriter weights = new SafetensorsWriter();
    weights.add("h.weight", gaussian(random, 48 * 40), 48, 40).add("h.bias", gaussian(random, 40), 40);
    weights.add("g.weight", gaussian(random, 40 * 48), 40, 48).add("g.bias", gaussian(random, 48), 48);
    weights.write(dir.resolve("alloc.safetensors"));
    Path spec = dir.resolve("alloc.nn");
    java.nio.file.Files.writeString(spec, """
        network Alloc {
          weights "alloc.safetensors"
          input x: f32[N, 48]
          h = dense(x, 40, gelu)
          g = dense(h, 48, tanh)
          output y = g + x
        }
        """);
    for (int release : new int[] {CompileOptions.MIN_RELEASE, CompileOptions.OFF_HEAP_RELEASE}) {
      List<GeneratedFile> generated = Generate.files(Passes.optimize(Networks.irOfFile(spec)), "al", release);
      assertThat(Generate.text(generated)).contains("Activations.applyBlock(ActivationKind.GELU,", "Activations.applyBlock(ActivationKind.TANH,");
      assertThat(allocatedAfterWarmUp(generated, random)).as("bytes allocated by 500 forward passes after warm-up, "
          + "generated for Java %d", release).isZero();
    }
  }

  /** Bytes that 500 forward passes allocate once they allocate nothing, or after a minute of trying. */
  private long allocatedAfterWarmUp(List<GeneratedFile> generated, Random random) throws Throwable {
    Class<?> type = InMemoryCompiler.compile(generated, getClass().getClassLoader()).loadClass("al.Alloc");
    Object net = type.getMethod("load", Path.class).invoke(null, dir.resolve("alloc.safetensors"));
    java.lang.invoke.MethodHandle forward = java.lang.invoke.MethodHandles.publicLookup()
        .unreflect(type.getMethod("forward", float[].class, int.class, float[].class))
        .asType(java.lang.invoke.MethodType.methodType(void.class, Object.class, float[].class, int.class, float[].class));
    int rows = 30; // two GEMM tiles of 12 rows and a remainder of 6; then one row, the GEMV
    float[] x = gaussian(random, rows * 48);
    float[] y = new float[rows * 48];
    float[] x1 = gaussian(random, 48);
    float[] y1 = new float[48];
    return Allocations.untilNone(() -> {
      forward.invokeExact(net, x, rows, y);
      forward.invokeExact(net, x1, 1, y1);
    }, new long[] {Thread.currentThread().threadId()}, false);
  }

  private static float[] gaussian(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian() * 0.3f;
    }
    return v;
  }

  @Test
  @DisplayName("splitting a large layer over two threads, or streaming its weight, gives bitwise the results of one "
      + "thread, by rows and by columns")
  void threadsDoNotChangeResults() throws Exception {
    // relu keeps this exact in every JIT tier: the Vector API's exp and tanh may differ in the last ulp between
    // interpreted and compiled code, which would blur what this test is about, the split.
    int k = 1024;
    int n = 1024;
    Random random = new Random(11);
    float[] w = new float[k * n];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) random.nextGaussian() * 0.03f;
    }
    float[] b = new float[n];
    for (int i = 0; i < n; i++) {
      b[i] = (float) random.nextGaussian();
    }
    new SafetensorsWriter().add("big.weight", w, n, k).add("big.bias", b, n).write(dir.resolve("big.safetensors"));
    Path spec = dir.resolve("big.nn");
    java.nio.file.Files.writeString(spec, "network Big {\n  weights \"big.safetensors\"\n  input x: f32[N, 1024]\n"
        + "  output big = dense(x, 1024, relu, layout=out_in)\n}\n");
    IrGraph ir = Passes.optimize(Networks.irOfFile(spec));
    // The 4 MiB weight fits the default last-level cache; with a 1 MiB one it is prefetched block by block, and
    // two threads split it by panels whatever the rows.
    List<GeneratedFile> streamed = Generate.files(ir, "stream", 1 << 20, CompileOptions.MIN_RELEASE);
    assertThat(Generate.text(streamed)).contains("Prefetch.stream(w, pb * ");
    assertThat(Generate.text(Generate.files(ir, "par"))).doesNotContain("Prefetch");
    // Off the heap (Java 22): the same sums, whatever the GEMV's vector width, with the kernels' own prefetch.
    List<GeneratedFile> offHeapStreamed = Generate.files(ir, "offstream", 1 << 20, CompileOptions.OFF_HEAP_RELEASE);
    assertThat(Generate.text(offHeapStreamed)).contains("  stream(w, pb * ").doesNotContain("Prefetch");
    List<Object> variants = new ArrayList<>();
    Map<String, List<GeneratedFile>> packages = new java.util.LinkedHashMap<>();
    packages.put("par", Generate.files(ir, "par"));
    packages.put("stream", streamed);
    packages.put("off", Generate.files(ir, "off", CompileOptions.OFF_HEAP_RELEASE));
    packages.put("offstream", offHeapStreamed);
    for (Map.Entry<String, List<GeneratedFile>> generated : packages.entrySet()) {
      Class<?> type = InMemoryCompiler.compile(generated.getValue(), getClass().getClassLoader())
          .loadClass(generated.getKey() + ".Big");
      Object parallel = type.getMethod("load", Path.class).invoke(null, dir.resolve("big.safetensors"));
      variants.add(type.getMethod("withExecutor", java.util.concurrent.Executor.class).invoke(parallel, (Object) null));
      variants.add(parallel);
    }
    for (int rows : new int[] {1, 30, 64, 67}) {
      float[] x = new float[rows * k];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) random.nextGaussian();
      }
      float[] one = forward(variants.get(0), x, rows);
      // An independent check of the first: one output element in double precision.
      double expected = b[5];
      for (int kk = 0; kk < k; kk++) {
        expected += (double) x[(rows - 1) * k + kk] * w[5 * k + kk];
      }
      assertThat(one[(rows - 1) * n + 5]).isCloseTo((float) Math.max(expected, 0), within(1e-4f));
      for (int v = 1; v < variants.size(); v++) {
        assertThat(forward(variants.get(v), x, rows)).as("rows %d, variant %d", rows, v).containsExactly(one);
      }
    }
  }

  private static float[] forward(Object network, float[] x, int rows) throws Exception {
    return (float[]) network.getClass().getMethod("forward", float[].class, int.class).invoke(network, x, rows);
  }
}
