package dev.netc.playground;

import java.time.Duration;

/**
 * What one request may ask of the playground.
 *
 * @param maxSpecBytes the largest spec it compiles, in UTF-8 bytes (a larger one gets 413)
 * @param maxBodyBytes the largest request body it reads; room for a spec and a {@code .npy} input
 * @param timeout how long one check or run may take before the page is told it stopped (503)
 * @param maxInputElements the most elements one input of {@code Run} may hold
 * @param workers how many checks and runs proceed at once; more wait, and beyond a short queue
 *     are turned away (503)
 */
public record Limits(int maxSpecBytes, int maxBodyBytes, Duration timeout, long maxInputElements, int workers) {
  public Limits {
    if (maxSpecBytes <= 0 || maxBodyBytes < maxSpecBytes || timeout.isNegative() || timeout.isZero()
        || maxInputElements <= 0 || workers <= 0) {
      throw new IllegalArgumentException("limits out of range: " + maxSpecBytes + ", " + maxBodyBytes + ", " + timeout
          + ", " + maxInputElements + ", " + workers);
    }
  }

  /**
   * 256 KiB of spec is far beyond a hand-written one with inline values; 20 seconds covers javac
   * compiling a large network's classes on a busy machine, which a run needs once.
   */
  public static Limits defaults() {
    return new Limits(256 << 10, 8 << 20, Duration.ofSeconds(20), 1 << 20, 2);
  }

  /** These limits with another timeout. */
  public Limits withTimeout(Duration other) {
    return new Limits(maxSpecBytes, maxBodyBytes, other, maxInputElements, workers);
  }
}
