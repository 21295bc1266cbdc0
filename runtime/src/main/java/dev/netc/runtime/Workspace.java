package dev.netc.runtime;

import java.util.Arrays;

/**
 * Scratch memory for a forward pass: one reusable buffer per slot, grown when
 * a larger batch needs more and otherwise reused, so that steady-state calls
 * allocate nothing. Not thread-safe: a workspace belongs to one thread at a
 * time. {@link #local()} gives each thread its own.
 */
public final class Workspace {
  private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

  private float[][] buffers = new float[8][];
  private int[][] ints = new int[8][];

  /** This thread's workspace. */
  public static Workspace local() {
    return LOCAL.get();
  }

  /** A buffer of at least {@code size} floats for {@code slot}; its contents are undefined. */
  public float[] buffer(int slot, long size) {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a scratch buffer of " + size + " floats exceeds what a Java array holds; "
          + "use a smaller batch");
    }
    if (slot >= buffers.length) {
      buffers = Arrays.copyOf(buffers, Math.max(slot + 1, buffers.length * 2));
    }
    float[] b = buffers[slot];
    if (b == null || b.length < size) {
      b = new float[(int) size];
      buffers[slot] = b;
    }
    return b;
  }

  /**
   * A small int array for {@code slot} holding {@code values}: shapes and strides
   * that depend on run-time dimensions, passed to kernels without allocating.
   * Fixed-arity overloads avoid the varargs array.
   */
  public int[] ints(int slot, int a) {
    int[] r = intsOfLength(slot, 1);
    r[0] = a;
    return r;
  }

  public int[] ints(int slot, int a, int b) {
    int[] r = intsOfLength(slot, 2);
    r[0] = a;
    r[1] = b;
    return r;
  }

  public int[] ints(int slot, int a, int b, int c) {
    int[] r = intsOfLength(slot, 3);
    r[0] = a;
    r[1] = b;
    r[2] = c;
    return r;
  }

  public int[] ints(int slot, int a, int b, int c, int d) {
    int[] r = intsOfLength(slot, 4);
    r[0] = a;
    r[1] = b;
    r[2] = c;
    r[3] = d;
    return r;
  }

  public int[] ints(int slot, int a, int b, int c, int d, int e) {
    int[] r = intsOfLength(slot, 5);
    r[0] = a;
    r[1] = b;
    r[2] = c;
    r[3] = d;
    r[4] = e;
    return r;
  }

  public int[] ints(int slot, int a, int b, int c, int d, int e, int f) {
    int[] r = intsOfLength(slot, 6);
    r[0] = a;
    r[1] = b;
    r[2] = c;
    r[3] = d;
    r[4] = e;
    r[5] = f;
    return r;
  }

  /** An int array of exactly {@code length} for {@code slot}. */
  private int[] intsOfLength(int slot, int length) {
    if (slot >= ints.length) {
      ints = Arrays.copyOf(ints, Math.max(slot + 1, ints.length * 2));
    }
    int[] r = ints[slot];
    if (r == null || r.length != length) {
      r = new int[length];
      ints[slot] = r;
    }
    return r;
  }
}
