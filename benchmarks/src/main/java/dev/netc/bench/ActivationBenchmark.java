package dev.netc.bench;

import dev.netc.runtime.kernels.Activations;
import dev.netc.runtime.ops.ActivationKind;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One element-wise activation loop alone, {@code Activations.apply}, over a block that stays in L1
 * and L2 (64 KiB in, 64 KiB out): the cost of the function itself, which a network's timings mix
 * with its matmuls. The inputs are drawn from a normal distribution, as a pre-activation is.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = Suite.WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = Suite.MEASUREMENT_ITERATIONS, time = 1)
@Fork(value = 1, jvmArgsAppend = Suite.VECTOR_MODULE)
public class ActivationBenchmark {
  /** 16,384 floats: a quarter of MiniLM's feed-forward activations for a sentence of 43 tokens. */
  static final int N = 16_384;

  /** The activation, by its {@link ActivationKind} name. */
  @Param({"GELU", "ERF", "GELU_TANH"})
  public String activation;

  ActivationKind kind;
  float[] in;
  float[] out;

  /** Draws the inputs, standard normal times 2. */
  @Setup
  public void setup() {
    kind = ActivationKind.valueOf(activation);
    SplittableRandom random = new SplittableRandom(Suite.INPUT_SEED);
    in = new float[N];
    for (int i = 0; i < N; i++) {
      in[i] = (float) (2 * random.nextGaussian());
    }
    out = new float[N];
  }

  /** The loop over {@link #N} elements. */
  @Benchmark
  public float[] apply() {
    Activations.apply(kind, in, 0, out, 0, N, 0);
    return out;
  }
}
