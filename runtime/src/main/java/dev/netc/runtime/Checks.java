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
   * A slice cut at a size of run-time dimensions ({@code table[0:T]}) must fit its axis; checked
   * once per call, before anything is computed, so a long sequence never reads past the table.
   *
   * @param slice the node and its slice as the spec writes it: {@code pos = table[0:T]}
   * @param end the size the slice ends at: {@code T}, {@code 2*T}
   * @param value that size in this call
   * @param tensor the tensor sliced
   * @param size the length of its axis {@code axis}
   */
  public static void sliceEnd(String slice, String end, long value, String tensor, int axis, long size) {
    if (value > size) {
      throw new IllegalArgumentException(slice + ": " + end + " is " + value + ", but axis " + axis + " of " + tensor
          + " has " + size + " positions");
    }
  }

  /**
   * The exception for a float array too short for its shape from {@code offset}:
   * {@code forward} methods that take arrays at least as long as needed test
   * {@code offset >= 0 && offset <= array.length && array.length - offset >= needed}
   * themselves and build the message only on this path, so a call that passes its
   * checks allocates nothing. The message names what failed: a null array, a negative
   * offset, an offset past the end, or too few elements from the offset.
   */
  public static IllegalArgumentException tooShort(String name, float[] array, int offset, long needed,
      String shape) {
    return tooShort(name, "floats", array == null ? -1 : array.length, offset, needed, shape);
  }

  /** As {@link #tooShort(String, float[], int, long, String)}, for an int array. */
  public static IllegalArgumentException tooShort(String name, int[] array, int offset, long needed,
      String shape) {
    return tooShort(name, "ints", array == null ? -1 : array.length, offset, needed, shape);
  }

  /** As {@link #tooShort(String, float[], int, long, String)}, for a long array. */
  public static IllegalArgumentException tooShort(String name, long[] array, int offset, long needed,
      String shape) {
    return tooShort(name, "longs", array == null ? -1 : array.length, offset, needed, shape);
  }

  /** @param length the array's length, or -1 for a null array */
  private static IllegalArgumentException tooShort(String name, String elements, int length, int offset,
      long needed, String shape) {
    String from = offset == 0 ? "" : " from offset " + offset;
    if (length < 0) {
      return new IllegalArgumentException(name + " is null; expected " + shape + " = " + needed + " " + elements
          + from);
    }
    if (offset < 0) {
      return new IllegalArgumentException("the offset of " + name + " is " + offset + "; it must be 0 or more");
    }
    if (offset > length) {
      return new IllegalArgumentException(name + " holds " + length + " " + elements + ", so offset " + offset
          + " lies beyond its end; its shape " + shape + " needs " + needed + " " + elements + " from there");
    }
    assert length - offset < needed : "called when " + name + " is long enough";
    return new IllegalArgumentException(name + " holds " + (length - offset) + " " + elements + from
        + ", but its shape " + shape + " needs " + needed + (offset == 0 ? "" : " from there"));
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
