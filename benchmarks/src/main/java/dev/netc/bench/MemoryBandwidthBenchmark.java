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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The read bandwidth one thread gets from memory: a streaming sum over a 256 MB float array with
 * 256-bit vectors (512-bit loads streaming from memory were slower on the AMD machine kind netc was
 * tuned on) and four independent accumulators.
 *
 * <p>It sets the floor for a batch-1 forward pass of MLP-L, which must read its 100 MB of weights
 * once: weight bytes / this bandwidth. The report computes it. Both sizes are far above a 32 MiB
 * L3; on a machine whose L3 holds hundreds of megabytes (some virtual machines report the whole
 * host's), part of either may come from cache, and the floor is that of the cache mix, not of
 * DRAM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = Suite.WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = Suite.MEASUREMENT_ITERATIONS, time = 1)
@Fork(value = 1, jvmArgsAppend = Suite.VECTOR_MODULE)
public class MemoryBandwidthBenchmark {
  /** The bytes summed per operation: 256 MiB. */
  public static final long BYTES = 256L << 20;

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  float[] data;

  /** Fills the array, which also makes the OS map every page before the first measurement. */
  @Setup(Level.Trial)
  public void setup() {
    data = new float[(int) (BYTES / Float.BYTES)];
    Arrays.fill(data, 1f);
  }

  /** Sums the whole array. */
  @Benchmark
  public float streamingSum() {
    float[] a = data;
    int step = 4 * S.length();
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    FloatVector s2 = FloatVector.zero(S);
    FloatVector s3 = FloatVector.zero(S);
    int i = 0;
    for (; i + step <= a.length; i += step) {
      s0 = s0.add(FloatVector.fromArray(S, a, i));
      s1 = s1.add(FloatVector.fromArray(S, a, i + S.length()));
      s2 = s2.add(FloatVector.fromArray(S, a, i + 2 * S.length()));
      s3 = s3.add(FloatVector.fromArray(S, a, i + 3 * S.length()));
    }
    float sum = s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
    for (; i < a.length; i++) {
      sum += a[i];
    }
    return sum;
  }
}
