package dev.netc.runtime;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Drives a network's kernels through the JIT before its first forward pass.
 *
 * <p>Until C2 has compiled a kernel, each Vector API operation in it is a call that allocates its
 * result vector, and the kernel runs hundreds of times slower than it will. Left to real calls,
 * a fresh JVM takes seconds to get there: a tile method runs its whole k loop per call, so the
 * JIT sees few invocations and long loops, compiles each tile on-stack-replacement first (a
 * C2 compile three times longer than the normal one, thrown away later) and reaches the method
 * itself late. Instead, each kernel method is called here on a few steps of its k loop
 * ({@code k0} near the end), thousands of times in a fraction of a second, so the JIT compiles
 * the method itself, once, at every tier.
 *
 * <p>An {@link Exercise} is one such call. They are run round-robin, a few calls each turn so
 * that the compiler's queue holds every method at once, until a turn allocates nothing on this
 * thread: then its vector operations are compiled to registers (an interpreted or C1-compiled
 * Vector API call always allocates). An exercise that does not get there before the
 * {@link #budgetNanos() budget} runs out is left to warm up on real calls. Each exercise runs
 * once per loaded class: a runtime kernel shared by several networks warms up once.
 *
 * <p>{@code -Dnetc.warmup=false} turns this off (networks then warm up on their first calls);
 * {@code -Dnetc.warmup.millis=N} sets the budget (default {@value #DEFAULT_BUDGET_MILLIS}).
 */
public final class WarmUp {
  private WarmUp() {}

  /** The budget of one warm-up unless {@code netc.warmup.millis} says otherwise. */
  public static final long DEFAULT_BUDGET_MILLIS = 3000;

  /** Calls per exercise and turn: enough that one turn's allocation check is cheap beside it. */
  static final int CALLS_PER_TURN = 32;

  /**
   * Calls per exercise when this JVM cannot count a thread's allocations: past the invocation
   * count at which HotSpot's tiered policy compiles a method with C2 (5,000).
   */
  static final int CALLS_WITHOUT_PROBE = 6000;

  /** Turns in a row without allocation after which an exercise counts as compiled. */
  static final int CLEAN_TURNS = 2;

  /**
   * One call that warms up a kernel method: {@code name} in the class {@code owner} (the class
   * the method is in) is warmed up once per loaded class, so a class of the same name in another
   * class loader is warmed up again.
   */
  public record Exercise(Class<?> owner, String name, Runnable call) {
    public Exercise {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(call, "call");
    }

    /** {@code Owner.name}, as reports name it. */
    public String key() {
      return owner.getSimpleName() + "." + name;
    }
  }

  /**
   * What one warm-up did.
   *
   * @param exercises the exercises it ran (those that had not run in this JVM yet)
   * @param notCompiled the keys of those that still allocated when the budget ran out
   * @param calls the calls it made, all exercises together
   * @param nanos how long it took
   */
  public record Report(int exercises, List<String> notCompiled, int calls, long nanos) {
    public Report {
      notCompiled = List.copyOf(notCompiled);
    }

    /** Whether every exercise reached compiled code within the budget. */
    public boolean complete() {
      return notCompiled.isEmpty();
    }
  }

  /** The exercise names of each class that have run: held by the class, so unloading it drops them. */
  private static final ClassValue<Set<String>> DONE = new ClassValue<>() {
    @Override
    protected Set<String> computeValue(Class<?> type) {
      return new HashSet<>();
    }
  };

  /** Whether warm-ups run: unless {@code -Dnetc.warmup=false}, or this JVM does not compile to vectors. */
  public static boolean enabled() {
    return !"false".equalsIgnoreCase(System.getProperty("netc.warmup")) && Jit.COMPILES_VECTORS;
  }

  /** The time a warm-up may take. */
  public static long budgetNanos() {
    long millis = DEFAULT_BUDGET_MILLIS;
    String value = System.getProperty("netc.warmup.millis");
    if (value != null) {
      try {
        millis = Math.max(0, Long.parseLong(value.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("netc.warmup.millis is `" + value + "`: give a number of milliseconds, "
            + "e.g. -Dnetc.warmup.millis=" + DEFAULT_BUDGET_MILLIS);
      }
    }
    return millis * 1_000_000;
  }

  /**
   * Runs the exercises that have not run in this JVM yet, until each allocates nothing or
   * the budget is spent. Threads that call this at once wait for each other, so an exercise never
   * runs on two threads.
   */
  public static synchronized Report run(List<Exercise> exercises) {
    List<Exercise> pending = new ArrayList<>();
    for (Exercise e : exercises) {
      if (!DONE.get(e.owner()).contains(e.name())) {
        pending.add(e);
      }
    }
    if (pending.isEmpty() || !enabled()) {
      return new Report(0, List.of(), 0, 0);
    }
    long start = System.nanoTime();
    Report report = Allocations.supported()
        ? untilCompiled(pending, start + budgetNanos())
        : fixedCount(pending, start + budgetNanos());
    for (Exercise e : pending) {
      DONE.get(e.owner()).add(e.name());
    }
    Report done = new Report(report.exercises(), report.notCompiled(), report.calls(), System.nanoTime() - start);
    if (Boolean.getBoolean("netc.warmup.log")) {
      System.err.printf(Locale.ROOT, "netc: warm-up compiled %d of %d exercise(s) in %.0f ms, %d calls%s%n",
          done.exercises() - done.notCompiled().size(), done.exercises(), done.nanos() / 1e6, done.calls(),
          done.complete() ? "" : "; left to warm up on real calls: " + String.join(", ", done.notCompiled()));
    }
    return done;
  }

  private static Report untilCompiled(List<Exercise> pending, long deadline) {
    int count = pending.size();
    int[] clean = new int[count];
    boolean[] done = new boolean[count];
    int compiled = 0;
    int calls = 0;
    while (compiled < count && System.nanoTime() - deadline < 0) {
      for (int i = 0; i < count; i++) {
        if (done[i]) {
          continue;
        }
        Runnable call = pending.get(i).call();
        long before = Allocations.ofThisThread();
        for (int c = 0; c < CALLS_PER_TURN; c++) {
          call.run();
        }
        calls += CALLS_PER_TURN;
        clean[i] = Allocations.ofThisThread() == before ? clean[i] + 1 : 0;
        if (clean[i] == CLEAN_TURNS) {
          done[i] = true;
          compiled++;
        }
      }
    }
    List<String> notCompiled = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (!done[i]) {
        notCompiled.add(pending.get(i).key());
      }
    }
    return new Report(count, notCompiled, calls, 0);
  }

  private static Report fixedCount(List<Exercise> pending, long deadline) {
    int calls = 0;
    int rounds = 0;
    for (; rounds * CALLS_PER_TURN < CALLS_WITHOUT_PROBE && System.nanoTime() - deadline < 0; rounds++) {
      for (Exercise e : pending) {
        for (int i = 0; i < CALLS_PER_TURN; i++) {
          e.call().run();
        }
        calls += CALLS_PER_TURN;
      }
    }
    boolean all = rounds * CALLS_PER_TURN >= CALLS_WITHOUT_PROBE;
    return new Report(pending.size(), all ? List.of() : pending.stream().map(Exercise::key).toList(), calls, 0);
  }

  /** The bytes this thread has allocated, where the JVM counts them ({@code com.sun.management}). */
  private static final class Allocations {
    private static final com.sun.management.ThreadMXBean BEAN = bean();

    private static com.sun.management.ThreadMXBean bean() {
      try {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b
            && b.isThreadAllocatedMemorySupported()) {
          b.setThreadAllocatedMemoryEnabled(true);
          return b.isThreadAllocatedMemoryEnabled() ? b : null;
        }
      } catch (LinkageError | UnsupportedOperationException | SecurityException e) {
        // A runtime image without jdk.management: warm up by counting calls instead.
      }
      return null;
    }

    static boolean supported() {
      return BEAN != null;
    }

    static long ofThisThread() {
      return BEAN.getCurrentThreadAllocatedBytes();
    }
  }

  /** What the JVM's flags say about its JIT. */
  private static final class Jit {
    static final boolean COMPILES_VECTORS = compilesVectors();

    /**
     * False in interpreted mode ({@code -Xint}) or without C2 ({@code -XX:TieredStopAtLevel}
     * below 4), where vector operations never compile to registers and a warm-up would only
     * spend its budget.
     */
    private static boolean compilesVectors() {
      if (System.getProperty("java.vm.info", "").contains("interpreted")) {
        return false;
      }
      try {
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
          if (arg.startsWith("-XX:TieredStopAtLevel=") && !arg.endsWith("=4")) {
            return false;
          }
        }
      } catch (LinkageError | SecurityException e) {
        // No java.management: assume the default JIT.
      }
      return true;
    }
  }
}
