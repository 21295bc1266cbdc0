package dev.netc.runtime;

/** Argument checks of generated {@code forward} methods, with messages that state the expected shape. */
public final class Checks {
  private Checks() {}

  /** A run-time dimension must be at least 1. */
  public static void dimension(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("the run-time dimension " + name + " must be at least 1, found " + value);
    }
  }

  /**
   * The exception for an array of the wrong length: generated code tests the length
   * itself and builds the shape text only on this path, so a call that passes its
   * checks allocates nothing.
   */
  public static IllegalArgumentException wrongLength(String name, float[] array, long expected, String shape) {
    if (array == null) {
      return new IllegalArgumentException(name + " is null; expected " + shape + " = " + expected + " floats");
    }
    return new IllegalArgumentException(name + " holds " + array.length + " floats, but its shape " + shape
        + " needs " + expected);
  }

  /** A size computed from run-time dimensions must fit a Java array. */
  public static int size(String what, long size) {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(what + " would need " + size + " floats, more than a Java array holds; "
          + "use a smaller batch");
    }
    return (int) size;
  }
}
