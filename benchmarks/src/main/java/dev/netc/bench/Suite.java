package dev.netc.bench;

/** What all benchmarks of the suite share. */
final class Suite {
  /**
   * The JVM options of every forked benchmark JVM: the Vector API is an incubator module, which
   * netc's generated kernels and the Vector API peer need.
   */
  static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

  /**
   * Warm-up iterations of one second. netc's {@code load} warms its kernels up before it returns
   * (in the benchmark's setup), so its first iteration is already within a few percent of the
   * steady state (MLP-S at batch 32: 75.5 us, then 67-69; the encoder block at batch 8: 23.7 ms,
   * then 23.1-23.7); without that warm-up the first iteration was 15 ms and 2.7 s per call and
   * the third still 20% slow at batch 32. ONNX Runtime is steady from its first call. Three
   * iterations leave a margin for the JIT's late recompilations.
   */
  static final int WARMUP_ITERATIONS = 3;

  /**
   * Measured iterations of one second. The report takes their median, so one disturbed
   * iteration does not move it. With one fork per case the whole suite stays under 15 minutes
   * on 2 cores.
   */
  static final int MEASUREMENT_ITERATIONS = 4;

  /**
   * Warm-up iterations of the scalar and Vector API loops, which take seconds per call on the
   * large workloads (the Vector API loop's 2048 GEMM, whose every step of k loads from another row
   * of the weights, takes several): an iteration lasts at least one call, so they get fewer.
   */
  static final int SLOW_PEER_WARMUP_ITERATIONS = 1;

  /** Measured iterations of the scalar and Vector API loops; see {@link #SLOW_PEER_WARMUP_ITERATIONS}. */
  static final int SLOW_PEER_MEASUREMENT_ITERATIONS = 3;

  /** The seed of all weights. */
  static final long WEIGHTS_SEED = 20_240_601L;

  /** The seed of all inputs. */
  static final long INPUT_SEED = 7L;

  private Suite() {}
}
