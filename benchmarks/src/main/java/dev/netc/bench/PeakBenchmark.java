package dev.netc.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one core can do in FP32 through the Vector API, the yardsticks for the kernels' GFLOP/s:
 *
 * <ul>
 *   <li>{@link #fmaPeak}: 24 independent chains of 512-bit fused multiply-adds on registers, no
 *       memory access: the FMA units' peak (32 FLOP per cycle per FMA unit on AVX-512).
 *   <li>{@link #tileCeiling}: the loop of a 12 x 2 register tile with every operand in L1 (per
 *       step of k: two weight vectors, twelve broadcasts, 24 FMAs): what a matmul kernel built of
 *       Vector API broadcasts and FMAs reaches before caches, tails or calls cost anything.
 * </ul>
 *
 * <p>Each operation runs {@link #STEPS} steps of 24 FMAs on 16 lanes: {@link #FLOPS} FLOPs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = Suite.WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = Suite.MEASUREMENT_ITERATIONS, time = 1)
@Fork(value = 1, jvmArgsAppend = Suite.VECTOR_MODULE)
public class PeakBenchmark {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

  /** Steps of 24 FMAs per operation. */
  public static final int STEPS = 1 << 20;

  /** FLOPs per operation: steps x 24 FMAs x 16 lanes x 2. */
  public static final double FLOPS = (double) STEPS * 24 * 16 * 2;

  /** Rows of the tile's broadcast operand, 64 floats apart: 12 KiB with the weights' 8 KiB, in L1. */
  private static final int ROW = 64;

  final float[] weights = new float[ROW * 32];
  final float[] rows = new float[12 * ROW];
  final float[] seed = new float[32];

  public PeakBenchmark() {
    Arrays.fill(weights, 1e-6f);
    Arrays.fill(rows, 1e-6f);
    Arrays.fill(seed, 0.5f);
  }

  /** 24 accumulators, each {@code c = c * a + b} every step; their sum, so nothing is dead code. */
  @Benchmark
  public float fmaPeak() {
    FloatVector a = FloatVector.fromArray(S, seed, 0);
    FloatVector b = FloatVector.fromArray(S, seed, 16);
    FloatVector c0 = a, c1 = b, c2 = a, c3 = b, c4 = a, c5 = b, c6 = a, c7 = b;
    FloatVector c8 = a, c9 = b, c10 = a, c11 = b, c12 = a, c13 = b, c14 = a, c15 = b;
    FloatVector c16 = a, c17 = b, c18 = a, c19 = b, c20 = a, c21 = b, c22 = a, c23 = b;
    for (int i = 0; i < STEPS; i++) {
      c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
      c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
      c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
      c12 = c12.fma(a, b); c13 = c13.fma(a, b); c14 = c14.fma(a, b); c15 = c15.fma(a, b);
      c16 = c16.fma(a, b); c17 = c17.fma(a, b); c18 = c18.fma(a, b); c19 = c19.fma(a, b);
      c20 = c20.fma(a, b); c21 = c21.fma(a, b); c22 = c22.fma(a, b); c23 = c23.fma(a, b);
    }
    return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
        .add(c12).add(c13).add(c14).add(c15).add(c16).add(c17).add(c18).add(c19).add(c20).add(c21).add(c22)
        .add(c23).lane(0);
  }

  /** The 12 x 2 tile's loop over 64 steps of k, repeated: operands in L1, accumulators in registers. */
  @Benchmark
  public float tileCeiling() {
    float[] w = weights;
    float[] x = rows;
    FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
    FloatVector c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
    FloatVector c16 = c0, c17 = c0, c18 = c0, c19 = c0, c20 = c0, c21 = c0, c22 = c0, c23 = c0;
    for (int i = 0; i < STEPS; i++) {
      int k = i & (ROW - 1);
      FloatVector w0 = FloatVector.fromArray(S, w, k * 32);
      FloatVector w1 = FloatVector.fromArray(S, w, k * 32 + 16);
      FloatVector a = FloatVector.broadcast(S, x[k]);
      c0 = w0.fma(a, c0); c1 = w1.fma(a, c1);
      a = FloatVector.broadcast(S, x[ROW + k]);
      c2 = w0.fma(a, c2); c3 = w1.fma(a, c3);
      a = FloatVector.broadcast(S, x[2 * ROW + k]);
      c4 = w0.fma(a, c4); c5 = w1.fma(a, c5);
      a = FloatVector.broadcast(S, x[3 * ROW + k]);
      c6 = w0.fma(a, c6); c7 = w1.fma(a, c7);
      a = FloatVector.broadcast(S, x[4 * ROW + k]);
      c8 = w0.fma(a, c8); c9 = w1.fma(a, c9);
      a = FloatVector.broadcast(S, x[5 * ROW + k]);
      c10 = w0.fma(a, c10); c11 = w1.fma(a, c11);
      a = FloatVector.broadcast(S, x[6 * ROW + k]);
      c12 = w0.fma(a, c12); c13 = w1.fma(a, c13);
      a = FloatVector.broadcast(S, x[7 * ROW + k]);
      c14 = w0.fma(a, c14); c15 = w1.fma(a, c15);
      a = FloatVector.broadcast(S, x[8 * ROW + k]);
      c16 = w0.fma(a, c16); c17 = w1.fma(a, c17);
      a = FloatVector.broadcast(S, x[9 * ROW + k]);
      c18 = w0.fma(a, c18); c19 = w1.fma(a, c19);
      a = FloatVector.broadcast(S, x[10 * ROW + k]);
      c20 = w0.fma(a, c20); c21 = w1.fma(a, c21);
      a = FloatVector.broadcast(S, x[11 * ROW + k]);
      c22 = w0.fma(a, c22); c23 = w1.fma(a, c23);
    }
    return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
        .add(c12).add(c13).add(c14).add(c15).add(c16).add(c17).add(c18).add(c19).add(c20).add(c21).add(c22)
        .add(c23).lane(0);
  }
}
