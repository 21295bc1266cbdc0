package dev.netc.runtime;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splitting one large layer over two threads. A hand-off costs tens of
 * microseconds on a virtual machine, so generated kernels only fork work
 * above a size threshold, and always run half of it on the calling thread.
 * The split never changes a result: every output element is computed by the
 * same sequence of operations whichever thread computes it.
 */
public final class Parallel {
  private Parallel() {}

  /**
   * Multiply-adds below which a layer is never split: about 0.3 ms of work at the
   * machine's peak, several times the cost of a hand-off measured on a 2-core
   * virtual machine (about 55 us median, 120 us at p90).
   */
  public static final long THRESHOLD = 1L << 25;

  /** The default pool, created on first use: one daemon worker per core beyond the caller's. */
  public static final Executor DEFAULT = command -> Pool.INSTANCE.execute(command);

  private static final class Pool {
    static final ExecutorService INSTANCE = create();

    private static ExecutorService create() {
      AtomicInteger count = new AtomicInteger();
      int workers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
      return Executors.newFixedThreadPool(workers, r -> {
        Thread t = new Thread(r, "netc-worker-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
  }

  /**
   * Weights (floats) from which a single-row product is split by columns: 4 MB take
   * over 100 us to stream from memory, while each core streams only part of the
   * machine's bandwidth, so two cores reading half each finish sooner.
   */
  public static final long GEMV_THRESHOLD = 1L << 20;

  private static final boolean MANY_CORES = Runtime.getRuntime().availableProcessors() > 1;

  /** Whether a {@code rows x k} by {@code k x n} product is worth splitting over {@code executor}. */
  public static boolean worthSplitting(Executor executor, int rows, long k, long n) {
    if (executor == null || !MANY_CORES) {
      return false;
    }
    return rows == 1 ? k * n >= GEMV_THRESHOLD : rows * k * n >= THRESHOLD;
  }

  /** Runs {@code other} on the executor and {@code mine} on this thread, and returns when both are done. */
  public static void fork(Executor executor, Runnable other, Runnable mine) {
    FutureTask<Void> task = new FutureTask<>(other, null);
    try {
      executor.execute(task);
    } catch (RejectedExecutionException busy) {
      task.run();
    }
    mine.run();
    try {
      task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a worker finished its half of a layer", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
