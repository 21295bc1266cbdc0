package dev.netc.bench;

import static dev.netc.bench.Agreement.assertAgree;
import static dev.netc.bench.Agreement.toArray;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;

/**
 * The benchmarks' smoke test and the peers' cross-check: for every workload the suite measures,
 * builds each state as JMH would, runs its setup, calls every benchmark method once at the real
 * sizes, and checks that all outputs agree with the scalar loop and that netc agrees with ONNX
 * Runtime. No timing is asserted.
 */
class BenchmarkSmokeTest {
  private static final int[] THREADS = {1, 2};

  /**
   * How far netc with bf16 or i8 weights, and ONNX Runtime's 8-bit model, may be from the f32
   * reference: the weights' rounding (docs/kernels.md measures it at most 0.25% of the output's
   * scale for bf16, 0.6% for i8), and for ONNX Runtime its input quantized to 8 bits as well.
   */
  private static final double BF16_RTOL = 1e-2;
  private static final double INT8_RTOL = 3e-2;

  /** The networks the benchmarks also compile with bf16 and i8 weights. */
  private static boolean hasCompressedBuilds(String workload) {
    return workload.startsWith("mlp_") || workload.startsWith("encoder/");
  }

  static Stream<String> denseWorkloads() throws NoSuchFieldException {
    return params(DenseBenchmark.Inputs.class);
  }

  static Stream<String> encoderWorkloads() throws NoSuchFieldException {
    return params(EncoderBenchmark.Inputs.class);
  }

  static Stream<String> miniLmWorkloads() throws NoSuchFieldException {
    return params(MiniLmBenchmark.Inputs.class);
  }

  /** The values JMH runs: the {@code @Param} of the {@code workload} field. */
  private static Stream<String> params(Class<?> inputs) throws NoSuchFieldException {
    return Stream.of(inputs.getField("workload").getAnnotation(Param.class).value());
  }

  @Test
  void theBenchmarksRunEveryWorkloadOfTheReport() throws NoSuchFieldException {
    List<String> measured = new ArrayList<>(denseWorkloads().toList());
    measured.addAll(encoderWorkloads().toList());
    measured.addAll(miniLmWorkloads().toList());
    assertThat(measured).containsExactlyElementsOf(Workload.ALL.stream().map(Workload::id).toList());
  }

  @ParameterizedTest
  @MethodSource("denseWorkloads")
  void denseImplementationsAgree(String workload) throws Exception {
    DenseBenchmark bench = new DenseBenchmark();
    DenseBenchmark.Inputs in = new DenseBenchmark.Inputs();
    in.workload = workload;
    in.setup();

    DenseBenchmark.Scalar scalar = new DenseBenchmark.Scalar();
    scalar.setup(in);
    float[] reference = bench.scalar(in, scalar).clone();

    DenseBenchmark.VectorLoop vector = new DenseBenchmark.VectorLoop();
    vector.setup(in);
    assertAgree(workload + " Vector API loop", bench.vectorLoop(in, vector), reference);

    float[] netcOutput = null;
    for (int threads : THREADS) {
      DenseBenchmark.Netc netc = new DenseBenchmark.Netc();
      netc.threads = threads;
      netc.weights = "f32";
      netc.setup(in);
      netcOutput = bench.netc(in, netc).clone();
      assertAgree(workload + " netc, threads " + threads, netcOutput, reference);
      if (hasCompressedBuilds(workload)) {
        for (String weights : new String[] {"bf16", "i8"}) {
          DenseBenchmark.Netc compressed = new DenseBenchmark.Netc();
          compressed.threads = threads;
          compressed.weights = weights;
          compressed.setup(in);
          assertAgree(workload + " netc, " + weights + " weights, threads " + threads,
              bench.netc(in, compressed).clone(), reference, weights.equals("bf16") ? BF16_RTOL : INT8_RTOL);
        }
      }
      DenseBenchmark.OrtInt8 ortInt8 = new DenseBenchmark.OrtInt8();
      ortInt8.threads = threads;
      ortInt8.setup(in);
      try {
        assertAgree(workload + " ONNX Runtime, 8-bit model, threads " + threads,
            toArray(bench.ortInt8ReusedBuffers(ortInt8)), reference, INT8_RTOL);
      } finally {
        ortInt8.tearDown();
      }
    }

    for (int threads : THREADS) {
      DenseBenchmark.Ort ort = new DenseBenchmark.Ort();
      ort.threads = threads;
      ort.setup(in);
      try {
        String what = workload + " ONNX Runtime, threads " + threads;
        float[] wrapped = bench.ortNewTensor(ort).clone();
        assertAgree(what + ", new tensor", wrapped, reference);
        assertAgree("netc against " + what, netcOutput, wrapped);
        assertAgree(what + ", reused buffers", toArray(bench.ortReusedBuffers(ort)), reference);
      } finally {
        ort.tearDown();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("encoderWorkloads")
  void encoderImplementationsAgree(String workload) throws Exception {
    EncoderBenchmark bench = new EncoderBenchmark();
    EncoderBenchmark.Inputs in = new EncoderBenchmark.Inputs();
    in.workload = workload;
    in.setup();

    EncoderBenchmark.Scalar scalar = new EncoderBenchmark.Scalar();
    scalar.setup(in);
    float[] reference = bench.scalar(in, scalar).clone();

    EncoderBenchmark.VectorLoop vector = new EncoderBenchmark.VectorLoop();
    vector.setup(in);
    assertAgree(workload + " Vector API loop", bench.vectorLoop(in, vector), reference);

    float[] netcOutput = null;
    for (int threads : THREADS) {
      EncoderBenchmark.Netc netc = new EncoderBenchmark.Netc();
      netc.threads = threads;
      netc.weights = "f32";
      netc.setup(in);
      netcOutput = bench.netc(in, netc).clone();
      assertAgree(workload + " netc, threads " + threads, netcOutput, reference);
      for (String weights : new String[] {"bf16", "i8"}) {
        EncoderBenchmark.Netc compressed = new EncoderBenchmark.Netc();
        compressed.threads = threads;
        compressed.weights = weights;
        compressed.setup(in);
        assertAgree(workload + " netc, " + weights + " weights, threads " + threads,
            bench.netc(in, compressed).clone(), reference, weights.equals("bf16") ? BF16_RTOL : INT8_RTOL);
      }
    }

    for (int threads : THREADS) {
      EncoderBenchmark.Ort ort = new EncoderBenchmark.Ort();
      ort.threads = threads;
      ort.setup(in);
      try {
        String what = workload + " ONNX Runtime, threads " + threads;
        float[] wrapped = bench.ortNewTensor(ort).clone();
        assertAgree(what + ", new tensor", wrapped, reference);
        assertAgree("netc against " + what, netcOutput, wrapped);
        assertAgree(what + ", reused buffers", toArray(bench.ortReusedBuffers(ort)), reference);
      } finally {
        ort.tearDown();
      }
    }
  }

  /**
   * No plain-Java peer here: netc's setup itself checks it against ONNX Runtime (and would throw),
   * and both ways of calling ONNX Runtime must give the same.
   */
  @ParameterizedTest
  @MethodSource("miniLmWorkloads")
  void miniLmImplementationsAgree(String workload) throws Exception {
    MiniLmBenchmark bench = new MiniLmBenchmark();
    MiniLmBenchmark.Inputs in = new MiniLmBenchmark.Inputs();
    in.workload = workload;
    in.setup();

    float[] netcOutput = null;
    for (int threads : THREADS) {
      MiniLmBenchmark.Netc netc = new MiniLmBenchmark.Netc();
      netc.threads = threads;
      netc.setup(in);
      netcOutput = bench.netc(in, netc).clone();
    }

    for (int threads : THREADS) {
      MiniLmBenchmark.Ort ort = new MiniLmBenchmark.Ort();
      ort.threads = threads;
      ort.setup(in);
      try {
        String what = workload + " ONNX Runtime, threads " + threads;
        float[] wrapped = bench.ortNewTensor(ort).clone();
        assertAgree("netc against " + what, netcOutput, wrapped);
        assertAgree(what + ", reused buffers", toArray(bench.ortReusedBuffers(ort)), wrapped);
      } finally {
        ort.tearDown();
      }
    }
  }

  @Test
  void miniLmsCheckRejectsAWrongResult() {
    float[] ort = {0.5f, -1f, 2f};
    MiniLmBenchmark.check("same", ort.clone(), FloatBuffer.wrap(ort));
    assertThatThrownBy(
            () -> MiniLmBenchmark.check("off", new float[] {0.5f, -1f, 2.01f}, FloatBuffer.wrap(ort)))
        .hasMessageContaining("off differs from ONNX Runtime by 0.0100 at 2");
    assertThatThrownBy(
            () -> MiniLmBenchmark.check("nan", new float[] {Float.NaN, -1f, 2f}, FloatBuffer.wrap(ort)))
        .hasMessageContaining("at 0");
  }

  @Test
  void theStreamingSumReadsTheWholeArray() {
    MemoryBandwidthBenchmark bench = new MemoryBandwidthBenchmark();
    bench.setup();
    // Every element is 1 and each partial sum stays below 2^24, so the float sum is exact.
    assertThat(bench.streamingSum()).isEqualTo((float) (MemoryBandwidthBenchmark.BYTES / Float.BYTES));
  }

  @Test
  void thePeakLoopsComputeWhatTheyCount() {
    PeakBenchmark bench = new PeakBenchmark();
    // c = c * 0.5 + 0.5 converges to 1 from 0.5: 24 accumulators at 1 sum to 24.
    assertThat(bench.fmaPeak()).isEqualTo(24f);
    // Each of the 24 accumulators gains 1e-12 per step: 2^20 steps give about 24 * 1.05e-6.
    assertThat((double) bench.tileCeiling()).isCloseTo(24 * PeakBenchmark.STEPS * 1e-12, org.assertj.core.data.Offset.offset(1e-6));
  }

  @ParameterizedTest
  @MethodSource("activations")
  void theActivationLoopAppliesItsActivation(String activation) {
    ActivationBenchmark bench = new ActivationBenchmark();
    bench.activation = activation;
    bench.setup();
    float[] out = bench.apply();
    for (int i = 0; i < ActivationBenchmark.N; i += 97) {
      double exact = bench.kind.apply(bench.in[i], 0);
      assertThat((double) out[i]).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(exact))));
    }
  }

  static Stream<String> activations() throws NoSuchFieldException {
    return Stream.of(ActivationBenchmark.class.getField("activation").getAnnotation(Param.class).value());
  }
}
