package dev.netc.compiler.emit;

import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.passes.Passes;
import dev.netc.runtime.weights.SafetensorsWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A rough timing loop for kernel work while the JMH suite is elsewhere: {@code QuickGemm K N ROWS}.
 * Not a test and not a benchmark of record; numbers from it are never claimed.
 */
final class QuickGemm {
  public static void main(String[] args) throws Exception {
    int k = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    int rows = Integer.parseInt(args[2]);
    Path dir = Files.createTempDirectory("quick");
    Random r = new Random(1);
    float[] w = new float[k * n];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian() * 0.01f;
    }
    new SafetensorsWriter().add("l.weight", w, k, n).add("l.bias", new float[n], n).write(dir.resolve("w.safetensors"));
    // -Dlayer=plain: a bare product, x @ W, as the GEMM benchmarks run it.
    String layer = System.getProperty("layer", "relu").equals("plain") ? "identity, bias=false" : "relu";
    Files.writeString(dir.resolve("q.nn"), "network Q {\n weights \"w.safetensors\"\n input x: f32[N, " + k
        + "]\n output l = dense(x, " + n + ", " + layer + ")\n}\n");
    var ir = Passes.optimize(Networks.irOfFile(dir.resolve("q.nn")));
    var options = CompileOptions.builder().tile(System.getProperty("tile", "12x2"))
        .l2Kib(Integer.getInteger("l2", 1 << 20) >> 10).l3Kib(Long.getLong("l3", 32L << 20) >> 10)
        .release(Integer.getInteger("release", 21)).build();
    var gen = Generate.files(ir, "q", options);
    Class<?> type = InMemoryCompiler.compile(gen, QuickGemm.class.getClassLoader()).loadClass("q.Q");
    Object net = type.getMethod("load", Path.class).invoke(null, dir.resolve("w.safetensors"));
    if (args.length > 3) {
      net = type.getMethod("withExecutor", java.util.concurrent.Executor.class).invoke(net, (Object) null);
    }
    Method forward = type.getMethod("forward", float[].class, int.class, float[].class);
    float[] x = new float[rows * k];
    float[] y = new float[rows * n];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    double flops = 2.0 * rows * k * n;
    for (int round = 0; round < 8; round++) {
      int reps = (int) Math.max(1, 2e9 / flops);
      long t0 = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        forward.invoke(net, x, rows, y);
      }
      long t = System.nanoTime() - t0;
      System.out.printf("round %d: %.1f us/forward, %.1f GFLOP/s%n", round, t / 1e3 / reps, flops * reps / t);
    }
  }
}
