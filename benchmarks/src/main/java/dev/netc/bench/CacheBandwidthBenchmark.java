package dev.netc.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The read bandwidth one thread gets from a cache: a sum over a float array that stays in it,
 * with 512-bit vectors (the width of netc's kernels) and eight independent accumulators, read
 * again and again. The ceiling of a batch-1 forward pass whose weights sit in that cache: MLP-S
 * holds 436 KB of weights, which stay in a 1 or 2 MB L2 between calls, and a GEMV can go no
 * faster than reading them once.
 *
 * <p>Not part of the report's tables; see benchmarks/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = Suite.WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = Suite.MEASUREMENT_ITERATIONS, time = 1)
@Fork(value = 1, jvmArgsAppend = Suite.VECTOR_MODULE)
public class CacheBandwidthBenchmark {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

  /** Kilobytes summed per operation: MLP-S's weights (436 KB), one that fits L1, one far beyond L2. */
  @Param({"436", "32", "8192"})
  public int kilobytes;

  float[] data;

  /** Fills the array with ones. */
  @Setup(Level.Trial)
  public void setup() {
    int floats = kilobytes * 1000 / Float.BYTES;
    data = new float[floats - floats % (8 * S.length())];
    Arrays.fill(data, 1f);
  }

  /** Sums the whole array; bytes per op / time per op is the bandwidth. */
  @Benchmark
  public float sum() {
    float[] a = data;
    int n = S.length();
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    FloatVector s2 = FloatVector.zero(S);
    FloatVector s3 = FloatVector.zero(S);
    FloatVector s4 = FloatVector.zero(S);
    FloatVector s5 = FloatVector.zero(S);
    FloatVector s6 = FloatVector.zero(S);
    FloatVector s7 = FloatVector.zero(S);
    for (int i = 0; i < a.length; i += 8 * n) {
      s0 = s0.add(FloatVector.fromArray(S, a, i));
      s1 = s1.add(FloatVector.fromArray(S, a, i + n));
      s2 = s2.add(FloatVector.fromArray(S, a, i + 2 * n));
      s3 = s3.add(FloatVector.fromArray(S, a, i + 3 * n));
      s4 = s4.add(FloatVector.fromArray(S, a, i + 4 * n));
      s5 = s5.add(FloatVector.fromArray(S, a, i + 5 * n));
      s6 = s6.add(FloatVector.fromArray(S, a, i + 6 * n));
      s7 = s7.add(FloatVector.fromArray(S, a, i + 7 * n));
    }
    return s0.add(s1).add(s2).add(s3).add(s4).add(s5).add(s6).add(s7).reduceLanes(VectorOperators.ADD);
  }
}
