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
 * for a thread to wake. A kernel's product is shared finer than in halves ({@link
 * #shareRows}, {@link #sharePanels}): cut into up to {@value #MAX_CHUNKS} chunks that the
 * caller claims from the first and the helper from the last, so a helper that starts late
 * takes only what the caller has not reached, and the caller waits for at most the chunk the
 * helper is computing. A caller's own {@code Executor} gets the higher threshold.
 *
 * <p>On a machine whose cores are shared with other busy processes, a worker may take its half
 * and then lose its core for a scheduler time slice (milliseconds) while the caller waits, or
 * not get a core before the caller has done both halves, all the while spinning on a core the
 * caller could use: two threads then ran 1.5 to 4 times slower than one. So the caller notes
 * each slow fork: one whose helper finished well after the caller's own half, or whose other
 * half no worker had started when the caller was done with its own, though offered to a
 * spinning worker or refused by workers that all still held one (a parked worker still waking
 * up says nothing about the machine). An idle virtual machine has slow forks too, a few in a
 * thousand (short stalls), so one slow fork says little; a busy machine has them all the time,
 * even between good ones. So the caller keeps a moving average of how many recent forks were slow,
 * and a slow fork that takes it to {@link #BUSY_SHARE} turns splits over netc's default workers
 * off for a while ({@link #worthSplitting} says no, and the workers park) and leaves a quarter of
 * the average: {@value #MIN_BACK_OFF_MILLIS} ms, doubling with each back-off up to {@value
 * #MAX_BACK_OFF_MILLIS} ms until good forks bring the average below {@link #FREE_SHARE};
 * {@value #GOOD_IN_A_ROW} good forks in a row clear it. The caller
 * also yields its core after a short spin, so that a helper waiting for that core gets it.
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

  /**
   * How long a parked worker may take to wake before an offer it refuses meanwhile counts as a slow
   * fork: waking took 55 us at the median and 120 us at p90 on an idle 2-core virtual machine;
   * waiting for a core that another process holds takes a scheduler time slice, milliseconds.
   */
  static final long SLOW_WAKE_NANOS = 500_000;

  /** How long a caller spins for its helper's half before it yields its core between looks. */
  static final long CALLER_SPIN_NANOS = 50_000;

  /** How long a caller yields between looks for its helper's half before it blocks. */
  static final long CALLER_YIELD_NANOS = 2_000_000;

  /**
   * A fork is slow when the caller, done with its own half, waits for the helper's longer than
   * this and than half of its own half's time: halves are equal work, so a helper that runs
   * keeps up with the caller to within a few microseconds.
   */
  static final long SLOW_WAIT_NANOS = 50_000;

  /**
   * Forks over which {@link BackOff} averages how many were slow: each fork moves the average by
   * one part in this many toward 1 (slow) or 0 (good).
   */
  static final int RECENT_FORKS = 32;

  /**
   * The share of recent forks slow enough to say the cores are taken: on a 2-core machine beside
   * a busy process a quarter of the forks were slow (a helper that had not started, or lost its
   * core), on the same machine idle a few in a thousand (a short stall of the virtual machine).
   * From an idle average it takes five slow forks in a row.
   */
  static final float BUSY_SHARE = 1 / 8f;

  /**
   * What a back-off leaves of the share of slow forks: a machine that has become free again while
   * the workers were held back must not be judged by the slow forks that started the back-off
   * (with the whole share kept, one slow fork among the first after it, a worker still getting
   * its core back, started the next, and two threads stayed held back for seconds).
   */
  static final float AFTER_BACK_OFF = 1 / 4f;

  /**
   * The share of recent forks below which the cores count as free again, and a back-off starts
   * short: from a quarter of a busy share, about thirty good forks in a row.
   */
  static final float FREE_SHARE = 1 / 64f;

  /**
   * Good forks in a row that clear the share of slow forks: beside a busy process, where a quarter
   * of the forks are slow, one in a hundred runs of forks is this long; on a machine that is
   * only noisy, most are.
   */
  static final int GOOD_IN_A_ROW = 16;

  /** The first back-off; each one that follows while the cores still look busy doubles it. */
  static final long MIN_BACK_OFF_MILLIS = 10;

  /** The longest back-off: how long a machine that has become idle again may wait to split again. */
  static final long MAX_BACK_OFF_MILLIS = 640;

  /**
   * The default executor: one daemon worker per core beyond the caller's, each
   * holding at most one task not yet started. A task that finds every worker with
   * one waiting (several threads are in forward passes at once) is rejected, and
   * {@link #fork} runs it on the caller.
   */
  public static final Executor DEFAULT = command -> {
    if (Workers.INSTANCE.offer(command) == Workers.REFUSED) {
      throw new RejectedExecutionException("every netc worker already holds a task");
    }
  };

  private static final boolean MANY_CORES = Runtime.getRuntime().availableProcessors() > 1;

  /** Whether a {@code rows x k} by {@code k x n} product is worth splitting over {@code executor}. */
  public static boolean worthSplitting(Executor executor, int rows, long k, long n) {
    if (executor == null || !MANY_CORES) {
      return false;
    }
    boolean large = rows == 1
        ? k * n >= GEMV_THRESHOLD
        : rows * k * n >= (executor == DEFAULT ? DEFAULT_THRESHOLD : THRESHOLD);
    return large && (executor != DEFAULT || !BackOff.active());
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
    /** When the caller began its own half, for {@link BackOff}; 0 when not on netc's default workers. */
    private long startedAt;
    /**
     * Whether it was handed to a parked worker, which takes tens of microseconds to wake, or
     * refused by one still waking with an earlier task in its slot.
     */
    private boolean toParked;

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
      runHere();
    }

    /** Runs the work if no other thread has claimed it; whether it did. */
    private boolean runHere() {
      if (!state.compareAndSet(PENDING, RUNNING)) {
        return false;
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
      return true;
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
    half.startedAt = 0;
    half.state.set(Half.PENDING);
    if (executor == DEFAULT) {
      // Refused when every worker holds a task already: join runs it on this thread.
      int given = Workers.INSTANCE.offer(half);
      half.toParked = given == Workers.TO_PARKED || given == Workers.WAKING;
      half.startedAt = System.nanoTime(); // After the offer: the caller's own half starts now.
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
    long mineDone = System.nanoTime();
    boolean helped = !half.runHere();
    long spinUntil = mineDone + CALLER_SPIN_NANOS;
    long yieldUntil = mineDone + CALLER_YIELD_NANOS;
    for (long now = mineDone; !half.idle() && now < yieldUntil; now = System.nanoTime()) {
      if (now < spinUntil) {
        Thread.onSpinWait();
      } else {
        Thread.yield(); // A helper that waits for a core, maybe this one, gets it.
      }
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
    if (half.startedAt != 0) {
      BackOff.note(helped, half.toParked, mineDone - half.startedAt, System.nanoTime() - mineDone);
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

  /**
   * Multiply-adds in a chunk of a shared product of several rows: about 20 us of work at the
   * machine's peak, so that claiming a chunk (one compare-and-set on a line both threads touch)
   * costs well under 1% of it.
   */
  static final long CHUNK_MULTIPLY_ADDS = 1L << 20;

  /**
   * Weights in a chunk of a shared single-row product: 1 MB of floats, about 50 us to stream from
   * memory on one core.
   */
  static final long CHUNK_WEIGHTS = 1L << 18;

  /**
   * The most chunks a product is cut into: a helper that starts late, or not at all, leaves the
   * caller waiting for at most one chunk (a sixteenth of the work), not for half of it.
   */
  static final int MAX_CHUNKS = 16;

  /** The shared range a thread reuses: at most one is in flight per thread. */
  private static final ThreadLocal<SharedRange> SHARED_RANGES = ThreadLocal.withInitial(SharedRange::new);

  /**
   * Runs {@code range} over rows {@code [0, rows)} (every panel of {@code [0, panels)}) with a
   * helper from {@code executor}: the rows are cut into chunks of whole tiles of {@code tileRows},
   * the last one taking what is left; this thread claims chunks from the first, the helper from
   * the last, until they meet. When both threads run, each computes about half, in one
   * contiguous part, as a split in halves would; when the helper starts late, or never, this
   * thread takes the chunks it has not reached and waits for at most the one it is computing.
   * Allocates nothing once this thread has its shared range.
   *
   * @param tileRows the kernel's tile height: chunks hold whole tiles, so the rows are tiled as
   *     one call over all of them tiles them, and every result is the same bit for bit
   * @param k the product's inner size, for the chunk count
   * @param n its columns, for the chunk count
   */
  public static void shareRows(Executor executor, Range range, Object x, int xo, Object w, Object b, Object out,
      int oo, Object res, int ro, int rows, int panels, int tileRows, long k, long n) {
    int tiles = Math.max(1, rows / tileRows);
    int chunkTiles = ceilDiv(tiles, chunkCount((long) rows * k * n / CHUNK_MULTIPLY_ADDS));
    share(executor, range, x, xo, w, b, out, oo, res, ro, rows, panels, true, chunkTiles * tileRows,
        Math.max(1, tiles / chunkTiles));
  }

  /**
   * Runs {@code range} over panels {@code [0, panels)} (all {@code rows} rows each) with a helper
   * from {@code executor}, in chunks of panels claimed from either end as in {@link #shareRows}:
   * for one row, or few, or a weight read from memory, where each thread then streams its own
   * part of the weight.
   *
   * @param k the product's inner size, for the chunk count
   * @param n its columns, for the chunk count
   */
  public static void sharePanels(Executor executor, Range range, Object x, int xo, Object w, Object b, Object out,
      int oo, Object res, int ro, int rows, int panels, long k, long n) {
    long work = rows == 1 ? k * n / CHUNK_WEIGHTS : (long) rows * k * n / CHUNK_MULTIPLY_ADDS;
    int step = ceilDiv(panels, chunkCount(work));
    share(executor, range, x, xo, w, b, out, oo, res, ro, rows, panels, false, step, ceilDiv(panels, step));
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** Chunks for {@code units} chunk-sized units of work: two at least (one for each thread), at most {@link #MAX_CHUNKS}. */
  private static int chunkCount(long units) {
    return (int) Math.max(2, Math.min(MAX_CHUNKS, units));
  }

  private static void share(Executor executor, Range range, Object x, int xo, Object w, Object b, Object out, int oo,
      Object res, int ro, int rows, int panels, boolean byRows, int step, int chunks) {
    SharedRange shared = SHARED_RANGES.get();
    if (!shared.idle()) {
      shared = new SharedRange(); // A range shared inside another's chunk: never from generated code, but safe.
    }
    shared.set(range, x, xo, w, b, out, oo, res, ro, rows, panels, byRows, step, chunks);
    start(executor, shared);
    // This thread's chunks, from the arguments it holds: the helper clears the shared fields when it is done.
    for (int c = shared.claimFirst(); c >= 0; c = shared.claimFirst()) {
      runChunk(range, x, xo, w, b, out, oo, res, ro, rows, panels, byRows, step, chunks, c);
    }
    join(shared);
  }

  /** Runs chunk {@code c} of {@code chunks}: rows (or panels) from {@code c * step}, the last chunk to the end. */
  private static void runChunk(Range range, Object x, int xo, Object w, Object b, Object out, int oo, Object res,
      int ro, int rows, int panels, boolean byRows, int step, int chunks, int c) {
    if (byRows) {
      range.run(x, xo, w, b, out, oo, res, ro, c * step, c == chunks - 1 ? rows : (c + 1) * step, 0, panels);
    } else {
      range.run(x, xo, w, b, out, oo, res, ro, 0, rows, c * step, Math.min(panels, (c + 1) * step));
    }
  }

  /**
   * A product cut into chunks that the caller claims from the first and a helper, running this
   * half, from the last. The chunks not yet claimed are {@code [first, end)}, packed in one int
   * (first in the high half) so that one compare-and-set claims a chunk from either side.
   */
  private static final class SharedRange extends Half {
    private final AtomicInteger unclaimed = new AtomicInteger();
    private Range range;
    private Object x;
    private int xo;
    private Object w;
    private Object b;
    private Object out;
    private int oo;
    private Object res;
    private int ro;
    private int rows;
    private int panels;
    private boolean byRows;
    private int step;
    private int chunks;

    void set(Range range, Object x, int xo, Object w, Object b, Object out, int oo, Object res, int ro, int rows,
        int panels, boolean byRows, int step, int chunks) {
      assert chunks > 0 && chunks < 1 << 15;
      this.range = range;
      this.x = x;
      this.xo = xo;
      this.w = w;
      this.b = b;
      this.out = out;
      this.oo = oo;
      this.res = res;
      this.ro = ro;
      this.rows = rows;
      this.panels = panels;
      this.byRows = byRows;
      this.step = step;
      this.chunks = chunks;
      unclaimed.set(chunks); // [0, chunks)
    }

    /** The first chunk not yet claimed, now claimed; -1 when none is left. */
    int claimFirst() {
      while (true) {
        int both = unclaimed.get();
        int first = both >>> 16;
        if (first >= (both & 0xFFFF)) {
          return -1;
        }
        if (unclaimed.compareAndSet(both, both + (1 << 16))) {
          return first;
        }
      }
    }

    /** The last chunk not yet claimed, now claimed; -1 when none is left. */
    int claimLast() {
      while (true) {
        int both = unclaimed.get();
        int end = both & 0xFFFF;
        if ((both >>> 16) >= end) {
          return -1;
        }
        if (unclaimed.compareAndSet(both, both - 1)) {
          return end - 1;
        }
      }
    }

    @Override
    protected void compute() {
      for (int c = claimLast(); c >= 0; c = claimLast()) {
        runChunk(range, x, xo, w, b, out, oo, res, ro, rows, panels, byRows, step, chunks, c);
      }
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

  /**
   * Whether netc's default workers keep up: a high share of slow forks among the recent ones
   * turns splitting off for a while (see the class comment). Shared by every caller; its fields
   * are read and written without locks, as a hint: a lost update moves the average by one fork.
   */
  static final class BackOff {
    private BackOff() {}

    /**
     * Whether it acts: unless {@code -Dnetc.parallel.backoff=false}, which tests that must see
     * every split they ask for set (a busy build machine would otherwise turn splits off).
     */
    static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty("netc.parallel.backoff"));

    private static volatile long until;
    private static volatile long millis = MIN_BACK_OFF_MILLIS;
    /** The moving average of recent forks' slowness, from 0 (every one good) to 1. */
    private static volatile float slowShare;
    /** Good forks since the last slow one. */
    private static volatile int goodInARow;

    /** Whether splits over the default workers are off now. */
    static boolean active() {
      if (!enabled) {
        return false;
      }
      long end = until;
      return end != 0 && System.nanoTime() - end < 0;
    }

    /**
     * Notes a fork over the default workers: whether a helper ran the other half ({@code helped}),
     * whether that half was handed to a parked worker, how long the caller's own half took and
     * how long the caller then waited for the other.
     */
    static void note(boolean helped, boolean toParked, long mineNanos, long waitedNanos) {
      if (helped) {
        // Halves are equal work: a helper that runs keeps up with the caller to within microseconds.
        fork(waitedNanos > Math.max(SLOW_WAIT_NANOS, mineNanos / 2));
      } else if (!toParked) {
        // No worker had started the half when the caller was done with its own: the caller ran both. Offered to
        // a spinning worker, or refused by workers that all still hold a task, it says the workers do not get a
        // core in time, while they spin on one the caller could use. A parked worker still waking (handed this
        // half, or refusing it with the one it was woken for) says nothing about the machine: it is awake, and
        // spinning, for the next fork.
        fork(true);
      }
    }

    /** Notes a fork: {@code slow} if its helper was late, or never came. */
    static void fork(boolean slow) {
      float share = slowShare;
      share += ((slow ? 1 : 0) - share) / RECENT_FORKS;
      if (!slow) {
        int good = goodInARow;
        if (good < GOOD_IN_A_ROW) {
          goodInARow = ++good; // Counts to GOOD_IN_A_ROW and stays there: an idle machine's run never overflows.
        }
        if (good == GOOD_IN_A_ROW) {
          share = 0;
        }
        slowShare = share;
        if (share < FREE_SHARE) {
          millis = MIN_BACK_OFF_MILLIS;
        }
        return;
      }
      goodInARow = 0;
      slowShare = share;
      if (share >= BUSY_SHARE && !active()) {
        // Still busy when the last back-off ended: the next one is twice as long.
        long next = millis;
        until = System.nanoTime() + next * 1_000_000;
        millis = Math.min(2 * next, MAX_BACK_OFF_MILLIS);
        // What was seen before the back-off counts for less after it: the next one takes a few slow forks
        // among the first, not one.
        slowShare = share * AFTER_BACK_OFF;
      }
    }

    /** How long the next back-off will last, in milliseconds (tests). */
    static long nextMillis() {
      return millis;
    }

    /** Forgets what it has seen (tests). */
    static void reset() {
      slowShare = 0;
      goodInARow = 0;
      millis = MIN_BACK_OFF_MILLIS;
      until = 0;
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

    /**
     * What {@link #offer} did: refused it (every worker holds a task), gave it to a spinning or a
     * parked worker, or refused it while a worker that holds a task is still waking from its park
     * (it has not taken the earlier task, which its caller has long since run itself).
     */
    static final int REFUSED = 0;
    static final int TO_SPINNING = 1;
    static final int TO_PARKED = 2;
    static final int WAKING = 3;

    /** Hands {@code task} to a worker without one waiting: {@link #TO_SPINNING} or {@link #TO_PARKED}; else refuses it. */
    int offer(Runnable task) {
      int refused = REFUSED;
      for (Worker w : workers) {
        int given = w.offer(task);
        if (given == TO_SPINNING || given == TO_PARKED) {
          return given;
        }
        if (given == WAKING) {
          refused = WAKING;
        }
      }
      return refused;
    }
  }

  /** A thread with a one-task slot: it spins on the slot for a while after each task, then parks. */
  private static final class Worker extends Thread {
    /** The task offered and not yet taken: an offer finds it empty or is refused. */
    private final AtomicReference<Runnable> slot = new AtomicReference<>();
    private volatile boolean parked;
    /** When an offer last unparked it. */
    private volatile long unparkedAt;

    Worker(String name) {
      super(name);
      setDaemon(true);
    }

    int offer(Runnable task) {
      if (!slot.compareAndSet(null, task)) {
        // Still parked with the task it was woken for: waking, unless it has been at it for longer than a worker
        // with a free core takes.
        return parked && System.nanoTime() - unparkedAt < SLOW_WAKE_NANOS ? Workers.WAKING : Workers.REFUSED;
      }
      if (parked) {
        unparkedAt = System.nanoTime();
        LockSupport.unpark(this);
        return Workers.TO_PARKED;
      }
      return Workers.TO_SPINNING;
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
