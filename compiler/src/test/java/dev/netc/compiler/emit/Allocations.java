package dev.netc.compiler.emit;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/** Test support: what rounds of forward passes allocate once C2 has compiled them. */
final class Allocations {
  private Allocations() {}

  /** One round of forward passes. */
  interface Round {
    void run() throws Throwable;
  }

  /**
   * Bytes that 500 rounds allocate on the threads {@code ids} once they allocate nothing, or after
   * a minute of trying: allocation stops once C2 has compiled the kernels, and a forward pass that
   * boxes vectors never gets there. With {@code diagnose}, prints each window's bytes per thread.
   */
  static long untilNone(Round round, long[] ids, boolean diagnose) throws Throwable {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long perWindow = -1;
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (perWindow != 0 && System.nanoTime() < deadline) {
      long before = allocated(threads, ids);
      for (int i = 0; i < 500; i++) {
        round.run();
      }
      perWindow = allocated(threads, ids) - before;
      if (diagnose) {
        StringBuilder line = new StringBuilder("window " + perWindow + ":");
        for (long id : ids) {
          line.append(' ').append(threads.getThreadAllocatedBytes(id));
        }
        System.out.println(line);
      }
    }
    return perWindow;
  }

  /** Bytes the threads {@code ids} have allocated so far; allocates nothing itself, so it can bracket a window. */
  private static long allocated(ThreadMXBean threads, long[] ids) {
    long sum = 0;
    for (long id : ids) {
      sum += threads.getThreadAllocatedBytes(id);
    }
    return sum;
  }
}
