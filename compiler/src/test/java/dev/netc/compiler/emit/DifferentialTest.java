package dev.netc.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.interp.Interpreter;
import dev.netc.compiler.interp.Tensor;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrValidator;
import dev.netc.compiler.passes.Passes;
import dev.netc.compiler.shape.Dim;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Generated code against the reference interpreter: the optimized, compiled
 * network must give what the unoptimized IR gives in double precision, on
 * random inputs, at batch sizes 1, 2, 7 and 64, for layer widths that are
 * and are not multiples of the vector length.
 *
 * <p>Every case runs twice: generated for Java 21 (weights in {@code float[]}s) and
 * for Java 22 (packed weights off the heap, GEMV over full-width vectors).
 *
 * <p>Tolerance: |generated - reference| <= 1e-4 * (1 + |reference|). Float
 * accumulation over up to a few hundred terms of unit-scale values stays well
 * inside it; a wrong index or a missed tail would not.
 */
class DifferentialTest {
  private static final int[] WIDTHS = {1, 3, 15, 17, 33, 100};
  private static final int[] BATCHES = {1, 2, 7, 64};

  @TestFactory
  Stream<DynamicTest> samples() {
    return Stream.of("image_flip.nn", "mlp.nn", "transformer_encoder.nn").map(name ->
        DynamicTest.dynamicTest(name, () -> compare(Networks.irOfFile(Path.of("../samples", name)), new Random(1))));
  }

  @TestFactory
  Stream<DynamicTest> randomMultilayerPerceptrons() {
    Random random = new Random(42);
    List<DynamicTest> tests = new ArrayList<>();
    for (int t = 0; t < 12; t++) {
      String spec = randomMlp(random, t);
      tests.add(DynamicTest.dynamicTest("random network " + t, () -> compare(Networks.ir(spec), new Random(7))));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> operations() {
    Map<String, String> specs = new LinkedHashMap<>();
    specs.put("softmax, log_softmax, layernorm", """
        network Norms {
          input x: f32[N, 17]
          param g: f32[17] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8]
          param b: f32[17] = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]
          output p = softmax(x * 3)
          output lp = log_softmax(x, axis=0)
          output n = layernorm(x, g, b)
        }
        """);
    specs.put("activations", """
        network Acts {
          input x: f32[N, 33]
          output a = sigmoid(x * 20) + tanh(x) - gelu(x) * gelu(x, approximate="tanh")
          output c = leaky_relu(-x, alpha=0.2)
        }
        """);
    specs.put("broadcast, transpose, slice, concat, reshape", """
        network Moves {
          input x: f32[N, 3, 5]
          input col: f32[3, 1]
          y = x * col + x[:, 0:1, :]
          t = transpose(y, [0, 2, 1])
          output out = concat([reshape(t, [N, 15]), flatten(x)[:, 2:7]], axis=1)
          output m = mse(y, x)
        }
        """);
    specs.put("batched matmul and attention with a mask", """
        network Attend {
          input q: f32[N, 2, 3, 17]
          input k: f32[N, 2, 5, 17]
          input v: f32[N, 2, 5, 15]
          input mask: f32[3, 5]
          output a = scaled_dot_product_attention(q, k, v, mask)
          output s = (q @ k.T) / sqrt(17)
        }
        """);
    specs.put("attention without a mask, over two batch axes", """
        network AttendAll {
          input q: f32[N, 2, 3, 17]
          input k: f32[N, 2, 5, 17]
          input v: f32[N, 2, 5, 15]
          output a = scaled_dot_product_attention(q, k, v)
        }
        """);
    specs.put("math functions, alone and fused into a dense layer's epilogue", """
        network MathFunctions {
          input x: f32[N, 33]
          param W: f32[33, 17] = %s
          param b: f32[17] = %s
          output e = exp(x) + log(abs(x) + 0.1) - erf(x * 2) + sqrt(abs(x)) * rsqrt(abs(x) + 1)
          output p = pow(x, 2) + pow(x, 3) - pow(abs(x), 0.5) + pow(abs(x) + 1, -1) + pow(abs(x) + 1, -0.5)
          output q = pow(abs(x) + 0.5, 1.7) + pow(x, 1)
          output d = erf(x @ W + b) + pow(x @ W + b, 2)
          output s = sqrt(exp(x @ W))
        }
        """.formatted(values(new Random(5), 33 * 17), values(new Random(6), 17)));
    specs.put("reductions over the last axis, a middle one, run-time ones, several, keeping them or not", """
        network Reduce {
          input x: f32[N, T, 5, 19]
          output s = sum(x)
          output m = mean(x, axis=1)
          output mx = max(x, axis=[0, 2], keepdims=true)
          output mk = mean(x, axis=[1, 3], keepdims=true)
          output all = sum(x, axis=[0, 1, 2, 3])
          output mid = max(x, axis=[-3, -2])
          output rows = mean(x, axis=-1, keepdims=true) - max(x, axis=3, keepdims=true)
        }
        """);
    specs.put("l2_normalize along the last axis and a middle one, layernorm over two axes", """
        network Norm2 {
          input x: f32[N, 3, 4, 17]
          param g: f32[4, 17] = %s
          param b: f32[4, 17] = %s
          output a = l2_normalize(x)
          output c = l2_normalize(x, axis=1, eps=1e-6)
          output ln = layernorm(x, g, b, axis=-2)
        }
        """.formatted(values(new Random(8), 68), values(new Random(9), 68)));
    specs.put("causal attention, Tq = Tk = T at run time, with and without a mask", """
        network Causal {
          input q: f32[N, 2, T, 17]
          input k: f32[N, 2, T, 17]
          input v: f32[N, 2, T, 15]
          input mask: f32[T, T]
          output a = scaled_dot_product_attention(q, k, v, causal=true)
          output m = scaled_dot_product_attention(q, k, v, mask=mask, causal=true)
        }
        """);
    specs.put("causal attention with Tq != Tk, more and fewer queries than keys, with a mask", """
        network CausalRect {
          input q: f32[N, 9, 17]
          input k: f32[N, 5, 17]
          input v: f32[N, 5, 3]
          input q2: f32[N, 3, 17]
          input mask: f32[9, 5]
          output a = scaled_dot_product_attention(q, k, v, mask=mask, causal=true)
          output b = scaled_dot_product_attention(q2, k, v, causal=true)
        }
        """);
    specs.put("causal self-attention with heads split from a projection (heads in place)", """
        network CausalHeads {
          dim h = 2
          dim d = 8
          input x: f32[N, T, 16]
          param Wq: f32[16, 16] = %s
          param Wk: f32[16, 16] = %s
          q = transpose(reshape(x @ Wq, [N, T, h, d]), [0, 2, 1, 3])
          k = transpose(reshape(x @ Wk, [N, T, h, d]), [0, 2, 1, 3])
          v = transpose(reshape(x, [N, T, h, d]), [0, 2, 1, 3])
          a = scaled_dot_product_attention(q, k, v, causal=true)
          output y = reshape(transpose(a, [0, 2, 1, 3]), [N, T, 16])
        }
        """.formatted(values(new Random(10), 256), values(new Random(11), 256)));
    return specs.entrySet().stream().map(e ->
        DynamicTest.dynamicTest(e.getKey(), () -> compare(Networks.ir(e.getValue()), new Random(3))));
  }

  @TestFactory
  Stream<DynamicTest> longRows() {
    // Long rows of x, with a residual and an epilogue: the whole k range runs in one tile (blocking
    // k measured slower with the 12 x 2 tile), so these guard long loops and large weight offsets.
    return Stream.of(2048, 2056, 1032).map(k -> DynamicTest.dynamicTest("K = " + k, () -> {
      Random random = new Random(k);
      String spec = "network Long {\n  input x: f32[N, " + k + "]\n  param W: f32[" + k + ", 40] = "
          + values(random, k * 40) + "\n  param b: f32[40] = " + values(random, 40) + "\n  r = x[:, 0:40]\n"
          + "  output y = gelu(x @ W + b) + r\n}\n";
      compare(Networks.ir(spec), random);
    }));
  }

  @TestFactory
  @DisplayName("a table [8, 4] cut at the run-time T and added to [N, T, 4], at T = 1, 3 and 8")
  Stream<DynamicTest> sliceToRuntimeSize() throws Exception {
    IrGraph reference = Networks.ir(POSITIONS);
    List<Networks.Live> nets = compiled(reference);
    return Stream.of(1, 3, 8).map(t -> DynamicTest.dynamicTest("T = " + t, () -> {
      Map<String, Long> dims = new LinkedHashMap<>();
      dims.put("N", 2L);
      dims.put("T", (long) t);
      compareAt(reference, nets, dims, new Random(t));
    }));
  }

  @Test
  @DisplayName("T = 9 on a table of 8 throws the same IllegalArgumentException from generated code and the interpreter")
  void sliceToRuntimeSizeOutOfRange() throws Exception {
    IrGraph reference = Networks.ir(POSITIONS);
    String message = "pos = table[0:T]: T is 9, but axis 0 of table has 8 positions";
    for (Networks.Live net : compiled(reference)) {
      assertThatThrownBy(() -> net.run(new float[2 * 9 * 4], 2, 9))
          .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
    assertThatThrownBy(() -> Interpreter.run(reference, Map.of("x", Tensor.zeros(2, 9, 4))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  /** Position embeddings: the first T rows of a fixed table, as BERT takes them. */
  private static final String POSITIONS = """
      network Positions {
        input x: f32[N, T, 4]
        param table: f32[8, 4] = %s
        pos = table[0:T]
        output y = x + pos
      }
      """.formatted(values(new Random(12), 32));

  static String randomMlp(Random random, int seed) {
    int layers = 1 + random.nextInt(3);
    int width = WIDTHS[random.nextInt(WIDTHS.length)];
    StringBuilder spec = new StringBuilder("network Random" + seed + " {\n  input x: f32[N, " + width + "]\n");
    String[] acts = {"relu", "sigmoid", "tanh", "gelu", "", "leaky_relu"};
    String previous = "x";
    for (int l = 0; l < layers; l++) {
      int out = WIDTHS[random.nextInt(WIDTHS.length)];
      boolean torch = random.nextBoolean();
      spec.append("  param W").append(l).append(": f32[").append(torch ? out + ", " + width : width + ", " + out)
          .append("] = ").append(values(random, width * out)).append('\n');
      spec.append("  param b").append(l).append(": f32[").append(out).append("] = ").append(values(random, out)).append('\n');
      String act = acts[random.nextInt(acts.length)];
      String product = previous + " @ W" + l + (torch ? ".T" : "") + " + b" + l;
      String line = act.isEmpty() ? product : act + "(" + product + ")";
      String name = l == layers - 1 ? "output y" : "h" + l;
      spec.append("  ").append(name).append(" = ").append(line).append('\n');
      previous = "h" + l;
      width = out;
    }
    return spec.append("}\n").toString();
  }

  static String values(Random random, int count) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", random.nextGaussian() * 0.5));
    }
    return s.append(']').toString();
  }

  private static void compare(IrGraph reference, Random random) throws Exception {
    List<Networks.Live> nets = compiled(reference);
    for (int batch : BATCHES) {
      Map<String, Long> dims = new LinkedHashMap<>();
      for (String d : reference.runtimeDims()) {
        dims.put(d, (long) batch);
      }
      compareAt(reference, nets, dims, random);
    }
  }

  /** The optimized network, generated for Java 21 and for Java 22 with off-heap weights. */
  private static List<Networks.Live> compiled(IrGraph reference) throws Exception {
    IrGraph optimized = Passes.optimize(reference);
    assertThat(IrValidator.problems(optimized)).isEmpty();
    return List.of(Networks.compile(optimized, CompileOptions.defaults()),
        Networks.compile(optimized, CompileOptions.defaults().withRelease(CompileOptions.OFF_HEAP_RELEASE)));
  }

  /** One call on random inputs, with {@code dims} in the order of the network's run-time dimensions. */
  static void compareAt(IrGraph reference, List<Networks.Live> nets, Map<String, Long> dims, Random random) {
    String batch = dims.toString();
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    List<Object> args = new ArrayList<>();
    for (IrGraph.Input in : reference.inputs()) {
      long[] shape = in.shape().dims().stream().mapToLong(d -> size(d, dims)).toArray();
      float[] data = new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) random.nextGaussian();
      }
      inputs.put(in.name(), Tensor.fromFloats(shape, data));
      args.add(data);
    }
    reference.runtimeDims().forEach(d -> args.add((int) (long) dims.get(d)));
    Map<String, Tensor> expected = Interpreter.run(reference, inputs);
    for (int n = 0; n < nets.size(); n++) {
      String target = n == 0 ? "Java 21" : "Java 22, off-heap weights";
      Object result = nets.get(n).run(args.toArray());
      float[][] outputs = result instanceof float[][] many ? many : new float[][] {(float[]) result};
      for (int o = 0; o < reference.outputs().size(); o++) {
        String name = reference.outputs().get(o).name();
        double[] want = expected.get(name).data();
        float[] got = outputs[o];
        assertThat(got).as("%s at %s (%s)", name, batch, target).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
          double tolerance = 1e-4 * (1 + Math.abs(want[i]));
          if (Math.abs(got[i] - want[i]) > tolerance) {
            throw new AssertionError(String.format(Locale.ROOT,
                "%s at %s (%s), element %d: generated %s, reference %s", name, batch, target, i, got[i],
                want[i]));
          }
        }
      }
    }
  }

  private static long size(Dim d, Map<String, Long> dims) {
    long v = d.coefficient();
    for (String s : d.symbols()) {
      v *= dims.get(s);
    }
    return v;
  }
}
