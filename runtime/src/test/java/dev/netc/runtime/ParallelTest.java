package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ParallelTest {
  @Test
  @DisplayName("a fork runs one half on a netc worker and the other on the caller")
  void forkRunsBothHalves() {
    AtomicReference<String> other = new AtomicReference<>();
    AtomicReference<String> mine = new AtomicReference<>();
    // The caller's half waits (at most 5 s in all) for the worker to take the other, which it would otherwise run
    // itself. A worker that has not yet taken a stale hand-off of an earlier test (a half the caller ran itself)
    // refuses the fork; on a loaded machine that can last a while, so the fork is tried again.
    long deadline = System.nanoTime() + 5_000_000_000L;
    do {
      other.set(null);
      Parallel.fork(Parallel.DEFAULT, () -> other.set(Thread.currentThread().getName()), () -> {
        mine.set(Thread.currentThread().getName());
        long until = Math.min(deadline, System.nanoTime() + 500_000_000L);
        while (other.get() == null && System.nanoTime() < until) {
          Thread.onSpinWait();
        }
      });
    } while (!other.get().startsWith("netc-worker-") && System.nanoTime() < deadline);
    assertThat(mine.get()).isEqualTo(Thread.currentThread().getName());
    assertThat(other.get()).startsWith("netc-worker-");
  }

  @Test
  @DisplayName("a caller done with its half runs the other too when no helper has started it, and only once")
  @Timeout(10)
  void callerTakesBackAnUnstartedHalf() {
    // An executor whose thread has not got round to the half yet: it holds the task and runs it later.
    List<Runnable> held = new ArrayList<>();
    Executor slow = held::add;
    AtomicReference<Thread> other = new AtomicReference<>();
    int[] runs = new int[1];
    Parallel.fork(slow, () -> {
      other.set(Thread.currentThread());
      runs[0]++;
    }, () -> { });
    assertThat(other.get()).isSameAs(Thread.currentThread());
    assertThat(held).hasSize(1);
    // The helper's late start finds the half claimed and does nothing.
    held.get(0).run();
    assertThat(runs[0]).isEqualTo(1);
  }

  @Test
  @DisplayName("a worker that has parked after idling wakes for the next fork")
  @Timeout(10)
  void parkedWorkerWakes() throws InterruptedException {
    for (int round = 0; round < 5; round++) {
      Thread.sleep(Duration.ofNanos(Parallel.WORKER_SPIN_NANOS * 10));
      int[] halves = new int[2];
      Parallel.fork(Parallel.DEFAULT, () -> halves[0] = 1, () -> halves[1] = 2);
      assertThat(halves).containsExactly(1, 2);
    }
  }

  @Test
  @DisplayName("the other half's exception reaches the caller")
  void exceptionsPropagate() {
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    assertThatThrownBy(() -> Parallel.fork(Parallel.DEFAULT, () -> {
      throw boom;
    }, () -> { })).isSameAs(boom);
    // The worker survives it.
    int[] halves = new int[2];
    Parallel.fork(Parallel.DEFAULT, () -> halves[0] = 3, () -> halves[1] = 4);
    assertThat(halves).containsExactly(3, 4);
  }

  @Test
  @DisplayName("many callers forking at once all finish: a busy worker means the caller runs both halves")
  @Timeout(60)
  void concurrentCallers() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(6);
    try {
      List<Future<Long>> sums = new ArrayList<>();
      for (int c = 0; c < 6; c++) {
        sums.add(callers.submit(() -> {
          long total = 0;
          for (int i = 0; i < 5_000; i++) {
            long[] halves = new long[2];
            int value = i;
            Parallel.fork(Parallel.DEFAULT, () -> halves[0] = value, () -> halves[1] = 2L * value);
            total += halves[0] + halves[1];
          }
          return total;
        }));
      }
      for (Future<Long> sum : sums) {
        assertThat(sum.get()).isEqualTo(3L * 4_999 * 5_000 / 2);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  @DisplayName("a half that outlasts the caller's spin: the caller parks and wakes when the worker is done")
  @Timeout(10)
  void callerParksForALongHalf() {
    long[] halves = new long[2];
    AtomicReference<String> ranOn = new AtomicReference<>();
    Parallel.fork(Parallel.DEFAULT, () -> {
      ranOn.set(Thread.currentThread().getName());
      // Outlast the caller's spin and yields (2 ms) so that it parks.
      long until = System.nanoTime() + 5 * Parallel.CALLER_YIELD_NANOS;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      halves[0] = 7;
    }, () -> {
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (ranOn.get() == null && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      halves[1] = 8;
    });
    assertThat(ranOn.get()).startsWith("netc-worker-");
    assertThat(halves).containsExactly(7, 8);
  }

  @Test
  @DisplayName("a caller's interrupt while it waits for a half is kept, not lost, and the half still completes")
  @Timeout(10)
  void interruptIsKept() {
    int[] halves = new int[2];
    Thread caller = Thread.currentThread();
    Parallel.fork(Parallel.DEFAULT, () -> {
      caller.interrupt();
      long until = System.nanoTime() + 2 * Parallel.CALLER_YIELD_NANOS;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      halves[0] = 1;
    }, () -> {
      while (!caller.isInterrupted()) {
        Thread.onSpinWait();
      }
      halves[1] = 2;
    });
    assertThat(Thread.interrupted()).isTrue();
    assertThat(halves).containsExactly(1, 2);
  }

  @Test
  @DisplayName("sharing a kernel's range reuses the thread's shared range: once warm, it allocates nothing on either "
      + "thread")
  @Timeout(60)
  void sharedRangesAllocateNothing() {
    long[] sums = new long[4];
    float[] data = new float[64];
    Parallel.Range range = (x, xo, w, b, out, oo, res, ro, r0, r1, p0, p1) -> {
      float[] values = (float[]) x;
      for (int p = p0; p < p1; p++) {
        long s = 0;
        for (int i = r0; i < r1; i++) {
          s += (long) values[i];
        }
        ((long[]) out)[p] = s;
      }
    };
    for (int i = 0; i < data.length; i++) {
      data[i] = i;
    }
    Parallel.fork(Parallel.DEFAULT, () -> { }, () -> { }); // starts the workers
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long[] ids = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("netc-worker-") || t == Thread.currentThread())
        .mapToLong(Thread::threadId).toArray();
    long allocated = -1;
    long deadline = System.nanoTime() + 50_000_000_000L;
    while (allocated != 0 && System.nanoTime() < deadline) {
      long before = allocated(threads, ids);
      for (int i = 0; i < 10_000; i++) {
        Parallel.sharePanels(Parallel.DEFAULT, range, data, 0, null, null, sums, 0, null, 0, 64, 4, 1 << 20, 1 << 20);
      }
      allocated = allocated(threads, ids) - before;
      assertThat(sums).containsExactly(63L * 64 / 2, 63L * 64 / 2, 63L * 64 / 2, 63L * 64 / 2);
    }
    assertThat(ids).as("the caller and at least one worker").hasSizeGreaterThanOrEqualTo(2);
    assertThat(allocated).as("bytes allocated by 10,000 shared ranges, caller and workers").isZero();
  }

  @Test
  @DisplayName("a shared range receives its arrays and their offsets as given, on a worker or on the caller")
  @Timeout(10)
  void rangeOffsetsReachTheRange() {
    float[] x = new float[1];
    float[] w = new float[1];
    float[] b = new float[1];
    float[] out = new float[1];
    float[] res = new float[1];
    List<Object[]> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    Parallel.Range range = (rx, xo, rw, rb, rout, oo, rres, ro, r0, r1, p0, p1) ->
        seen.add(new Object[] {rx, xo, rw, rb, rout, oo, rres, ro, r0, r1, p0, p1});
    for (Executor executor : new Executor[] {Parallel.DEFAULT, Runnable::run, refusing()}) {
      seen.clear();
      Parallel.sharePanels(executor, range, x, 3, w, b, out, 5, res, 7, 11, 2, 1, 1);
      assertThat(seen).as("executor %s", executor).hasSize(2);
      for (Object[] call : seen) {
        assertThat(java.util.Arrays.copyOf(call, 10)).containsExactly(x, 3, w, b, out, 5, res, 7, 0, 11);
      }
    }
  }

  @Test
  @DisplayName("a shared range runs every chunk exactly once, whole tiles of rows or runs of panels, the last chunk "
      + "taking what is left, whether the helper runs at once, late, or never")
  @Timeout(60)
  void everyChunkOnce() {
    ExecutorService late = Executors.newSingleThreadExecutor();
    try {
      Executor[] executors = {
          Parallel.DEFAULT, Runnable::run, refusing(),
          task -> late.execute(() -> {
            spin(200_000);
            task.run();
          })};
      for (Executor executor : executors) {
        for (int rows : new int[] {24, 25, 47, 48, 61, 64, 256, 1000}) {
          int[] covered = new int[rows];
          List<int[]> chunks = java.util.Collections.synchronizedList(new ArrayList<>());
          Parallel.Range range = (x, xo, w, b, out, oo, res, ro, r0, r1, p0, p1) -> {
            chunks.add(new int[] {r0, r1, p0, p1});
            for (int r = r0; r < r1; r++) {
              synchronized (covered) {
                covered[r]++;
              }
            }
          };
          Parallel.shareRows(executor, range, null, 0, null, null, null, 0, null, 0, rows, 3, 12, 4096, 4096);
          assertThat(covered).as("rows %d", rows).containsOnly(1);
          assertThat(chunks).as("rows %d: chunks", rows).hasSizeBetween(2, Parallel.MAX_CHUNKS);
          for (int[] c : chunks) {
            assertThat(c[0] % 12).as("a chunk starts at a whole tile").isZero();
            assertThat(c[1] - c[0]).as("a chunk holds a tile or more").isGreaterThanOrEqualTo(12);
            assertThat(new int[] {c[2], c[3]}).containsExactly(0, 3);
          }
        }
        for (int panels : new int[] {2, 3, 7, 16, 17, 128, 1000}) {
          for (int rows : new int[] {1, 8}) {
            int[] covered = new int[panels];
            Parallel.Range range = (x, xo, w, b, out, oo, res, ro, r0, r1, p0, p1) -> {
              assertThat(new int[] {r0, r1}).containsExactly(0, rows);
              assertThat(p1).isGreaterThan(p0);
              for (int p = p0; p < p1; p++) {
                synchronized (covered) {
                  covered[p]++;
                }
              }
            };
            Parallel.sharePanels(executor, range, null, 0, null, null, null, 0, null, 0, rows, panels, 4096, 4096);
            assertThat(covered).as("panels %d, rows %d", panels, rows).containsOnly(1);
          }
        }
      }
    } finally {
      late.shutdownNow();
    }
  }

  @Test
  @DisplayName("the chunk count follows the work: two for a small product, up to sixteen for a large one")
  @Timeout(10)
  void chunkCounts() {
    for (long[] c : new long[][] {{64, 64, 64, 2}, {64, 1024, 1024, 16}, {1, 1024, 1024, 4}, {1, 4096, 4096, 16}}) {
      int rows = (int) c[0];
      java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
      Parallel.Range range = (x, xo, w, b, out, oo, res, ro, r0, r1, p0, p1) -> calls.incrementAndGet();
      Parallel.sharePanels(refusing(), range, null, 0, null, null, null, 0, null, 0, rows, 128, c[1], c[2]);
      assertThat(calls.get()).as("%d x %d by %d x %d", rows, c[1], c[1], c[2]).isEqualTo((int) c[3]);
    }
  }

  /** An executor that refuses every task: the caller computes every chunk. */
  private static Executor refusing() {
    return task -> {
      throw new java.util.concurrent.RejectedExecutionException("busy");
    };
  }

  @Test
  @DisplayName("starting a half again before joining it is refused")
  void aHalfRunsOnceAtATime() {
    Parallel.Half half = new Parallel.Half() {
      @Override
      protected void compute() {}
    };
    Parallel.start(null, half);
    assertThatThrownBy(() -> Parallel.start(null, half)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before it was joined");
    Parallel.join(half);
    assertThat(half.idle()).isTrue();
    Parallel.start(null, half);
    Parallel.join(half);
  }

  @Test
  @DisplayName("netc's spinning workers split smaller layers than a caller's executor; none splits without one")
  void thresholds() {
    Executor own = Runnable::run;
    long mid = Parallel.DEFAULT_THRESHOLD;
    boolean manyCores = Runtime.getRuntime().availableProcessors() > 1;
    assertThat(Parallel.worthSplitting(Parallel.DEFAULT, 64, mid / 64, 1)).isEqualTo(manyCores);
    assertThat(Parallel.worthSplitting(Parallel.DEFAULT, 64, mid / 64 - 1, 1)).isFalse();
    assertThat(Parallel.worthSplitting(own, 64, mid / 64, 1)).isFalse();
    assertThat(Parallel.worthSplitting(own, 64, Parallel.THRESHOLD / 64, 1)).isEqualTo(manyCores);
    assertThat(Parallel.worthSplitting(null, 4096, 4096, 4096)).isFalse();
    assertThat(Parallel.worthSplitting(Parallel.DEFAULT, 1, 1024, 1024)).isEqualTo(manyCores);
    assertThat(Parallel.worthSplitting(Parallel.DEFAULT, 1, 1024, 1023)).isFalse();
  }

  @Test
  @DisplayName("a high share of slow forks among the recent ones turns splits over the default workers off for a "
      + "while, doubling while it stays high; a run of good forks clears it")
  @Timeout(20)
  void backOff() throws InterruptedException {
    withBackOff(() -> {
      Executor own = Runnable::run;
      long big = Parallel.DEFAULT_THRESHOLD;
      assertThat(Parallel.worthSplitting(Parallel.DEFAULT, 64, big, 1)).isEqualTo(MANY_CORES);

      // A helper that finished 3 ms after the caller's 0.2 ms half: a worker that lost its core. From an average
      // of 0, the share of slow forks is 1 - (31/32)^n after n of them: 0.119 after four, 0.147 after five.
      for (int i = 0; i < 4; i++) {
        slowFork();
      }
      assertThat(Parallel.BackOff.active()).isFalse();
      slowFork();
      assertThat(Parallel.BackOff.active()).isTrue();
      assertThat(Parallel.worthSplitting(Parallel.DEFAULT, 64, big, 1)).isFalse();
      // A caller's own executor is not affected.
      assertThat(Parallel.worthSplitting(own, 64, Parallel.THRESHOLD, 1)).isEqualTo(MANY_CORES);

      long first = waitUntilOver();
      assertThat(first).isGreaterThanOrEqualTo(Parallel.MIN_BACK_OFF_MILLIS * 1_000_000 * 9 / 10);
      assertThat(Parallel.worthSplitting(Parallel.DEFAULT, 64, big, 1)).isEqualTo(MANY_CORES);
      assertThat(Parallel.BackOff.nextMillis()).isEqualTo(2 * Parallel.MIN_BACK_OFF_MILLIS);

      // The back-off left a quarter of the share (0.037): one slow fork among the first after it is not enough
      // for the next; slow forks that keep coming are, and that back-off is twice as long.
      goodFork();
      slowFork();
      assertThat(Parallel.BackOff.active()).isFalse();
      int forks = 0;
      while (!Parallel.BackOff.active() && forks < 100) {
        if (forks++ % 2 == 0) {
          goodFork();
        } else {
          slowFork();
        }
      }
      assertThat(forks).isLessThan(12);
      long second = waitUntilOver();
      assertThat(second).isGreaterThanOrEqualTo(2 * Parallel.MIN_BACK_OFF_MILLIS * 1_000_000 * 9 / 10);
      assertThat(Parallel.BackOff.nextMillis()).isEqualTo(4 * Parallel.MIN_BACK_OFF_MILLIS);

      // Good forks in a row clear the share: fifteen leave a quarter of 0.14 at 0.022, above 1/64, and the next
      // back-off would still be long; the sixteenth clears it, and the next back-off is short again.
      for (int i = 1; i < Parallel.GOOD_IN_A_ROW; i++) {
        goodFork();
      }
      assertThat(Parallel.BackOff.nextMillis()).isEqualTo(4 * Parallel.MIN_BACK_OFF_MILLIS);
      goodFork();
      assertThat(Parallel.BackOff.nextMillis()).isEqualTo(Parallel.MIN_BACK_OFF_MILLIS);
      slowFork();
      assertThat(Parallel.BackOff.active()).isFalse();
    });
  }

  @Test
  @DisplayName("slow forks now and then, as on an idle virtual machine, never back off; one in four, as beside a "
      + "busy process, does at once")
  void backOffTellsStallsFromABusyMachine() throws InterruptedException {
    withBackOff(() -> {
      // One slow fork in 50 (the idle machine had a few in a thousand), and pairs of them.
      for (int i = 0; i < 10_000; i++) {
        if (i % 50 == 0 || i % 50 == 1) {
          slowFork();
        } else {
          goodFork();
        }
        assertThat(Parallel.BackOff.active()).as("fork %d", i).isFalse();
      }
      Parallel.BackOff.reset();
      int forks = 0;
      while (!Parallel.BackOff.active() && forks < 1_000) {
        if (forks % 4 == 3) {
          slowFork();
        } else {
          goodFork();
        }
        forks++;
      }
      assertThat(Parallel.BackOff.active()).isTrue();
      assertThat(forks).isLessThan(100);
    });
  }

  @Test
  @DisplayName("a helper that had not started though spinning, or a worker refusing, is slow; a parked worker "
      + "still waking is neither slow nor good")
  void backOffCountsUnstartedHalves() throws InterruptedException {
    withBackOff(() -> {
      for (int i = 0; i < 4; i++) {
        Parallel.BackOff.note(false, false, 30_000, 0);
      }
      assertThat(Parallel.BackOff.active()).isFalse();
      // Handed to a parked worker that had not woken when the caller was done: nothing changes, however often.
      for (int i = 0; i < 100; i++) {
        Parallel.BackOff.note(false, true, 30_000, 0);
      }
      assertThat(Parallel.BackOff.active()).isFalse();
      Parallel.BackOff.note(false, false, 30_000, 0);
      assertThat(Parallel.BackOff.active()).isTrue();
    });
  }

  @Test
  @DisplayName("a fork whose helper outlasts the caller by far is noted as slow: a few turn splits off")
  @Timeout(20)
  void slowHelperIsNoticed() throws InterruptedException {
    withBackOff(() -> {
      // The helper's half spins 30 ms against the caller's 2 ms (long enough for a parked worker to wake and take
      // it; if it does not, the caller runs it, which is no slow fork). A loaded machine can still delay either
      // thread, so allow a few tries.
      for (int i = 0; i < 20 && !Parallel.BackOff.active(); i++) {
        Parallel.fork(Parallel.DEFAULT, () -> spin(30_000_000), () -> spin(2_000_000));
      }
      assertThat(Parallel.BackOff.active()).isEqualTo(true);
    });
  }

  private static final boolean MANY_CORES = Runtime.getRuntime().availableProcessors() > 1;

  /** A test's body that may wait. */
  private interface Body {
    void run() throws InterruptedException;
  }

  /**
   * Runs {@code body} with the back-off acting (the build turns it off for every other test) and
   * starting from nothing seen, and leaves it as it found it.
   */
  private static void withBackOff(Body body) throws InterruptedException {
    boolean enabled = Parallel.BackOff.enabled;
    Parallel.BackOff.enabled = true;
    Parallel.BackOff.reset();
    try {
      body.run();
    } finally {
      Parallel.BackOff.reset();
      Parallel.BackOff.enabled = enabled;
    }
  }

  /** Notes a fork whose helper finished 3 ms after the caller's 0.2 ms half. */
  private static void slowFork() {
    Parallel.BackOff.note(true, false, 200_000, 3_000_000);
  }

  /** Notes a fork whose helper finished 10 us after the caller's 30 us half. */
  private static void goodFork() {
    Parallel.BackOff.note(true, false, 30_000, 10_000);
  }

  private static void spin(long nanos) {
    long until = System.nanoTime() + nanos;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  /** Waits until the back-off is over; how long it lasted from now, in nanoseconds. */
  private static long waitUntilOver() throws InterruptedException {
    long start = System.nanoTime();
    while (Parallel.BackOff.active()) {
      Thread.sleep(1);
    }
    return System.nanoTime() - start;
  }

  /** Bytes the threads {@code ids} have allocated so far; allocates nothing itself, so it can bracket a window. */
  private static long allocated(com.sun.management.ThreadMXBean threads, long[] ids) {
    long sum = 0;
    for (long id : ids) {
      sum += threads.getThreadAllocatedBytes(id);
    }
    return sum;
  }
}
