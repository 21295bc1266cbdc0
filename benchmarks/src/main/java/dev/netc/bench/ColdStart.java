package dev.netc.bench;

import dev.netc.bench.model.DenseWeights;
import dev.netc.bench.onnx.OnnxModels;
import dev.netc.bench.onnx.OrtPeer;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * </pre>
 *
 * Each run prints the sum of its batch-1 output (the two must agree) and the
 * milliseconds from JVM start to the result, split into loading and the first
 * forward pass.
 */
public final class ColdStart {
  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    Network network = Network.valueOf(args[2].toUpperCase(Locale.ROOT));
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
      case "netc" -> {
        DenseForward net = NetcNetworks.dense(network, weights, 1);
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
      default -> throw new IllegalArgumentException("usage: ColdStart prepare|netc|ort DIR NETWORK");
    }
    long done = System.currentTimeMillis();
    double sum = 0;
    for (float v : y) {
      sum += v;
    }
    System.out.printf(Locale.ROOT, "%s %s: sum %.6f, loaded at %d ms, first result at %d ms%n", args[0],
        network.id(), sum, loaded - start, done - start);
  }
}
