package dev.netc.compiler.interp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Frontend;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.ir.IrBuilder;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.passes.PassOptions;
import dev.netc.compiler.passes.Passes;
import dev.netc.runtime.DType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What storing the matmul weights in bf16 or i8 ({@code netc compile --weights}) costs in accuracy,
 * measured with the reference interpreter in double precision, so that only the weights' rounding
 * separates the two runs: for every benchmark workload (seeded weights drawn as the benchmarks draw
 * them, uniform in +-1/sqrt(inputs)) and every named node of the encoder sample (with its weights
 * file), the largest absolute
 * difference from the f32 network and that difference relative to the largest output magnitude.
 * The table is printed; docs/kernels.md quotes it.
 *
 * <p>The bounds asserted are the rounding's order of magnitude, far from what a kernel bug gives:
 * bf16 keeps 8 significant bits (a relative error of at most 2^-9 per weight), i8 about 7.
 */
class CompressedAccuracyTest {
  private static final Path BENCHMARKS = Path.of("../benchmarks/src/main/nn");

  @Test
  @DisplayName("bf16 and i8 weights against f32 on the benchmark networks and the encoder sample's layers")
  void errorAgainstF32() {
    List<String> table = new ArrayList<>();
    table.add(String.format(Locale.ROOT, "%-34s %-5s %12s %12s", "network: output", "type", "max |err|",
        "rel. to max"));
    Map<String, double[]> worst = new LinkedHashMap<>();
    for (String name : List.of("mlp_s.nn", "mlp_l.nn", "gemm_512.nn", "gemm_2048.nn", "encoder.nn")) {
      measure(BENCHMARKS.resolve(name), false, table, worst);
    }
    measure(Path.of("../samples/transformer_encoder.nn"), true, table, worst);
    table.add("(the encoder sample with its own weights file; the others with seeded weights)");
    System.out.println(String.join("\n", table));
    assertThat(worst.get("bf16")[1]).as("bf16's largest error relative to the output").isBetween(1e-5, 1e-2);
    assertThat(worst.get("i8")[1]).as("i8's largest error relative to the output").isBetween(1e-4, 3e-2);
  }

  /**
   * One network: its outputs, and with {@code everyLayer} every named node, with f32, bf16 and i8
   * weights on the same seeded weights and inputs (4 rows; a sequence of 16 for the encoders).
   */
  private static void measure(Path spec, boolean everyLayer, List<String> table, Map<String, double[]> worst) {
    CheckResult checked = Frontend.checkFile(spec, spec.getFileName().toString());
    assertThat(checked.hasErrors()).as("%s", checked.diagnostics()).isFalse();
    Graph graph = checked.graphs().get(0);
    IrGraph ir = IrBuilder.build(graph);
    if (everyLayer) {
      List<IrGraph.Output> outputs = new ArrayList<>(ir.outputs());
      for (Graph.Binding b : graph.nodes()) {
        if (!b.output()) {
          ir.nodes().stream().filter(n -> n.name().equals(b.name())).map(IrNode::id).findFirst()
              .ifPresent(id -> outputs.add(new IrGraph.Output(b.name(), id)));
        }
      }
      ir = ir.withNodes(ir.nodes(), outputs);
    }
    Random random = new Random(11);
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    for (IrGraph.Input in : ir.inputs()) {
      long[] shape = in.shape().dims().stream().mapToLong(d -> d.symbols().isEmpty() ? d.coefficient()
          : d.symbols().contains("T") ? 16 : 4).toArray();
      if (in.name().equals("mask")) {
        shape = new long[] {16, 16};
      }
      double[] data = new double[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
      for (int i = 0; i < data.length; i++) {
        data[i] = in.name().equals("mask") ? 0 : random.nextDouble() * 2 - 1;
      }
      inputs.put(in.name(), Tensor.of(shape, data));
    }
    Map<String, float[]> weights = new LinkedHashMap<>();
    Function<String, float[]> seeded = key -> weights.computeIfAbsent(key, k -> draw(ir(graph), k));
    IrGraph net = ir;
    Function<DType, Map<String, Tensor>> run = storage -> everyLayer
        ? Interpreter.run(Passes.optimize(net, new PassOptions(true, storage)), inputs)
        : Interpreter.run(Passes.optimize(net, new PassOptions(true, storage)), inputs, seeded);
    Map<String, Tensor> exact = run.apply(DType.F32);
    for (DType storage : List.of(DType.BF16, DType.I8)) {
      Map<String, Tensor> rounded = run.apply(storage);
      for (String output : exact.keySet()) {
        double[] want = exact.get(output).data();
        double[] got = rounded.get(output).data();
        double err = 0;
        double max = 0;
        for (int i = 0; i < want.length; i++) {
          err = Math.max(err, Math.abs(got[i] - want[i]));
          max = Math.max(max, Math.abs(want[i]));
        }
        double relative = err / max;
        table.add(String.format(Locale.ROOT, "%-34s %-5s %12.3e %12.3e",
            spec.getFileName().toString().replace(".nn", "") + ": " + output, storage.spelling(), err, relative));
        worst.merge(storage.spelling(), new double[] {err, relative},
            (a, b) -> new double[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
      }
    }
  }

  private static IrGraph ir(Graph graph) {
    return IrBuilder.build(graph);
  }

  /**
   * A parameter's seeded values: uniform in +-1/sqrt(its first axis) for matrices and biases, as
   * the benchmarks draw them; a norm's gamma about 1.
   */
  private static float[] draw(IrGraph graph, String key) {
    IrGraph.Param p = graph.params().stream()
        .filter(x -> x.source() instanceof Graph.ParamSource.FromFile f && f.key().equals(key))
        .findFirst().orElseThrow();
    int count = (int) p.shape().elementCount().value();
    long fanIn = p.shape().rank() == 2 ? p.shape().dim(0).value() : count;
    Random random = new Random(key.hashCode());
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      double u = random.nextDouble() * 2 - 1;
      values[i] = (float) (key.contains("gamma") ? 1 + 0.1 * u : u / Math.sqrt(fanIn));
    }
    return values;
  }
}
