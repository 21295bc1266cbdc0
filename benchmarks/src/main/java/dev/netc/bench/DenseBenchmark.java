package dev.netc.bench;

import ai.onnxruntime.OrtException;
import dev.netc.bench.model.DenseWeights;
import dev.netc.bench.model.Random32;
import dev.netc.bench.onnx.OnnxModels;
import dev.netc.bench.onnx.OrtPeer;
import dev.netc.bench.peers.DensePeer;
import dev.netc.bench.peers.ScalarMatMul;
import dev.netc.bench.peers.VectorMatMul;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dense workloads (MLP-S, MLP-L, the GEMMs): one forward pass per operation, computed by
 * netc's generated class and by each peer from the same input and weights.
 *
 * <p>Each implementation has its own state, so that a forked JVM builds only what its benchmark
 * measures: an ONNX Runtime session's spinning threads, for one, never run beside netc. Every
 * method writes into an output allocated at setup; netc and the plain peers allocate nothing per
 * call (check with {@code -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = Suite.WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = Suite.MEASUREMENT_ITERATIONS, time = 1)
@Fork(value = 1, jvmArgsAppend = Suite.VECTOR_MODULE)
public class DenseBenchmark {

  /** The workload, its weights and its input: what every implementation shares. */
  @State(Scope.Benchmark)
  public static class Inputs {
    /** A {@link Workload} id. */
    @Param({"mlp_s/1", "mlp_s/32", "mlp_s/256", "mlp_l/1", "mlp_l/64", "gemm_512/512", "gemm_2048/2048"})
    public String workload;

    Workload work;
    DenseWeights weights;
    float[] x;

    /** Draws the weights and the input. */
    @Setup(Level.Trial)
    public void setup() {
      work = Workload.of(workload);
      Network network = work.network();
      weights = DenseWeights.random(network, Suite.WEIGHTS_SEED);
      x = Random32.uniform(Suite.INPUT_SEED, work.batch() * network.inputWidth(), 1);
    }

    float[] newOutput() {
      return new float[work.batch() * work.network().outputWidth()];
    }
  }

  /** netc's generated class, loaded from a weights file written for it. */
  @State(Scope.Benchmark)
  public static class Netc {
    /** 1: every layer on the calling thread; 2: netc's default, large layers split over two threads. */
    @Param({"1", "2"})
    public int threads;

    /**
     * How the matmul weights are stored ({@code netc compile --weights}): f32 in the suite; bf16
     * and i8 with {@code -p weights=f32,bf16,i8}.
     */
    @Param({"f32"})
    public String weights;

    DenseForward net;
    float[] out;

    /** Writes the weights to a temporary safetensors file and loads the network from it. */
    @Setup(Level.Trial)
    public void setup(Inputs in) throws IOException {
      Path file = Files.createTempFile("netc-bench-", ".safetensors");
      try {
        in.weights.writeSafetensors(file);
        net = NetcNetworks.dense(in.work.network(), file, threads, weights);
      } finally {
        Files.deleteIfExists(file);
      }
      out = in.newOutput();
    }
  }

  /** The scalar triple loop. */
  @State(Scope.Benchmark)
  public static class Scalar {
    DensePeer peer;
    float[] out;

    /** Builds the peer over the shared weights. */
    @Setup(Level.Trial)
    public void setup(Inputs in) {
      peer = new DensePeer(in.weights, new ScalarMatMul(), in.work.batch());
      out = in.newOutput();
    }
  }

  /** The straightforward Vector API loop. */
  @State(Scope.Benchmark)
  public static class VectorLoop {
    DensePeer peer;
    float[] out;

    /** Builds the peer over the shared weights. */
    @Setup(Level.Trial)
    public void setup(Inputs in) {
      peer = new DensePeer(in.weights, new VectorMatMul(), in.work.batch());
      out = in.newOutput();
    }
  }

  /** ONNX Runtime with the same network and weights. */
  @State(Scope.Benchmark)
  public static class Ort {
    /** Intra-op threads. */
    @Param({"1", "2"})
    public int threads;

    OrtPeer peer;
    float[] out;

    /** Builds the ONNX model and the session. */
    @Setup(Level.Trial)
    public void setup(Inputs in) throws OrtException {
      Network network = in.work.network();
      long batch = in.work.batch();
      peer =
          new OrtPeer(
              OnnxModels.dense(in.weights),
              threads,
              List.of(new OrtPeer.Input("x", in.x, batch, network.inputWidth())),
              "y",
              batch,
              network.outputWidth());
      out = in.newOutput();
    }

    /** Releases the session's native memory. */
    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
      peer.close();
    }
  }

  /**
   * ONNX Runtime running the network with 8-bit weights ({@code OnnxModels.denseInt8}: the
   * dynamically quantized model {@code quantize_dynamic} writes), the peer of netc's i8 weights.
   */
  @State(Scope.Benchmark)
  public static class OrtInt8 {
    /** Intra-op threads. */
    @Param({"1", "2"})
    public int threads;

    OrtPeer peer;

    /** Builds the quantized ONNX model and the session. */
    @Setup(Level.Trial)
    public void setup(Inputs in) throws OrtException {
      Network network = in.work.network();
      long batch = in.work.batch();
      peer = new OrtPeer(OnnxModels.denseInt8(in.weights), threads,
          List.of(new OrtPeer.Input("x", in.x, batch, network.inputWidth())), "y", batch, network.outputWidth());
    }

    /** Releases the session's native memory. */
    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
      peer.close();
    }
  }

  /** netc's generated class, single-threaded or with its default pool. */
  @Benchmark
  public float[] netc(Inputs in, Netc s) {
    s.net.forward(in.x, in.work.batch(), s.out);
    return s.out;
  }

  /** The scalar triple loop. */
  @Benchmark
  @Warmup(iterations = Suite.SLOW_PEER_WARMUP_ITERATIONS, time = 1)
  @Measurement(iterations = Suite.SLOW_PEER_MEASUREMENT_ITERATIONS, time = 1)
  public float[] scalar(Inputs in, Scalar s) {
    s.peer.forward(in.x, in.work.batch(), s.out);
    return s.out;
  }

  /** The straightforward Vector API loop. */
  @Benchmark
  @Warmup(iterations = Suite.SLOW_PEER_WARMUP_ITERATIONS, time = 1)
  @Measurement(iterations = Suite.SLOW_PEER_MEASUREMENT_ITERATIONS, time = 1)
  public float[] vectorLoop(Inputs in, VectorLoop s) {
    s.peer.forward(in.x, in.work.batch(), s.out);
    return s.out;
  }

  /** ONNX Runtime, called with a new tensor around the {@code float[]} input per call. */
  @Benchmark
  public float[] ortNewTensor(Ort s) throws OrtException {
    s.peer.runWrapping(s.out);
    return s.out;
  }

  /** ONNX Runtime with 8-bit weights, called with direct buffers created once, output pinned. */
  @Benchmark
  public FloatBuffer ortInt8ReusedBuffers(OrtInt8 s) throws OrtException {
    return s.peer.runReusing();
  }

  /** ONNX Runtime, called with direct buffers created once, output pinned. */
  @Benchmark
  public FloatBuffer ortReusedBuffers(Ort s) throws OrtException {
    return s.peer.runReusing();
  }
}
