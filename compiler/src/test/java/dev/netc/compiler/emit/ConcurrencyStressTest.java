package dev.netc.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.passes.Passes;
import dev.netc.runtime.weights.SafetensorsWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One network instance shared by eight threads, as a server shares it among request threads:
 * every thread runs its own inputs at random batch sizes 1 to 64, and every result must equal,
 * bit for bit, what the same input gives alone on one thread ({@code withExecutor(null)}, computed
 * before the threads start). Kernels split their rows, panels or heads over the pool meanwhile:
 * a result that mixed another request's rows, or lost a half, shows as a mismatch; a deadlock as
 * the watchdog's failure, with every thread's stack, instead of a hung build.
 *
 * <p>Three networks: the MLP and the encoder samples, and a wide MLP whose 1024 x 1024 layer
 * splits at every batch size (by rows, by panels, and a one-row product by columns). Three ways to
 * run them: netc's default pool; a caller's {@code Executor} that is saturated (its one thread
 * blocked, its queue full, so it refuses every half and the caller runs it); and the default pool
 * while another thread interrupts the callers at random (a call completes, since kernels never
 * wait interruptibly, and the next call on that thread is right too).
 *
 * <p>{@code -Dnetc.stress.passes=N} sets the forward passes per thread and network (default 100,
 * so that {@code verify} stays short; the figures in docs/robustness.md are from longer runs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyStressTest {
  private static final Path SAMPLES = Path.of(System.getProperty("netc.samples", "../samples"));
  private static final int THREADS = 8;
  private static final int PASSES = Integer.getInteger("netc.stress.passes", 100);
  /** Distinct inputs per thread, cycled through; each with its single-thread result. */
  private static final int CASES = 8;
  private static final long WATCHDOG_SECONDS = 600;

  @TempDir static Path dir;

  private final List<Net> nets = new ArrayList<>();
  private ThreadPoolExecutor saturated;
  private final CountDownLatch release = new CountDownLatch(1);

  /** A compiled network: its shared instance, its allocating forward, and how to make inputs. */
  private record Net(String name, Class<?> type, Object shared, Method forward, int[] inputWidths, boolean seq) {
    /** The arguments of one call at {@code batch} rows: inputs, then the run-time dimensions. */
    Object[] arguments(Random random, int batch) {
      int t = 8; // the encoder's sequence length
      List<Object> args = new ArrayList<>();
      for (int width : inputWidths) {
        int length = width < 0 ? t * t : (seq ? batch * t * width : batch * width);
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
          x[i] = width < 0 ? (i % t <= i / t ? 0f : -1e9f) : (float) random.nextGaussian();
        }
        args.add(x);
      }
      args.add(batch);
      if (seq) {
        args.add(t);
      }
      return args.toArray();
    }

    Object with(Executor executor) throws ReflectiveOperationException {
      return type.getMethod("withExecutor", Executor.class).invoke(shared, executor);
    }

    float[] run(Object instance, Object[] args) throws Throwable {
      try {
        return (float[]) forward.invoke(instance, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  /** One input of one thread and what it gives alone. */
  private record Case(Object[] args, float[] expected) {}

  @BeforeAll
  void compile() throws Exception {
    nets.add(net("mlp", SAMPLES.resolve("mlp.nn"), new int[] {784}, false));
    nets.add(net("encoder", SAMPLES.resolve("transformer_encoder.nn"), new int[] {64, -1}, true));
    Random random = new Random(16);
    int d = 1024;
    new SafetensorsWriter()
        .add("W1", gaussian(random, 256 * d, 0.06f), 256, d).add("b1", gaussian(random, d, 0.1f), d)
        .add("W2", gaussian(random, d * d, 0.03f), d, d).add("b2", gaussian(random, d, 0.1f), d)
        .add("W3", gaussian(random, d * 10, 0.03f), d, 10)
        .write(dir.resolve("wide.safetensors"));
    Files.writeString(dir.resolve("wide.nn"), """
        network Wide {
          weights "wide.safetensors"
          input x: f32[N, 256]
          param W1: f32[256, 1024]
          param b1: f32[1024]
          param W2: f32[1024, 1024]
          param b2: f32[1024]
          param W3: f32[1024, 10]
          h1 = relu(x @ W1 + b1)
          h2 = gelu(h1 @ W2 + b2)
          output y = softmax(h2 @ W3)
        }
        """);
    nets.add(net("wide", dir.resolve("wide.nn"), new int[] {256}, false));
    // A caller's executor with no room: its one thread waits for the end of the test, its queue
    // holds one task, so every half offered to it is refused and runs on the caller.
    saturated = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
    saturated.execute(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    saturated.execute(() -> { });
  }

  @AfterAll
  void stop() {
    release.countDown();
    saturated.shutdown();
  }

  @Test
  @DisplayName("8 threads share each network on netc's default pool, every result bit for bit as alone")
  void sharedOnTheDefaultPool() throws Throwable {
    stress(null, false);
  }

  @Test
  @DisplayName("8 threads share each network over a saturated caller's executor, every result as alone")
  void sharedOverASaturatedExecutor() throws Throwable {
    stress(saturated, false);
  }

  @Test
  @DisplayName("callers interrupted mid-call complete it, and their next call is right")
  void interruptedCallers() throws Throwable {
    stress(null, true);
  }

  /**
   * Runs every network from {@link #THREADS} threads at once, sharing one instance ({@code
   * executor} when given), and checks every result against its single-thread one.
   */
  private void stress(Executor executor, boolean interrupt) throws Throwable {
    for (Net net : nets) {
      Object shared = executor == null ? net.shared() : net.with(executor);
      Object alone = net.with(null);
      List<List<Object[]>> inputs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Random random = new Random(1000L * t + net.name().hashCode());
        List<Object[]> mine = new ArrayList<>();
        for (int c = 0; c < CASES; c++) {
          mine.add(net.arguments(random, 1 + random.nextInt(64)));
        }
        inputs.add(mine);
      }
      List<List<Case>> cases = referenceResults(net, shared, alone, inputs);
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      AtomicLong passes = new AtomicLong();
      AtomicLong interrupted = new AtomicLong();
      AtomicBoolean go = new AtomicBoolean();
      CountDownLatch done = new CountDownLatch(THREADS);
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        List<Case> mine = cases.get(t);
        Thread caller = new Thread(() -> {
          try {
            while (!go.get()) {
              Thread.onSpinWait(); // not await(): the interrupter may already be at work
            }
            for (int p = 0; p < PASSES && failures.isEmpty(); p++) {
              Case c = mine.get(p % CASES);
              float[] got;
              try {
                got = net.run(shared, c.args());
              } finally {
                if (Thread.interrupted()) {
                  interrupted.incrementAndGet();
                }
              }
              passes.incrementAndGet();
              int at = firstDifference(got, c.expected());
              if (at >= 0) {
                failures.add(net.name() + " on " + Thread.currentThread().getName() + ", pass " + p + " at batch "
                    + c.args()[net.inputWidths().length] + ": element " + at + " is " + got[at] + ", alone "
                    + c.expected()[at]);
              }
            }
          } catch (Throwable e) {
            failures.add(net.name() + " on " + Thread.currentThread().getName() + ": " + e);
          } finally {
            done.countDown();
          }
        }, "stress-" + net.name() + "-" + t);
        caller.setDaemon(true); // a deadlocked caller must not keep the test JVM alive
        callers.add(caller);
        caller.start();
      }
      AtomicBoolean running = new AtomicBoolean(true);
      Thread interrupter = new Thread(() -> {
        Random random = new Random(7);
        while (running.get()) {
          callers.get(random.nextInt(THREADS)).interrupt();
          try {
            Thread.sleep(0, 200_000);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "stress-interrupter");
      interrupter.setDaemon(true);
      if (interrupt) {
        interrupter.start();
      }
      go.set(true);
      boolean finished = done.await(WATCHDOG_SECONDS, TimeUnit.SECONDS);
      running.set(false);
      assertThat(finished).as("%s: threads still running after %d s (deadlock or lost half?):%n%s", net.name(),
          WATCHDOG_SECONDS, stacks()).isTrue();
      assertThat(failures).as(net.name()).isEmpty();
      assertThat(passes.get()).as(net.name()).isEqualTo((long) THREADS * PASSES);
      if (interrupt) {
        assertThat(interrupted.get()).as("calls interrupted on %s", net.name()).isPositive();
      }
    }
  }

  /**
   * What every input gives alone, once the kernels are compiled. Until C2 has compiled a kernel, its
   * Vector API exponentials run as {@code Math.exp} per lane and its sums of lanes in another order
   * than the compiled code's (both are left to the implementation), so a result can differ in its
   * last bit between a cold and a warm JVM, on one thread as on eight: docs/robustness.md. The
   * inputs are run, single-threaded, through both instances until two rounds in a row give the
   * same bits, which compiles every kernel the threads will call.
   */
  private static List<List<Case>> referenceResults(Net net, Object shared, Object alone,
      List<List<Object[]>> inputs) throws Throwable {
    List<List<float[]>> previous = null;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (int round = 0; ; round++) {
      List<List<float[]>> results = new ArrayList<>();
      for (List<Object[]> mine : inputs) {
        List<float[]> out = new ArrayList<>();
        for (Object[] args : mine) {
          net.run(shared, args);
          out.add(net.run(alone, args));
        }
        results.add(out);
      }
      if (round >= 10 && sameBits(previous, results) || System.nanoTime() > until) {
        List<List<Case>> cases = new ArrayList<>();
        for (int t = 0; t < inputs.size(); t++) {
          List<Case> mine = new ArrayList<>();
          for (int c = 0; c < inputs.get(t).size(); c++) {
            mine.add(new Case(inputs.get(t).get(c), results.get(t).get(c)));
          }
          cases.add(mine);
        }
        return cases;
      }
      previous = results;
    }
  }

  private static boolean sameBits(List<List<float[]>> a, List<List<float[]>> b) {
    if (a == null) {
      return false;
    }
    for (int t = 0; t < a.size(); t++) {
      for (int c = 0; c < a.get(t).size(); c++) {
        if (firstDifference(a.get(t).get(c), b.get(t).get(c)) >= 0) {
          return false;
        }
      }
    }
    return true;
  }

  private Net net(String name, Path spec, int[] inputWidths, boolean seq) throws Exception {
    var generated = Generate.files(Passes.optimize(Networks.irOfFile(spec)), "stress." + name);
    Class<?> type = InMemoryCompiler.compile(generated, getClass().getClassLoader())
        .loadClass("stress." + name + "." + Networks.irOfFile(spec).name());
    Object shared = type.getMethod("fromResource").invoke(null);
    int params = inputWidths.length + (seq ? 2 : 1);
    Method forward = Arrays.stream(type.getMethods())
        .filter(m -> m.getName().equals("forward") && m.getReturnType() == float[].class
            && m.getParameterCount() == params)
        .findFirst().orElseThrow();
    return new Net(name, type, shared, forward, inputWidths, seq);
  }

  /** The first index where the bits differ, or -1. */
  private static int firstDifference(float[] got, float[] expected) {
    if (got.length != expected.length) {
      return 0;
    }
    for (int i = 0; i < got.length; i++) {
      if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(expected[i])) {
        return i;
      }
    }
    return -1;
  }

  private static String stacks() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getName().startsWith("stress-") || e.getKey().getName().startsWith("netc-"))
        .map(e -> e.getKey().getName() + "\n  " + Arrays.stream(e.getValue()).map(Object::toString)
            .collect(Collectors.joining("\n  ")))
        .collect(Collectors.joining("\n"));
  }

  private static float[] gaussian(Random random, int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian() * scale;
    }
    return v;
  }
}
