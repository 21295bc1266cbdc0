package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("WarmUp")
class WarmUpTest {
  /** Where the allocating exercise puts its arrays, so that no compiler can prove them dead. */
  static volatile Object sink;

  private String warmUp;
  private String millis;

  @BeforeEach
  void turnOn() {
    warmUp = System.setProperty("netc.warmup", "true");
    millis = System.clearProperty("netc.warmup.millis");
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

  // Owners: each test warms up names of its own classes, since a name runs once per class and JVM.
  private static final class First {}

  private static final class Second {}

  private static final class Third {}

  private static final class Fourth {}

  private static final class Fifth {}

  @Test
  @DisplayName("an exercise that allocates nothing is done after two clean turns, and runs once per class")
  void cleanExerciseRunsOnce() {
    AtomicInteger calls = new AtomicInteger();
    int[] sum = new int[1];
    WarmUp.Exercise exercise = new WarmUp.Exercise(First.class, "add", () -> {
      calls.incrementAndGet();
      sum[0] += 3;
    });

    WarmUp.Report report = WarmUp.run(List.of(exercise));

    assertThat(report.complete()).isTrue();
    assertThat(report.exercises()).isEqualTo(1);
    // Two clean turns end it; a first turn may still allocate while classes are being resolved.
    assertThat(report.calls()).isEqualTo(calls.get()).isBetween(2 * WarmUp.CALLS_PER_TURN, 4 * WarmUp.CALLS_PER_TURN);
    assertThat(calls.get() % WarmUp.CALLS_PER_TURN).isZero();

    int before = calls.get();
    WarmUp.Report again = WarmUp.run(List.of(new WarmUp.Exercise(First.class, "add", calls::incrementAndGet)));
    assertThat(again.exercises()).isZero();
    assertThat(calls.get()).isEqualTo(before);

    // The same name in another class is another method: it runs.
    WarmUp.Report other = WarmUp.run(List.of(new WarmUp.Exercise(Second.class, "add", calls::incrementAndGet)));
    assertThat(other.exercises()).isEqualTo(1);
    assertThat(calls.get()).isGreaterThan(before);
  }

  @Test
  @DisplayName("an exercise that keeps allocating stops at the budget and is named in the report")
  void allocatingExerciseStopsAtTheBudget() {
    System.setProperty("netc.warmup.millis", "200");
    WarmUp.Exercise allocating = new WarmUp.Exercise(Third.class, "allocate", () -> sink = new byte[64]);
    WarmUp.Exercise clean = new WarmUp.Exercise(Third.class, "clean", () -> { });

    WarmUp.Report report = WarmUp.run(List.of(allocating, clean));

    assertThat(report.complete()).isFalse();
    assertThat(report.notCompiled()).containsExactly("Third.allocate");
    assertThat(report.nanos()).isBetween(200_000_000L, 10_000_000_000L);
    assertThat(report.calls()).isGreaterThan(2 * WarmUp.CALLS_PER_TURN);
  }

  @Test
  @DisplayName("-Dnetc.warmup=false runs nothing and leaves the exercises for a later warm-up")
  void disabled() {
    AtomicInteger calls = new AtomicInteger();
    WarmUp.Exercise exercise = new WarmUp.Exercise(Fourth.class, "count", calls::incrementAndGet);
    System.setProperty("netc.warmup", "false");

    assertThat(WarmUp.enabled()).isFalse();
    WarmUp.Report report = WarmUp.run(List.of(exercise));
    assertThat(report.exercises()).isZero();
    assertThat(calls.get()).isZero();

    System.setProperty("netc.warmup", "true");
    assertThat(WarmUp.run(List.of(exercise)).exercises()).isEqualTo(1);
    assertThat(calls.get()).isPositive();
  }

  @Test
  @DisplayName("a budget of zero runs no call; a budget that is not a number is named with an example")
  void budget() {
    System.setProperty("netc.warmup.millis", "0");
    AtomicInteger calls = new AtomicInteger();
    WarmUp.Report report = WarmUp.run(List.of(new WarmUp.Exercise(Fifth.class, "count", calls::incrementAndGet)));
    assertThat(report.notCompiled()).containsExactly("Fifth.count");
    assertThat(calls.get()).isZero();

    System.setProperty("netc.warmup.millis", "3s");
    assertThatThrownBy(WarmUp::budgetNanos)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("netc.warmup.millis is `3s`")
        .hasMessageContaining("-Dnetc.warmup.millis=3000");
  }
}
