package dev.netc.compiler.passes;

import static dev.netc.compiler.passes.PassFixtures.assertPreserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.netc.compiler.interp.Interpreter;
import dev.netc.compiler.interp.Tensor;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrPrinter;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The optimized graph computes what the unoptimized one does: both run in the
 * reference interpreter on the same random inputs, after every pass. Folded
 * parameters are rounded to f32 where the originals were exact products, hence
 * the tolerance.
 */
class DifferentialTest {
  private static final double TOLERANCE = 1e-5;
  private static final Map<String, Long> SIZES = Map.of("N", 3L, "T", 5L);

  @ParameterizedTest
  @ValueSource(strings = {"image_flip.nn", "mlp.nn", "transformer_encoder.nn"})
  void samplesComputeTheSameAfterEveryPass(String file) {
    IrGraph g = PassFixtures.sample(file);
    assertSameAfterEveryPass(g, new Random(file.hashCode()));
  }

  static Stream<String> tricky() {
    String w44 = PassFixtures.literal(16, 1);
    String w44b = PassFixtures.literal(16, 2);
    String b4 = PassFixtures.literal(4, 3);
    return Stream.of(
        // Two products offered the same adds: only one of them may take the bias.
        "network Two { input x: f32[N, 4]\n param W1: f32[4, 4] = %s\n param W2: f32[4, 4] = %s\n param b: f32[4] = %s\n output y = x @ W1 + x @ W2 + b }"
            .formatted(w44, w44b, b4),
        // A vector input: the Gemm has no leading axes.
        "network Vec { input v: f32[4]\n param W: f32[4, 4] = %s\n param b: f32[4] = %s\n output y = relu(v @ W + b) }"
            .formatted(w44, b4),
        // Leading axes, a transposed weight and a scale.
        "network Seq { input x: f32[N, T, 4]\n param W: f32[4, 4] = %s\n param b: f32[4] = %s\n output y = tanh((x @ W.T + b) / 2) }"
            .formatted(w44, b4),
        // Scales of scales, negations, no-ops.
        "network Scales { input x: f32[N, 4]\n output y = -(-(x * 2 / 8)) * 1 + 0\n output z = identity(reshape(0.5 * (x / 4), [N, 4])) }",
        // The attention op's own scale, with q straight from a Gemm.
        "network Attn { input x: f32[N, T, 4]\n param Wq: f32[4, 4] = %s\n param bq: f32[4] = %s\n param Wk: f32[4, 4] = %s\n"
            .formatted(w44, b4, w44b)
            + " output a = scaled_dot_product_attention(x @ Wq + bq, x @ Wk, x) }",
        // A residual before the bias, and a linear pair folded under it.
        "network Res { input x: f32[N, 4]\n param W1: f32[4, 4] = %s\n param W2: f32[4, 4] = %s\n param b: f32[4] = %s\n h = x @ W1 + b\n output y = x + h @ W2 + b }"
            .formatted(w44, w44b, b4));
  }

  @ParameterizedTest
  @MethodSource("tricky")
  void trickySpecsComputeTheSameAfterEveryPass(String spec) {
    assertThat(assertSameAfterEveryPass(PassFixtures.ir(spec), new Random(spec.hashCode()))).isGreaterThan(0);
  }

  static Stream<Integer> seeds() {
    return IntStream.range(0, 25).boxed();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomSpecsComputeTheSameAfterEveryPass(int seed) {
    String spec = RandomSpecs.spec(seed);
    IrGraph g = PassFixtures.ir(spec);
    assertThat(assertSameAfterEveryPass(g, new Random(seed)))
        .as("the random specs are meant to give the passes work:\n" + spec).isGreaterThan(0);
  }

  @Test
  void theRandomSpecsExerciseEveryRewrite() {
    List<IrGraph> optimized = seeds().map(s -> Passes.optimize(PassFixtures.ir(RandomSpecs.spec(s)))).toList();
    assertThat(optimized).anySatisfy(g -> assertThat(g.nodes()).anySatisfy(
        n -> assertThat(n.op()).isInstanceOfSatisfying(Op.Gemm.class, gemm -> assertThat(gemm.transposed()).isTrue())));
    assertThat(optimized).anySatisfy(g -> assertThat(g.params()).anySatisfy(
        p -> assertThat(p.name()).matches("W\\d+_W\\d+")));
    assertThat(optimized).anySatisfy(g -> assertThat(g.nodes()).anySatisfy(
        n -> assertThat(n.op()).isInstanceOfSatisfying(Op.Gemm.class, gemm -> assertThat(gemm.scale()).isNotEqualTo(1))));
  }

  /** Runs the graph after each pass of both pipelines; returns how many graphs differed from the input. */
  private static int assertSameAfterEveryPass(IrGraph g, Random random) {
    Map<String, Tensor> inputs = randomInputs(g, random);
    Map<String, Tensor> expected = Interpreter.run(g, inputs);
    int changed = 0;
    for (PassOptions options : List.of(PassOptions.defaults(), new PassOptions(false))) {
      for (Passes.Stage stage : Passes.stages(g, options)) {
        assertPreserved(g, stage.graph(), stage.pass());
        Map<String, Tensor> actual = Interpreter.run(stage.graph(), inputs);
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (String output : expected.keySet()) {
          assertClose(expected.get(output), actual.get(output),
              "output " + output + " after " + stage.pass() + ":\n" + IrPrinter.print(stage.graph()));
        }
        changed += stage.graph().equals(g) ? 0 : 1;
      }
    }
    return changed;
  }

  private static Map<String, Tensor> randomInputs(IrGraph g, Random random) {
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    for (IrGraph.Input in : g.inputs()) {
      long[] shape = concrete(in.shape());
      double[] data = new double[Math.toIntExact(count(shape))];
      for (int i = 0; i < data.length; i++) {
        data[i] = random.nextDouble() * 2 - 1;
      }
      inputs.put(in.name(), Tensor.of(shape, data));
    }
    return inputs;
  }

  private static long[] concrete(Shape shape) {
    long[] sizes = new long[shape.rank()];
    for (int i = 0; i < sizes.length; i++) {
      Dim d = shape.dim(i);
      long size = d.coefficient();
      for (String symbol : d.symbols()) {
        size *= SIZES.getOrDefault(symbol, 2L);
      }
      sizes[i] = size;
    }
    return sizes;
  }

  private static long count(long[] shape) {
    long c = 1;
    for (long s : shape) {
      c *= s;
    }
    return c;
  }

  private static void assertClose(Tensor expected, Tensor actual, String what) {
    assertThat(actual.shape()).as(what).containsExactly(expected.shape());
    double[] e = expected.data();
    double[] a = actual.data();
    for (int i = 0; i < e.length; i++) {
      if (!(Math.abs(a[i] - e[i]) <= TOLERANCE * (1 + Math.abs(e[i])))) {
        fail(String.format(Locale.ROOT, "element %d is %s, expected %s; %s", i, a[i], e[i], what));
      }
    }
  }

  /** Small random networks with inline weights, built from the patterns the passes rewrite. */
  static final class RandomSpecs {
    private RandomSpecs() {}

    static String spec(int seed) {
      Random r = new Random(seed * 7919L + 17);
      StringBuilder params = new StringBuilder();
      StringBuilder body = new StringBuilder();
      List<String> outputs = new ArrayList<>();
      int width = 2 + r.nextInt(4);
      String h = "x";
      int layers = 2 + r.nextInt(3);
      for (int i = 1; i <= layers; i++) {
        int out = r.nextInt(3) == 0 ? width : 2 + r.nextInt(4);
        boolean transposed = r.nextBoolean();
        String w = "W" + i;
        String b = "b" + i;
        params.append(param(r, w, transposed ? List.of(out, width) : List.of(width, out)));
        params.append(param(r, b, List.of(out)));
        String product = h + " @ " + w + (transposed ? ".T" : "");
        String z = switch (r.nextInt(6)) {
          case 0 -> product;
          case 1 -> b + " + " + product;
          case 2 -> "(" + product + " + " + b + ") * " + number(r, 0.5, 2);
          case 3 -> "-(" + product + ") / " + number(r, 0.5, 2);
          case 4 -> out == width ? h + " + " + product + " + " + b : product + " + " + b;
          default -> product + " + " + b;
        };
        String activated = switch (r.nextInt(8)) {
          case 0 -> "relu(" + z + ")";
          case 1 -> "sigmoid(" + z + ")";
          case 2 -> "tanh(" + z + ")";
          case 3 -> "leaky_relu(" + z + ", alpha=0.1)";
          case 4 -> "gelu(" + z + ")";
          case 5 -> "identity(" + z + ") * 1";
          default -> z;
        };
        String name = "h" + i;
        body.append("  ").append(name).append(" = ").append(activated).append('\n');
        if (r.nextInt(4) == 0) {
          body.append("  ").append(name).append("r = reshape(").append(name).append(", [N, ").append(out).append("])\n");
          name = name + "r";
        }
        if (i < layers && r.nextInt(5) == 0) {
          outputs.add(name);
        }
        h = name;
        width = out;
      }
      outputs.add(h);
      if (r.nextBoolean()) {
        // Attention scores: a query and a key projection of the last layer, scaled.
        params.append(param(r, "Wq", List.of(width, 4))).append(param(r, "bq", List.of(4)));
        params.append(param(r, "Wk", List.of(width, 4)));
        String q = r.nextBoolean() ? "relu(" + h + " @ Wq + bq)" : h + " @ Wq + bq";
        body.append("  q = ").append(q).append("\n  k = ").append(h).append(" @ Wk\n");
        body.append(r.nextBoolean() ? "  s = (q @ k.T) / sqrt(4)\n" : "  s = 0.5 * (q @ k.T)\n");
        outputs.add("s");
      }
      StringBuilder spec = new StringBuilder("network Random" + seed + " {\n  input x: f32[N, ")
          .append(firstWidth(seed)).append("]\n").append(params).append(body);
      outputs.forEach(o -> spec.append("  output ").append(o).append('\n'));
      return spec.append("}\n").toString();
    }

    /** The input width: the first random draw, replayed. */
    private static int firstWidth(int seed) {
      return 2 + new Random(seed * 7919L + 17).nextInt(4);
    }

    private static String param(Random r, String name, List<Integer> shape) {
      int count = shape.stream().reduce(1, (a, b) -> a * b);
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < count; i++) {
        values.append(i == 0 ? "" : ", ").append(number(r, -1, 1));
      }
      String dims = shape.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
      return "  param " + name + ": f32[" + dims + "] = [" + values + "]\n";
    }

    private static String number(Random r, double from, double to) {
      return String.format(Locale.ROOT, "%.3f", from + r.nextDouble() * (to - from));
    }
  }
}
