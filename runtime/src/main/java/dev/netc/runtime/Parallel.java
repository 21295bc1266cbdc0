package dev.netc.runtime;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splitting one large layer over two threads. Generated kernels fork work only
 * above a size threshold, and always run half of it on the calling thread. The
 * split never changes a result: every output element is computed by the same
 * sequence of operations whichever thread computes it.
 *
 * <p>Waking a parked thread costs tens of microseconds on a virtual machine (about
 * 55 us median, 120 us at p90, measured on a 2-core one), as long as a small layer
 * takes. So netc's default workers spin for a while after each task before they
 * park, and the caller spins briefly for its helper's half: within a forward pass,
 * where layers follow each other microseconds apart, a hand-off costs about a
 * microsecond. A caller that finishes its half before a helper has started the
 * other (a parked worker still waking) runs that half too, so a fork never waits
 * for a thread to wake. A caller's own {@code Executor} gets the higher threshold.
 */
public final class Parallel {
  private Parallel() {}

  /**
   * Multiply-adds below which a layer is never split over a caller's executor:
   * about 0.3 ms of work at the machine's peak, several times the cost of waking a
   * parked thread.
   */
  public static final long THRESHOLD = 1L << 25;

  /**
   * Multiply-adds below which a layer is never split over netc's default workers:
   * about 30 us of work at the machine's peak, where a spinning worker's hand-off
   * is a few percent of it.
   */
  public static final long DEFAULT_THRESHOLD = 1L << 21;

  /**
   * Weights (floats) from which a single-row product is split by columns: 4 MB take
   * over 100 us to stream from memory, while each core streams only part of the
   * machine's bandwidth, so two cores reading half each finish sooner.
   */
  public static final long GEMV_THRESHOLD = 1L << 20;

  /** How long a default worker spins for its next task before it parks. */
  static final long WORKER_SPIN_NANOS = 200_000;

  /** How long a caller spins for its helper's half before it blocks. */
  static final long CALLER_SPIN_NANOS = 2_000_000;

  /**
   * The default executor: one daemon worker per core beyond the caller's, each
   * holding at most one task not yet started. A task that finds every worker with
   * one waiting (several threads are in forward passes at once) is rejected, and
   * {@link #fork} runs it on the caller.
   */
  public static final Executor DEFAULT = command -> {
    if (!Workers.INSTANCE.offer(command)) {
      throw new RejectedExecutionException("every netc worker already holds a task");
    }
  };

  private static final boolean MANY_CORES = Runtime.getRuntime().availableProcessors() > 1;

  /** Whether a {@code rows x k} by {@code k x n} product is worth splitting over {@code executor}. */
  public static boolean worthSplitting(Executor executor, int rows, long k, long n) {
    if (executor == null || !MANY_CORES) {
      return false;
    }
    if (rows == 1) {
      return k * n >= GEMV_THRESHOLD;
    }
    return rows * k * n >= (executor == DEFAULT ? DEFAULT_THRESHOLD : THRESHOLD);
  }

  /** Runs {@code other} on the executor and {@code mine} on this thread, and returns when both are done. */
  public static void fork(Executor executor, Runnable other, Runnable mine) {
    FutureTask<Void> task = new FutureTask<>(other, null);
    if (executor == DEFAULT) {
      // False when every worker holds a task already: this thread runs both halves, below.
      Workers.INSTANCE.offer(task);
    } else {
      try {
        executor.execute(task);
      } catch (RejectedExecutionException busy) {
        // Run below, on this thread.
      }
    }
    mine.run();
    // The other half too, if no worker has started it yet (FutureTask runs once): a parked worker takes
    // hundreds of microseconds to wake on a virtual machine, longer than many a half takes.
    task.run();
    long deadline = System.nanoTime() + CALLER_SPIN_NANOS;
    while (!task.isDone() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
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

  /** The default workers, started on first use. */
  private static final class Workers {
    static final Workers INSTANCE = new Workers(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));

    private final Worker[] workers;

    private Workers(int count) {
      workers = new Worker[count];
      for (int i = 0; i < count; i++) {
        workers[i] = new Worker("netc-worker-" + (i + 1));
        workers[i].start();
      }
    }

    /** Hands {@code task} to a worker without one waiting; false if every worker has one. */
    boolean offer(Runnable task) {
      for (Worker w : workers) {
        if (w.offer(task)) {
          return true;
        }
      }
      return false;
    }
  }

  /** A thread with a one-task slot: it spins on the slot for a while after each task, then parks. */
  private static final class Worker extends Thread {
    /** The task offered and not yet taken: an offer finds it empty or is refused. */
    private final AtomicReference<Runnable> slot = new AtomicReference<>();
    private volatile boolean parked;

    Worker(String name) {
      super(name);
      setDaemon(true);
    }

    boolean offer(Runnable task) {
      if (!slot.compareAndSet(null, task)) {
        return false;
      }
      if (parked) {
        LockSupport.unpark(this);
      }
      return true;
    }

    @Override
    public void run() {
      while (true) {
        Runnable task = take();
        try {
          task.run();
        } catch (Throwable ignored) {
          // A FutureTask keeps its own failure for the caller; nothing else is ever offered.
        }
      }
    }

    private Runnable take() {
      long deadline = System.nanoTime() + WORKER_SPIN_NANOS;
      while (true) {
        Runnable task = slot.getAndSet(null);
        if (task != null) {
          return task;
        }
        if (System.nanoTime() < deadline) {
          Thread.onSpinWait();
          continue;
        }
        // Announce the park, then look once more: an offer either sees `parked` and
        // unparks, or stored its task before this second look finds it.
        parked = true;
        task = slot.getAndSet(null);
        if (task == null) {
          LockSupport.park(this);
        }
        parked = false;
        if (task != null) {
          return task;
        }
        deadline = System.nanoTime() + WORKER_SPIN_NANOS;
      }
    }
  }
}
