package dev.netc.bench;

import static dev.netc.bench.MiniLmShape.D_MODEL;
import static dev.netc.bench.MiniLmShape.SEQ;

import ai.onnxruntime.OrtException;
import dev.netc.bench.model.Tokens;
import dev.netc.bench.nets.AllMinilmL6V2;
import dev.netc.bench.onnx.OrtPeer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Locale;
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
 * all-MiniLM-L6-v2 on sentences of {@value MiniLmShape#SEQ} tokens: netc's class, compiled from
 * the published ONNX file when this module builds, beside ONNX Runtime running that same file.
 * Both read the model's own weights (netc the resource {@code netc compile} wrote from it) and the
 * same token ids; the output is {@code last_hidden_state}, [batch, 128, 384]. Structured as
 * {@link EncoderBenchmark}: one state per implementation, outputs allocated at setup.
 *
 * <p>netc's setup runs the network once and compares it with ONNX Runtime on the benchmark's own
 * inputs: a benchmark of wrong results fails before it measures anything.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = Suite.WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = Suite.MEASUREMENT_ITERATIONS, time = 1)
@Fork(value = 1, jvmArgsAppend = Suite.VECTOR_MODULE)
public class MiniLmBenchmark {
  /**
   * The largest difference from ONNX Runtime allowed. MiniLmTest finds netc within 1e-4 of it on
   * unpadded tokens; the margin keeps the check from failing on a harmless change of summation
   * order while catching any real error (hidden states are of order 1).
   */
  static final double TOLERANCE = 1e-3;

  /** The workload and its token ids: what every implementation shares. */
  @State(Scope.Benchmark)
  public static class Inputs {
    /** A {@link Workload} id: MiniLM at a batch of sentences. */
    @Param({"minilm/1", "minilm/8"})
    public String workload;

    Workload work;
    Tokens tokens;

    /** Draws the token ids. */
    @Setup(Level.Trial)
    public void setup() {
      work = Workload.of(workload);
      // Ids from 1000 up skip [PAD], [UNK], [CLS], [SEP], [MASK] and the unused slots.
      tokens = Tokens.sentences(Suite.INPUT_SEED, work.batch(), SEQ, MiniLmShape.CLS, MiniLmShape.SEP, 1000,
          MiniLmShape.VOCABULARY);
    }

    float[] newOutput() {
      return new float[work.batch() * SEQ * D_MODEL];
    }

    /** ONNX Runtime on these tokens, from the model's ONNX file. */
    OrtPeer ort(int threads) throws OrtException {
      return MiniLmBenchmark.ort(onnxModel(), threads, tokens);
    }
  }

  /** netc's generated class, loaded from its weights resource. */
  @State(Scope.Benchmark)
  public static class Netc {
    /** 1: every layer on the calling thread; 2: netc's default, large layers split over two threads. */
    @Param({"1", "2"})
    public int threads;

    AllMinilmL6V2 net;
    float[] out;

    /** Loads the network, runs it once and checks it against ONNX Runtime. */
    @Setup(Level.Trial)
    public void setup(Inputs in) throws IOException, OrtException {
      net = NetcNetworks.miniLm(threads);
      out = in.newOutput();
      Tokens t = in.tokens;
      net.forward(t.ids(), t.mask(), t.types(), t.batch(), t.seq(), out);
      try (OrtPeer ort = in.ort(1)) {
        check("netc, " + threads + " thread(s), " + in.workload, out, ort.runReusing());
      }
    }
  }

  /** ONNX Runtime with the same ONNX file. */
  @State(Scope.Benchmark)
  public static class Ort {
    /** Intra-op threads. */
    @Param({"1", "2"})
    public int threads;

    OrtPeer peer;
    float[] out;

    /** Builds the session. */
    @Setup(Level.Trial)
    public void setup(Inputs in) throws OrtException {
      peer = in.ort(threads);
      out = in.newOutput();
    }

    /** Releases the session's native memory. */
    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
      peer.close();
    }
  }

  /** netc's generated class, single-threaded or with its default pool, into a preallocated array. */
  @Benchmark
  public float[] netc(Inputs in, Netc s) {
    Tokens t = in.tokens;
    s.net.forward(t.ids(), t.mask(), t.types(), t.batch(), t.seq(), s.out);
    return s.out;
  }

  /** ONNX Runtime, called with new tensors around the {@code long[]} inputs per call. */
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

  /** The model's ONNX file, from the class path (the model's jar, shaded into the benchmarks'). */
  static byte[] onnxModel() {
    try (InputStream in = MiniLmBenchmark.class.getClassLoader().getResourceAsStream(MiniLmShape.MODEL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(MiniLmShape.MODEL_RESOURCE + " is not on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ONNX Runtime running {@code model} on {@code tokens}, its one output {@code last_hidden_state}. */
  static OrtPeer ort(byte[] model, int threads, Tokens tokens) throws OrtException {
    long n = tokens.batch();
    long t = tokens.seq();
    return new OrtPeer(model, threads,
        List.of(new OrtPeer.Input("input_ids", tokens.ids(), n, t),
            new OrtPeer.Input("attention_mask", tokens.mask(), n, t),
            new OrtPeer.Input("token_type_ids", tokens.types(), n, t)),
        "last_hidden_state", n, t, D_MODEL);
  }

  /** Fails unless {@code netc} is within {@link #TOLERANCE} of ONNX Runtime's {@code ort} everywhere. */
  static void check(String what, float[] netc, FloatBuffer ort) {
    if (ort.capacity() != netc.length) {
      throw new IllegalStateException(what + ": " + netc.length + " values against ONNX Runtime's " + ort.capacity());
    }
    double worst = 0;
    int at = 0;
    for (int i = 0; i < netc.length; i++) {
      double d = Math.abs(netc[i] - ort.get(i));
      if (Double.isNaN(d)) {
        worst = d;
        at = i;
        break;
      }
      if (d > worst) {
        worst = d;
        at = i;
      }
    }
    if (!(worst <= TOLERANCE)) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "%s differs from ONNX Runtime by %.3g at %d (%g against %g), more than %.0e", what, worst, at, netc[at],
          ort.get(at), TOLERANCE));
    }
  }
}
