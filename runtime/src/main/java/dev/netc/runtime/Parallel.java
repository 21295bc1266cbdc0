package dev.netc.runtime;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
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

  /**
   * Runs {@code other} on the executor and {@code mine} on this thread, and returns when both are
   * done. Allocates a {@link Half} for {@code other}; kernels run on every forward pass use
   * {@link #start} and {@link #join} with a half they reuse.
   */
  public static void fork(Executor executor, Runnable other, Runnable mine) {
    Half half = new Half() {
      @Override
      protected void compute() {
        other.run();
      }
    };
    start(executor, half);
    mine.run();
    join(half);
  }

  /**
   * One half of a split: its work ({@link #compute}) runs exactly once, on whichever thread
   * claims it first, a helper or the caller in {@link #join}. A half is reused from one split
   * to the next, so that handing work over allocates nothing; its subclass holds the work's
   * arguments in fields set before {@link #start}, and drops them in {@link #clear}.
   */
  public abstract static class Half implements Runnable {
    private static final int DONE = 0;
    private static final int PENDING = 1;
    private static final int RUNNING = 2;

    private final AtomicInteger state = new AtomicInteger(DONE);
    /** The caller parked in {@link #join}, if it has given up spinning. */
    private volatile Thread waiter;
    /** What {@link #compute} threw; published by the write of DONE. */
    private Throwable failure;

    /** The work. */
    protected abstract void compute();

    /** Drops references to the work's arguments once it has run, so a reused half keeps nothing alive. */
    protected void clear() {}

    /** Whether this half is free to be started: not started, or finished and joined. */
    public final boolean idle() {
      return state.get() == DONE;
    }

    /** Runs the work unless another thread has claimed it; a stale hand-off finds it claimed and returns. */
    @Override
    public final void run() {
      if (!state.compareAndSet(PENDING, RUNNING)) {
        return;
      }
      try {
        compute();
      } catch (Throwable t) {
        failure = t;
      } finally {
        clear();
        state.set(DONE);
        Thread w = waiter;
        if (w != null) {
          LockSupport.unpark(w);
        }
      }
    }
  }

  /**
   * Hands {@code half}, its arguments set, to {@code executor}: netc's default workers take it
   * without allocating. If the executor refuses it, or every default worker already holds a
   * task, {@link #join} runs it on the caller.
   *
   * @throws IllegalStateException if {@code half} was started and not joined
   */
  public static void start(Executor executor, Half half) {
    if (!half.idle()) {
      throw new IllegalStateException("a half was started again before it was joined");
    }
    half.failure = null;
    half.waiter = null;
    half.state.set(Half.PENDING);
    if (executor == DEFAULT) {
      // False when every worker holds a task already: join runs it on this thread.
      Workers.INSTANCE.offer(half);
    } else if (executor != null) {
      try {
        executor.execute(half);
      } catch (RejectedExecutionException busy) {
        // Run in join, on this thread.
      }
    }
  }

  /**
   * Returns when {@code half} is done: runs it on this thread if no helper has started it (a
   * parked worker takes tens of microseconds to wake on a virtual machine, longer than many a
   * half takes), else spins for it, then parks. Rethrows what the half threw.
   */
  public static void join(Half half) {
    half.run();
    long deadline = System.nanoTime() + CALLER_SPIN_NANOS;
    while (!half.idle() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    if (!half.idle()) {
      boolean interrupted = false;
      half.waiter = Thread.currentThread();
      while (!half.idle()) {
        LockSupport.park(half);
        interrupted |= Thread.interrupted();
      }
      half.waiter = null;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    Throwable failure = half.failure;
    if (failure != null) {
      half.failure = null;
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(failure);
    }
  }

  /**
   * A kernel's range method as generated code hands it over: rows {@code [r0, r1)} by panels
   * {@code [p0, p1)} of {@code x @ w (+ b)} into {@code out} (+ {@code res}), with {@code x},
   * {@code out} and {@code res} starting at {@code xo}, {@code oo} and {@code ro}; the arrays are
   * passed as objects, so that one interface serves every kernel's parameter types.
   */
  @FunctionalInterface
  public interface Range {
    void run(Object x, int xo, Object w, Object b, Object out, int oo, Object res, int ro, int r0, int r1, int p0,
        int p1);
  }

  /** The half a thread reuses for {@link Range}s: at most one is in flight per thread. */
  private static final ThreadLocal<RangeHalf> RANGE_HALVES = ThreadLocal.withInitial(RangeHalf::new);

  /**
   * Starts {@code range} over rows {@code [r0, r1)} and panels {@code [p0, p1)} on {@code
   * executor}, in this thread's reusable half, with the arrays and offsets it is given; the
   * caller runs its own part and then {@link #join}s the returned half. Allocates nothing once
   * this thread has its half.
   */
  public static Half startRange(Executor executor, Range range, Object x, int xo, Object w, Object b, Object out,
      int oo, Object res, int ro, int r0, int r1, int p0, int p1) {
    RangeHalf half = RANGE_HALVES.get();
    if (!half.idle()) {
      half = new RangeHalf(); // A range started inside another's half: never from generated code, but safe.
    }
    half.set(range, x, xo, w, b, out, oo, res, ro, r0, r1, p0, p1);
    start(executor, half);
    return half;
  }

  private static final class RangeHalf extends Half {
    private Range range;
    private Object x;
    private int xo;
    private Object w;
    private Object b;
    private Object out;
    private int oo;
    private Object res;
    private int ro;
    private int r0;
    private int r1;
    private int p0;
    private int p1;

    void set(Range range, Object x, int xo, Object w, Object b, Object out, int oo, Object res, int ro, int r0, int r1,
        int p0, int p1) {
      this.range = range;
      this.x = x;
      this.xo = xo;
      this.w = w;
      this.b = b;
      this.out = out;
      this.oo = oo;
      this.res = res;
      this.ro = ro;
      this.r0 = r0;
      this.r1 = r1;
      this.p0 = p0;
      this.p1 = p1;
    }

    @Override
    protected void compute() {
      range.run(x, xo, w, b, out, oo, res, ro, r0, r1, p0, p1);
    }

    @Override
    protected void clear() {
      range = null;
      x = null;
      w = null;
      b = null;
      out = null;
      res = null;
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
          // A Half keeps its own failure for the caller; nothing else is ever offered.
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
