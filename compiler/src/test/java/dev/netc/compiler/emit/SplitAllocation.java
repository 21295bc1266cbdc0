package dev.netc.compiler.emit;

import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.passes.Passes;
import dev.netc.runtime.weights.SafetensorsWriter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * A probe, not a test: {@code SplitAllocation DIR [single]} runs a network whose dense layer and
 * attention split over netc's default workers (by rows, by panels, a one-row GEMV, and heads),
 * generated for Java 21 and for Java 22, until 500 rounds of forward passes allocate nothing on
 * the caller and the workers, or a minute has passed, and prints {@code Java N: B bytes} for the
 * last 500 rounds ({@code single}: on the calling thread only; {@code -Ddiag} prints each window;
 * {@code -Donly=dense} or {@code -Donly=attention} keeps one of the two).
 *
 * <p>Kept as the probe of a problem it found: in about one fresh JVM in five the split kernels
 * kept allocating boxed vectors for over a minute, 2 to 100 KB per round, while the same network
 * on one thread, and the hand-off itself ({@code ParallelTest}), allocated nothing. The cause was
 * a second float species (256-bit GEMV loads beside 512-bit tiles), which made the Vector API's
 * shared call sites bimorphic; C2 code compiled from such a profile boxed the vectors of small
 * tiles inlined into their range. With one species: 0 bytes in 12 runs. {@link
 * SplitAllocationTest} runs it in three fresh JVMs in every build. Run it with {@code
 * -Dnetc.warmup=false} to watch the kernels warm up on real calls.
 */
final class SplitAllocation {
  private SplitAllocation() {}

  public static void main(String[] args) throws Throwable {
    Path dir = Path.of(args[0]);
    Random random = new Random(9);
    int d = 1024;
    new SafetensorsWriter().add("big.weight", gaussian(random, d * d), d, d).add("big.bias", gaussian(random, d), d)
        .write(dir.resolve("split.safetensors"));
    Path spec = dir.resolve("split.nn");
    Files.writeString(spec, """
        network Split {
          weights "split.safetensors"
          input x: f32[N, 1024]
          input q: f32[B, 4, 128, 64]
          input k: f32[B, 4, 128, 64]
          input v: f32[B, 4, 128, 64]
          output big = dense(x, 1024, relu)
          output a = scaled_dot_product_attention(q, k, v)
        }
        """.replace(System.getProperty("only", "none").equals("dense") ? "scaled_dot_product_attention(q, k, v)" : "@@",
            "q * 2").replace(System.getProperty("only", "none").equals("attention") ? "dense(x, 1024, relu)" : "@@",
            "x * 2"));
    for (int release : new int[] {CompileOptions.MIN_RELEASE, CompileOptions.OFF_HEAP_RELEASE}) {
      var generated = Generate.files(Passes.optimize(Networks.irOfFile(spec)), "sp" + release, release);
      Class<?> type = InMemoryCompiler.compile(generated, SplitAllocation.class.getClassLoader())
          .loadClass("sp" + release + ".Split");
      Object loaded = type.getMethod("load", Path.class).invoke(null, dir.resolve("split.safetensors"));
      Object net = args.length > 1
          ? type.getMethod("withExecutor", java.util.concurrent.Executor.class).invoke(loaded, (Object) null) : loaded;
      Method method = Arrays.stream(type.getMethods())
          .filter(m -> m.getName().equals("forward") && m.getReturnType() == void.class && m.getParameterCount() == 8)
          .findFirst().orElseThrow();
      MethodHandle forward = MethodHandles.publicLookup().unreflect(method)
          .asType(MethodType.methodType(void.class, Object.class, float[].class, float[].class, float[].class,
              float[].class, int.class, int.class, float[].class, float[].class));
      // 64 rows split by rows, 30 by panels, one row (1 M weights) by panels; 4 heads split in two.
      int[] batches = {64, 30, 1};
      float[][][] buffers = new float[batches.length][][];
      int heads = 4 * 128 * 64;
      for (int i = 0; i < batches.length; i++) {
        int rows = batches[i];
        buffers[i] = new float[][] {gaussian(random, rows * d), gaussian(random, heads), gaussian(random, heads),
            gaussian(random, heads), new float[rows * d], new float[heads]};
      }
      long bytes = allocatedAfterWarmUp(() -> {
        for (int i = 0; i < batches.length; i++) {
          float[][] b = buffers[i];
          forward.invokeExact(net, b[0], b[1], b[2], b[3], batches[i], 1, b[4], b[5]);
        }
      });
      System.out.println("Java " + release + ": " + bytes + " bytes");
    }
  }

  /** Bytes 500 rounds allocate on this thread and netc's workers, once that is none or after a minute. */
  private static long allocatedAfterWarmUp(Allocations.Round round) throws Throwable {
    round.run(); // starts the workers
    long[] ids = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t == Thread.currentThread() || t.getName().startsWith("netc-worker-"))
        .mapToLong(Thread::threadId).toArray();
    return Allocations.untilNone(round, ids, System.getProperty("diag") != null);
  }

  private static float[] gaussian(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian() * 0.3f;
    }
    return v;
  }
}
