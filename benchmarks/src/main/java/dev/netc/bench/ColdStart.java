package dev.netc.bench;

import dev.netc.bench.model.DenseWeights;
import dev.netc.bench.model.Tokens;
import dev.netc.bench.nets.AllMinilmL6V2;
import dev.netc.bench.onnx.OnnxModels;
import dev.netc.bench.onnx.OrtPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cold start: a fresh JVM to the first correct inference, one process per run,
 * timed from outside (see benchmarks/README.md, "Cold start").
 *
 * <pre>
 * java -cp benchmarks.jar dev.netc.bench.ColdStart prepare DIR mlp_s   # weights and ONNX model, once
 * java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.netc.bench.ColdStart netc DIR mlp_s
 * java -cp benchmarks.jar dev.netc.bench.ColdStart ort DIR mlp_s
 * java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.netc.bench.ColdStart netc-i8 DIR mlp_l
 * </pre>
 *
 * {@code netc-bf16} and {@code netc-i8} load the class compiled with {@code --weights bf16} or
 * {@code i8} (MLP-S and MLP-L), which converts the f32 file's weights as it packs them.
 *
 * Each run prints the sum of its batch-1 output (the two must agree) and the
 * milliseconds from JVM start to the result, split into loading and the first
 * forward pass.
 *
 * <p>{@code minilm} needs no {@code prepare} (DIR is not read): both read the
 * model from the benchmarks' jar, netc the weights resource it compiled from
 * the ONNX file, ONNX Runtime that file. Its result is the embedding of one
 * sentence, {@link #SENTENCE}: the hidden states mean-pooled over the tokens
 * and scaled to length 1, as sentence-transformers does.
 */
public final class ColdStart {
  /** "The quick brown fox jumps over the lazy dog.", as the model's tokenizer splits it. */
  static final long[] SENTENCE = {101, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 1012, 102};

  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    Network network = Network.valueOf(args[2].toUpperCase(Locale.ROOT));
    if (network == Network.MINILM) {
      miniLm(args[0]);
      return;
    }
    Path weights = dir.resolve(network.id() + ".safetensors");
    Path model = dir.resolve(network.id() + ".onnx");
    float[] x = new float[network.inputWidth()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i);
    }
    float[] y = new float[network.outputWidth()];
    long start = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    long loaded;
    switch (args[0]) {
      case "prepare" -> {
        DenseWeights w = DenseWeights.random(network, 1);
        Files.createDirectories(dir);
        w.writeSafetensors(weights);
        Files.write(model, OnnxModels.dense(w));
        return;
      }
      case "netc", "netc-bf16", "netc-i8" -> {
        String storage = args[0].equals("netc") ? "f32" : args[0].substring("netc-".length());
        DenseForward net = NetcNetworks.dense(network, weights, 1, storage);
        loaded = System.currentTimeMillis();
        net.forward(x, 1, y);
      }
      case "ort" -> {
        try (OrtPeer ort = new OrtPeer(Files.readAllBytes(model), 1,
            List.of(new OrtPeer.Input("x", x, 1, x.length)), "y", 1, y.length)) {
          loaded = System.currentTimeMillis();
          ort.runReusing().get(y);
        }
      }
      default -> throw new IllegalArgumentException("usage: ColdStart prepare|netc|netc-bf16|netc-i8|ort DIR NETWORK");
    }
    long done = System.currentTimeMillis();
    double sum = 0;
    for (float v : y) {
      sum += v;
    }
    System.out.printf(Locale.ROOT, "%s %s: sum %.6f, loaded at %d ms, first result at %d ms%n", args[0],
        network.id(), sum, loaded - start, done - start);
  }

  /** One sentence's embedding from a fresh JVM: {@code netc} or {@code ort}. */
  private static void miniLm(String impl) throws Exception {
    int t = SENTENCE.length;
    long[] mask = new long[t];
    Arrays.fill(mask, 1);
    long[] types = new long[t];
    float[] hidden = new float[t * MiniLmShape.D_MODEL];
    long start = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    long loaded;
    switch (impl) {
      case "netc" -> {
        AllMinilmL6V2 net = NetcNetworks.miniLm(1);
        loaded = System.currentTimeMillis();
        net.forward(SENTENCE, mask, types, 1, t, hidden);
      }
      case "ort" -> {
        Tokens tokens = new Tokens(SENTENCE, mask, types, 1, t);
        try (OrtPeer ort = MiniLmBenchmark.ort(MiniLmBenchmark.onnxModel(), 1, tokens)) {
          loaded = System.currentTimeMillis();
          ort.runReusing().get(hidden);
        }
      }
      default -> throw new IllegalArgumentException("usage: ColdStart netc|ort DIR minilm");
    }
    float[] embedding = new float[MiniLmShape.D_MODEL];
    for (int i = 0; i < t; i++) {
      for (int j = 0; j < embedding.length; j++) {
        embedding[j] += hidden[i * embedding.length + j] / t;
      }
    }
    double norm = 0;
    for (float v : embedding) {
      norm += v * v;
    }
    long done = System.currentTimeMillis();
    double sum = 0;
    for (float v : embedding) {
      sum += v / Math.sqrt(norm);
    }
    System.out.printf(Locale.ROOT, "%s minilm: embedding sum %.6f, loaded at %d ms, first embedding at %d ms%n",
        impl, sum, loaded - start, done - start);
  }
}
