package dev.netc.bench;

import dev.netc.bench.model.DenseWeights;
import dev.netc.bench.model.Random32;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
 * Two threads on a busy machine: netc's forward passes, on one thread and with its default
 * pool, while another process keeps one core busy the whole time ({@link Burner}). On a 2-core
 * machine the caller, netc's worker and the other process then share two cores, and a worker
 * that has taken its half can lose its core for a scheduler time slice. Two threads should
 * never be slower than one here: netc's pool backs off to the calling thread when its helper
 * falls behind.
 *
 * <p>Not part of the report's tables (its method is outside them); see benchmarks/README.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = Suite.WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = Suite.MEASUREMENT_ITERATIONS, time = 1)
@Fork(value = 1, jvmArgsAppend = Suite.VECTOR_MODULE)
public class BusyBenchmark {

  /** The network, its input, and the process that competes for the cores. */
  @State(Scope.Benchmark)
  public static class Busy {
    /** A {@link Workload} id: the two that fell furthest behind one thread on a shared machine. */
    @Param({"mlp_s/32", "mlp_l/1"})
    public String workload;

    /** 1: every layer on the calling thread; 2: netc's default pool. */
    @Param({"1", "2"})
    public int threads;

    Workload work;
    float[] x;
    float[] out;
    DenseForward net;
    private Process burner;

    /** Loads the network, then starts the competing process and waits until it runs. */
    @Setup(Level.Trial)
    public void setup() throws IOException {
      work = Workload.of(workload);
      Network network = work.network();
      DenseWeights weights = DenseWeights.random(network, Suite.WEIGHTS_SEED);
      x = Random32.uniform(Suite.INPUT_SEED, work.batch() * network.inputWidth(), 1);
      out = new float[work.batch() * network.outputWidth()];
      Path file = Files.createTempFile("netc-bench-", ".safetensors");
      try {
        weights.writeSafetensors(file);
        net = NetcNetworks.dense(network, file, threads);
      } finally {
        Files.deleteIfExists(file);
      }
      burner = Burner.start();
    }

    /** Stops the competing process. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
      burner.destroyForcibly().waitFor();
    }
  }

  /** netc's forward pass while another process keeps a core busy. */
  @Benchmark
  public float[] netcBesideBusyCore(Busy s) {
    s.net.forward(s.x, s.work.batch(), s.out);
    return s.out;
  }

  /**
   * A process that keeps one core busy until it is killed or its parent's end of its standard
   * input closes (so that it never outlives a benchmark JVM that died).
   */
  public static final class Burner {
    private Burner() {}

    /** What the process prints once it spins. */
    static final String READY = "burning";

    static volatile long sink;

    /** Starts the process with this JVM's class path and waits for it to spin. */
    static Process start() throws IOException {
      String java = ProcessHandle.current().info().command().orElse("java");
      Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
          Burner.class.getName())).redirectErrorStream(true).start();
      BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = in.readLine();
      if (!READY.equals(line)) {
        p.destroyForcibly();
        throw new IllegalStateException("the competing process did not start: " + line);
      }
      return p;
    }

    public static void main(String[] args) throws IOException {
      Thread watch = new Thread(() -> {
        try {
          while (System.in.read() >= 0) {
            // Nothing is ever written; read until the parent's end closes.
          }
        } catch (IOException e) {
          // The parent is gone either way.
        }
        System.exit(0);
      });
      watch.setDaemon(true);
      watch.start();
      System.out.println(READY);
      System.out.flush();
      long x = 1;
      while (true) {
        x = x * 6364136223846793005L + 1442695040888963407L;
        if (x == 0) {
          sink = x;
        }
      }
    }
  }
}
