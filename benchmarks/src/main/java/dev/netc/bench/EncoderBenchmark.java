package dev.netc.bench;

import static dev.netc.bench.EncoderShape.D_MODEL;
import static dev.netc.bench.EncoderShape.SEQ;

import ai.onnxruntime.OrtException;
import dev.netc.bench.model.CausalMask;
import dev.netc.bench.model.EncoderWeights;
import dev.netc.bench.model.Random32;
import dev.netc.bench.onnx.OnnxModels;
import dev.netc.bench.onnx.OrtPeer;
import dev.netc.bench.peers.EncoderPeer;
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
 * The transformer encoder block of {@code encoder.nn} (d_model 256, 4 heads, ffn 1024, exact
 * GELU, post-norm) on sequences of {@value EncoderShape#SEQ} tokens with a causal mask: one
 * forward pass per operation, by netc and by each peer from the same inputs and weights. Structured
 * as {@link DenseBenchmark}: one state per implementation, outputs allocated at setup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = Suite.WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = Suite.MEASUREMENT_ITERATIONS, time = 1)
@Fork(value = 1, jvmArgsAppend = Suite.VECTOR_MODULE)
public class EncoderBenchmark {

  /** The workload, its weights and its inputs: what every implementation shares. */
  @State(Scope.Benchmark)
  public static class Inputs {
    /** A {@link Workload} id: the encoder at a batch of sequences. */
    @Param({"encoder/1", "encoder/8"})
    public String workload;

    Workload work;
    EncoderWeights weights;
    float[] x;
    float[] mask;

    /** Draws the weights and the input, and builds the mask. */
    @Setup(Level.Trial)
    public void setup() {
      work = Workload.of(workload);
      weights = EncoderWeights.random(Suite.WEIGHTS_SEED);
      x = Random32.uniform(Suite.INPUT_SEED, work.batch() * SEQ * D_MODEL, 1);
      mask = CausalMask.of(SEQ);
    }

    float[] newOutput() {
      return new float[work.batch() * SEQ * D_MODEL];
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

    EncoderForward net;
    float[] out;

    /** Writes the weights to a temporary safetensors file and loads the network from it. */
    @Setup(Level.Trial)
    public void setup(Inputs in) throws IOException {
      Path file = Files.createTempFile("netc-bench-", ".safetensors");
      try {
        in.weights.writeSafetensors(file);
        net = NetcNetworks.encoder(file, threads, weights);
      } finally {
        Files.deleteIfExists(file);
      }
      out = in.newOutput();
    }
  }

  /** The plain-Java block with the scalar triple loop for every product. */
  @State(Scope.Benchmark)
  public static class Scalar {
    EncoderPeer peer;
    float[] out;

    /** Builds the peer over the shared weights. */
    @Setup(Level.Trial)
    public void setup(Inputs in) {
      peer = new EncoderPeer(in.weights, new ScalarMatMul(), SEQ, in.work.batch());
      out = in.newOutput();
    }
  }

  /** The plain-Java block with the straightforward Vector API loop for every product. */
  @State(Scope.Benchmark)
  public static class VectorLoop {
    EncoderPeer peer;
    float[] out;

    /** Builds the peer over the shared weights. */
    @Setup(Level.Trial)
    public void setup(Inputs in) {
      peer = new EncoderPeer(in.weights, new VectorMatMul(), SEQ, in.work.batch());
      out = in.newOutput();
    }
  }

  /** ONNX Runtime with the same block and weights. */
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
      long batch = in.work.batch();
      peer =
          new OrtPeer(
              OnnxModels.encoder(in.weights),
              threads,
              List.of(
                  new OrtPeer.Input("x", in.x, batch, SEQ, D_MODEL),
                  new OrtPeer.Input("mask", in.mask, SEQ, SEQ)),
              "y",
              batch,
              SEQ,
              D_MODEL);
      out = in.newOutput();
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
    s.net.forward(in.x, in.mask, in.work.batch(), SEQ, s.out);
    return s.out;
  }

  /** Plain Java, scalar products. */
  @Benchmark
  @Warmup(iterations = Suite.SLOW_PEER_WARMUP_ITERATIONS, time = 1)
  @Measurement(iterations = Suite.SLOW_PEER_MEASUREMENT_ITERATIONS, time = 1)
  public float[] scalar(Inputs in, Scalar s) {
    s.peer.forward(in.x, in.mask, in.work.batch(), s.out);
    return s.out;
  }

  /** Plain Java, Vector API products. */
  @Benchmark
  @Warmup(iterations = Suite.SLOW_PEER_WARMUP_ITERATIONS, time = 1)
  @Measurement(iterations = Suite.SLOW_PEER_MEASUREMENT_ITERATIONS, time = 1)
  public float[] vectorLoop(Inputs in, VectorLoop s) {
    s.peer.forward(in.x, in.mask, in.work.batch(), s.out);
    return s.out;
  }

  /** ONNX Runtime, called with new tensors around the {@code float[]} inputs per call. */
  @Benchmark
  public float[] ortNewTensor(Ort s) throws OrtException {
    s.peer.runWrapping(s.out);
    return s.out;
  }

  /** ONNX Runtime, called with direct buffers created once, output pinned. */
  @Benchmark
  public FloatBuffer ortReusedBuffers(Ort s) throws OrtException {
    return s.peer.runReusing();
  }
}
