package dev.netc.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.netc.compiler.passes.Passes;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The factories' warm-up: once {@code load} returns, the network's forward passes run compiled
 * code, so they allocate nothing from the second call on (an interpreted or C1-compiled Vector
 * API operation allocates its result; the first call allocates the thread's scratch buffers).
 * The rest of the build turns the warm-up off ({@code -Dnetc.warmup=false}); this test turns it
 * back on.
 */
@DisplayName("load() warms the kernels up")
class WarmUpTest {
  private static final Path SAMPLES = Path.of(System.getProperty("netc.samples", "../samples"));

  private String warmUp;
  private String millis;

  @BeforeEach
  void turnOn() {
    warmUp = System.setProperty("netc.warmup", "true");
    // Far beyond what it takes (about a second per network); a slow machine fails only by timing out.
    millis = System.setProperty("netc.warmup.millis", "60000");
  }

  @AfterEach
  void restore() {
    restore("netc.warmup", warmUp);
    restore("netc.warmup.millis", millis);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  @ParameterizedTest(name = "{0}, generated for Java {1}")
  @CsvSource({"mlp, Mlp, 21", "mlp, Mlp, 22", "transformer_encoder, EncoderBlock, 21",
      "transformer_encoder, EncoderBlock, 22"})
  @DisplayName("the second forward pass after load() allocates nothing, at many rows and at one, and the warm-up "
      + "leaves the weights as they were")
  void secondCallRunsCompiledCode(String sample, String network, int release) throws Throwable {
    String pkg = "wu" + sample.replace("_", "") + release;
    var generated = Generate.files(Passes.optimize(Networks.irOfFile(SAMPLES.resolve(sample + ".nn"))), pkg, release);
    Class<?> type = InMemoryCompiler.compile(generated, getClass().getClassLoader()).loadClass(pkg + "." + network);
    Method load = type.getMethod("load", Path.class);
    Path weights = SAMPLES.resolve(sample + ".safetensors");

    Object warmed = load.invoke(null, weights);
    Forward forward = Forward.of(type, network);
    Random random = new Random(3);
    float[][] big = forward.inputs(random, 30);
    float[][] one = forward.inputs(random, 1);
    float[] bigOut = new float[forward.outputLength(30)];
    float[] oneOut = new float[forward.outputLength(1)];
    forward.call(warmed, big, 30, bigOut);
    forward.call(warmed, one, 1, oneOut);

    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    forward.call(warmed, big, 30, bigOut);
    forward.call(warmed, one, 1, oneOut);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated).as("bytes the second forward passes at 30 rows and at one allocated").isZero();

    // A second instance of the same class is not warmed up again (its kernels are): its results
    // come from weights the warm-up never ran on.
    Object fresh = load.invoke(null, weights);
    float[] bigFresh = new float[bigOut.length];
    float[] oneFresh = new float[oneOut.length];
    forward.call(fresh, big, 30, bigFresh);
    forward.call(fresh, one, 1, oneFresh);
    assertThat(bigOut).containsExactly(bigFresh);
    assertThat(oneOut).containsExactly(oneFresh);
  }

  /** The samples' {@code forward} into a caller's array: the MLP's {@code (x, n, y)}, the encoder's {@code (x, mask, n, t, y)}. */
  private record Forward(MethodHandle handle, boolean encoder) {
    /** The encoder's sequence length: shorter than a vector, so attention runs its masked tails. */
    private static final int T = 7;

    static Forward of(Class<?> type, String network) throws ReflectiveOperationException {
      boolean encoder = network.equals("EncoderBlock");
      Method m = encoder
          ? type.getMethod("forward", float[].class, float[].class, int.class, int.class, float[].class)
          : type.getMethod("forward", float[].class, int.class, float[].class);
      return new Forward(MethodHandles.publicLookup().unreflect(m), encoder);
    }

    float[][] inputs(Random random, int rows) {
      if (encoder) {
        float[] mask = new float[T * T];
        for (int q = 0; q < T; q++) {
          Arrays.fill(mask, q * T + q + 1, (q + 1) * T, -1e9f); // causal
        }
        return new float[][] {gaussian(random, rows * T * 64), mask};
      }
      return new float[][] {gaussian(random, rows * 784)};
    }

    int outputLength(int rows) {
      return encoder ? rows * T * 64 : rows * 10;
    }

    void call(Object net, float[][] in, int rows, float[] out) throws Throwable {
      if (encoder) {
        handle.invoke(net, in[0], in[1], rows, T, out);
      } else {
        handle.invoke(net, in[0], rows, out);
      }
    }
  }

  private static float[] gaussian(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
