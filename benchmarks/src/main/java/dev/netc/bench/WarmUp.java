package dev.netc.bench;

import static dev.netc.bench.EncoderShape.D_MODEL;
import static dev.netc.bench.EncoderShape.SEQ;

import dev.netc.bench.model.CausalMask;
import dev.netc.bench.model.DenseWeights;
import dev.netc.bench.model.EncoderWeights;
import dev.netc.bench.model.Random32;
import dev.netc.bench.model.Tokens;
import dev.netc.bench.nets.AllMinilmL6V2;
import dev.netc.bench.onnx.OnnxModels;
import dev.netc.bench.onnx.OrtPeer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Warm-up: what a fresh JVM's first calls cost against its steady state, netc beside ONNX
 * Runtime, each run a JVM of its own (see benchmarks/README.md, "Warm-up").
 *
 * <pre>
 * java -cp benchmarks.jar dev.netc.bench.WarmUp [--forks 5] [--seconds 8] [--threads 1] [--impl netc,netc-lazy,ort] [WORKLOAD...]
 * </pre>
 *
 * <p>Each run draws the workload's weights and input as the JMH benchmarks do, loads the network
 * (netc: {@code load(Path)}; ONNX Runtime: a session), then calls it back to back for a fixed time
 * and times every call. Per run: the first call; the steady state, the median of the calls in the
 * last quarter of the run; and the time to steady state, from the moment loading returned to the
 * start of the first 20 calls in a row that each took at most 1.5 times the steady state, and
 * the same from the moment loading began (netc's {@code load} includes its warm-up). The table
 * gives the median of the runs and their range. {@code netc-lazy} is netc with the warm-up
 * turned off, its kernels left to warm up on real calls.
 */
public final class WarmUp {
  /** Consecutive calls within {@link #FACTOR} of the steady state that count as having reached it. */
  static final int RUN = 20;

  /** How close to the steady state a call counts as steady. */
  static final double FACTOR = 1.5;

  /** netc with its factories' warm-up turned off ({@code -Dnetc.warmup=false}): the kernels warm up on real calls. */
  static final String LAZY = "netc-lazy";

  private WarmUp() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("child")) {
      child(args[1], Workload.of(args[2]), Integer.parseInt(args[3]), Double.parseDouble(args[4]));
      return;
    }
    int forks = 5;
    double seconds = 8;
    int threads = 1;
    List<String> impls = List.of("netc", LAZY, "ort");
    List<String> workloads = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--forks" -> forks = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--impl" -> impls = List.of(args[++i].split(","));
        default -> workloads.add(args[i]);
      }
    }
    if (workloads.isEmpty()) {
      Workload.ALL.forEach(w -> workloads.add(w.id()));
    }
    Map<String, List<Result>> results = new LinkedHashMap<>();
    for (String workload : workloads) {
      for (String impl : impls) {
        for (int fork = 0; fork < forks; fork++) {
          Result r = fork(impl, workload, threads, seconds);
          System.err.println(r);
          results.computeIfAbsent(workload + " " + impl, k -> new ArrayList<>()).add(r);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%nWarm-up, %d fresh JVMs per row, %s s of calls each, %d thread(s); median [min, max]%n%n",
        forks, seconds, threads);
    System.out.println("| workload | implementation | load | first call | 1.5x steady after load | "
        + "1.5x steady after load began | steady state |");
    System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    results.forEach((key, runs) -> {
      String[] parts = key.split(" ");
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", parts[0], parts[1],
          summary(runs, Result::loadMs, "ms"), summary(runs, Result::firstMs, "ms"),
          summary(runs, Result::steadyAfterMs, "ms"),
          summary(runs, r -> r.steadyAfterMs() < 0 ? -1 : r.loadMs() + r.steadyAfterMs(), "ms"),
          summary(runs, r -> r.steadyUs() / 1000, "ms"));
    });
  }

  /** One run: all in milliseconds but the steady call, in microseconds; -1 if it never got steady. */
  record Result(String impl, String workload, double loadMs, double firstMs, double steadyUs, double steadyAfterMs,
      int calls) {
    static Result parse(String line) {
      String[] f = line.trim().split("\\s+");
      return new Result(f[1], f[2], Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
          Double.parseDouble(f[6]), Integer.parseInt(f[7]));
    }

    /** This run under another implementation's name. */
    Result as(String name) {
      return new Result(name, workload, loadMs, firstMs, steadyUs, steadyAfterMs, calls);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "RESULT %s %s %.3f %.3f %.3f %.3f %d", impl, workload, loadMs, firstMs,
          steadyUs, steadyAfterMs, calls);
    }
  }

  private static String summary(List<Result> runs, java.util.function.ToDoubleFunction<Result> f, String unit) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    if (v[0] < 0) {
      return "not reached";
    }
    return String.format(Locale.ROOT, "%s %s [%s, %s]", number(median(v)), unit, number(v[0]), number(v[v.length - 1]));
  }

  private static String number(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
        : String.format(Locale.ROOT, "%.3g", v);
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** A fresh JVM for one run, with the Vector API module and this JVM's class path. */
  private static Result fork(String impl, String workload, int threads, double seconds)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, Suite.VECTOR_MODULE));
    if (impl.equals(LAZY)) {
      command.add("-Dnetc.warmup=false");
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), WarmUp.class.getName(), "child",
        impl.equals(LAZY) ? "netc" : impl, workload, Integer.toString(threads), Double.toString(seconds)));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    Result result = null;
    StringBuilder output = new StringBuilder();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("RESULT ")) {
          result = Result.parse(line);
        } else if (!line.startsWith("WARNING: Using incubator modules")) {
          output.append(line).append('\n');
        }
      }
    }
    if (p.waitFor() != 0 || result == null) {
      throw new IllegalStateException("the run of " + impl + " " + workload + " failed:\n" + output);
    }
    return impl.equals(LAZY) ? result.as(LAZY) : result;
  }

  /** One run in this JVM: load, then calls back to back for {@code seconds}, each timed. */
  private static void child(String impl, Workload work, int threads, double seconds) throws Exception {
    Runnable call;
    long loadStart;
    long loaded;
    AutoCloseable session = null;
    Network network = work.network();
    if (network.isDense()) {
      DenseWeights weights = DenseWeights.random(network, Suite.WEIGHTS_SEED);
      float[] x = Random32.uniform(Suite.INPUT_SEED, work.batch() * network.inputWidth(), 1);
      float[] out = new float[work.batch() * network.outputWidth()];
      if (impl.equals("netc")) {
        Path file = Files.createTempFile("netc-warmup-", ".safetensors");
        weights.writeSafetensors(file);
        loadStart = System.nanoTime();
        DenseForward net = NetcNetworks.dense(network, file, threads);
        loaded = System.nanoTime();
        Files.delete(file);
        call = () -> net.forward(x, work.batch(), out);
      } else {
        byte[] model = OnnxModels.dense(weights);
        loadStart = System.nanoTime();
        OrtPeer peer = new OrtPeer(model, threads, List.of(new OrtPeer.Input("x", x, work.batch(),
            network.inputWidth())), "y", work.batch(), network.outputWidth());
        loaded = System.nanoTime();
        session = peer;
        call = () -> run(peer);
      }
    } else if (network == Network.MINILM) {
      Tokens tokens = Tokens.sentences(Suite.INPUT_SEED, work.batch(), MiniLmShape.SEQ, MiniLmShape.CLS,
          MiniLmShape.SEP, 1000, MiniLmShape.VOCABULARY);
      float[] out = new float[work.batch() * MiniLmShape.SEQ * MiniLmShape.D_MODEL];
      if (impl.equals("netc")) {
        loadStart = System.nanoTime();
        AllMinilmL6V2 net = NetcNetworks.miniLm(threads);
        loaded = System.nanoTime();
        call = () -> net.forward(tokens.ids(), tokens.mask(), tokens.types(), tokens.batch(), tokens.seq(), out);
      } else {
        byte[] model = MiniLmBenchmark.onnxModel();
        loadStart = System.nanoTime();
        OrtPeer peer = MiniLmBenchmark.ort(model, threads, tokens);
        loaded = System.nanoTime();
        session = peer;
        call = () -> run(peer);
      }
    } else {
      EncoderWeights weights = EncoderWeights.random(Suite.WEIGHTS_SEED);
      float[] x = Random32.uniform(Suite.INPUT_SEED, work.batch() * SEQ * D_MODEL, 1);
      float[] mask = CausalMask.of(SEQ);
      float[] out = new float[work.batch() * SEQ * D_MODEL];
      if (impl.equals("netc")) {
        Path file = Files.createTempFile("netc-warmup-", ".safetensors");
        weights.writeSafetensors(file);
        loadStart = System.nanoTime();
        EncoderForward net = NetcNetworks.encoder(file, threads);
        loaded = System.nanoTime();
        Files.delete(file);
        call = () -> net.forward(x, mask, work.batch(), SEQ, out);
      } else {
        byte[] model = OnnxModels.encoder(weights);
        loadStart = System.nanoTime();
        OrtPeer peer = new OrtPeer(model, threads, List.of(new OrtPeer.Input("x", x, work.batch(), SEQ, D_MODEL),
            new OrtPeer.Input("mask", mask, SEQ, SEQ)), "y", work.batch(), SEQ, D_MODEL);
        loaded = System.nanoTime();
        session = peer;
        call = () -> run(peer);
      }
    }
    long[] starts = new long[1 << 16];
    long[] times = new long[1 << 16];
    int calls = 0;
    long end = loaded + (long) (seconds * 1e9);
    for (long now = System.nanoTime(); now < end || calls < 4 * RUN; now = System.nanoTime()) {
      call.run();
      long done = System.nanoTime();
      if (calls == times.length) {
        starts = Arrays.copyOf(starts, calls * 2);
        times = Arrays.copyOf(times, calls * 2);
      }
      starts[calls] = now - loaded;
      times[calls] = done - now;
      calls++;
    }
    if (session != null) {
      session.close();
    }
    long[] last = Arrays.copyOfRange(times, calls - Math.max(RUN, calls / 4), calls);
    Arrays.sort(last);
    double steady = last[last.length / 2];
    double steadyAfter = -1;
    for (int i = 0, run = 0; i < calls; i++) {
      run = times[i] <= FACTOR * steady ? run + 1 : 0;
      if (run == RUN) {
        steadyAfter = starts[i - RUN + 1] / 1e6;
        break;
      }
    }
    System.out.println(new Result(impl, work.id(), (loaded - loadStart) / 1e6, times[0] / 1e6, steady / 1e3,
        steadyAfter, calls));
  }

  private static void run(OrtPeer peer) {
    try {
      peer.runReusing();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
