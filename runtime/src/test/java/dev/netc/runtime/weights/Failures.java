package dev.netc.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;

/** Assertions about how a bad weight file is rejected. */
final class Failures {
  private Failures() {}

  /** What might fail. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  /** The {@link WeightFileException} {@code action} throws; anything else fails the test. */
  static WeightFileException thrownBy(Action action) {
    try {
      action.run();
    } catch (WeightFileException e) {
      return e;
    } catch (Throwable t) {
      throw new AssertionError("expected a WeightFileException but got " + t, t);
    }
    return fail("expected a WeightFileException, but nothing was thrown");
  }

  /**
   * The exception opening {@code file} throws, after checking that {@link WeightFile#readHeader}
   * rejects it with the same message and that the message starts with the file.
   */
  static WeightFileException rejected(Path file) {
    WeightFileException opened = thrownBy(() -> WeightFile.open(file).close());
    WeightFileException headerOnly = thrownBy(() -> WeightFile.readHeader(file));
    assertThat(headerOnly).hasMessage(opened.getMessage());
    assertThat(opened.getMessage()).startsWith(file + ": ");
    assertThat(opened.file()).isEqualTo(file);
    return opened;
  }
}
