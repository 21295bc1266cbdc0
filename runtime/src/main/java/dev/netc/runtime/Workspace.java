package dev.netc.runtime;

import java.util.Arrays;

/**
 * Scratch memory for a forward pass: one reusable buffer per slot, grown when
 * a larger batch needs more and otherwise reused, so that steady-state calls
 * allocate nothing. Not thread-safe: a workspace belongs to one thread at a
 * time. {@link #local()} gives each thread its own.
 *
 * <p>Each element type has its own slots ({@link #floats}, {@link #ints},
 * {@link #longs}, {@link #shorts}, {@link #bytes}), so slot 0 of floats and
 * slot 0 of ints are different buffers. {@link #dims} holds the small arrays of
 * shapes and strides kernels take, in slots of their own too.
 *
 * <p>The five buffer methods are written out once per type rather than shared
 * through {@code Object}: generated code calls them on every forward pass, and
 * each should compile to a few loads and compares.
 */
public final class Workspace {
  private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

  private static final int INITIAL_SLOTS = 8;

  private float[][] floats = new float[INITIAL_SLOTS][];
  private int[][] ints = new int[INITIAL_SLOTS][];
  private long[][] longs = new long[INITIAL_SLOTS][];
  private short[][] shorts = new short[INITIAL_SLOTS][];
  private byte[][] bytes = new byte[INITIAL_SLOTS][];
  private int[][] dims = new int[INITIAL_SLOTS][];

  /** This thread's workspace. */
  public static Workspace local() {
    return LOCAL.get();
  }

  /**
   * A buffer of at least {@code size} floats for {@code slot}; its contents are
   * undefined. The same array as the last call for the slot when that is large
   * enough.
   *
   * @throws IllegalArgumentException if {@code size} exceeds what a Java array holds
   */
  public float[] floats(int slot, long size) {
    int length = length(size, "floats");
    if (slot >= floats.length) {
      floats = Arrays.copyOf(floats, slots(slot, floats.length));
    }
    float[] b = floats[slot];
    if (b == null || b.length < length) {
      b = new float[length];
      floats[slot] = b;
    }
    return b;
  }

  /** A buffer of at least {@code size} ints for {@code slot}, as {@link #floats} gives floats. */
  public int[] ints(int slot, long size) {
    int length = length(size, "ints");
    if (slot >= ints.length) {
      ints = Arrays.copyOf(ints, slots(slot, ints.length));
    }
    int[] b = ints[slot];
    if (b == null || b.length < length) {
      b = new int[length];
      ints[slot] = b;
    }
    return b;
  }

  /** A buffer of at least {@code size} longs for {@code slot}, as {@link #floats} gives floats. */
  public long[] longs(int slot, long size) {
    int length = length(size, "longs");
    if (slot >= longs.length) {
      longs = Arrays.copyOf(longs, slots(slot, longs.length));
    }
    long[] b = longs[slot];
    if (b == null || b.length < length) {
      b = new long[length];
      longs[slot] = b;
    }
    return b;
  }

  /**
   * A buffer of at least {@code size} shorts (such as bfloat16 bits) for {@code slot},
   * as {@link #floats} gives floats.
   */
  public short[] shorts(int slot, long size) {
    int length = length(size, "shorts");
    if (slot >= shorts.length) {
      shorts = Arrays.copyOf(shorts, slots(slot, shorts.length));
    }
    short[] b = shorts[slot];
    if (b == null || b.length < length) {
      b = new short[length];
      shorts[slot] = b;
    }
    return b;
  }

  /** A buffer of at least {@code size} bytes for {@code slot}, as {@link #floats} gives floats. */
  public byte[] bytes(int slot, long size) {
    int length = length(size, "bytes");
    if (slot >= bytes.length) {
      bytes = Arrays.copyOf(bytes, slots(slot, bytes.length));
    }
    byte[] b = bytes[slot];
    if (b == null || b.length < length) {
      b = new byte[length];
      bytes[slot] = b;
    }
    return b;
  }

  /**
   * A small int array for {@code slot} holding {@code a}: shapes and strides
   * that depend on run-time dimensions, passed to kernels without allocating.
   * Fixed-arity overloads, for 1 to 6 values, avoid the varargs array; each
   * returns an array of exactly its number of values.
   */
  public int[] dims(int slot, int a) {
    int[] r = dimsOfLength(slot, 1);
    r[0] = a;
    return r;
  }

  /** A small int array for {@code slot} holding {@code a, b}, as {@link #dims(int, int)}. */
  public int[] dims(int slot, int a, int b) {
    int[] r = dimsOfLength(slot, 2);
    r[0] = a;
    r[1] = b;
    return r;
  }

  /** A small int array for {@code slot} holding {@code a, b, c}, as {@link #dims(int, int)}. */
  public int[] dims(int slot, int a, int b, int c) {
    int[] r = dimsOfLength(slot, 3);
    r[0] = a;
    r[1] = b;
    r[2] = c;
    return r;
  }

  /** A small int array for {@code slot} holding {@code a, b, c, d}, as {@link #dims(int, int)}. */
  public int[] dims(int slot, int a, int b, int c, int d) {
    int[] r = dimsOfLength(slot, 4);
    r[0] = a;
    r[1] = b;
    r[2] = c;
    r[3] = d;
    return r;
  }

  /** A small int array for {@code slot} holding {@code a, ..., e}, as {@link #dims(int, int)}. */
  public int[] dims(int slot, int a, int b, int c, int d, int e) {
    int[] r = dimsOfLength(slot, 5);
    r[0] = a;
    r[1] = b;
    r[2] = c;
    r[3] = d;
    r[4] = e;
    return r;
  }

  /** A small int array for {@code slot} holding {@code a, ..., f}, as {@link #dims(int, int)}. */
  public int[] dims(int slot, int a, int b, int c, int d, int e, int f) {
    int[] r = dimsOfLength(slot, 6);
    r[0] = a;
    r[1] = b;
    r[2] = c;
    r[3] = d;
    r[4] = e;
    r[5] = f;
    return r;
  }

  /** An int array of exactly {@code length} for {@code slot}. */
  private int[] dimsOfLength(int slot, int length) {
    if (slot >= dims.length) {
      dims = Arrays.copyOf(dims, slots(slot, dims.length));
    }
    int[] r = dims[slot];
    if (r == null || r.length != length) {
      r = new int[length];
      dims[slot] = r;
    }
    return r;
  }

  /** {@code size} as an array length, or a message naming the element type. */
  private static int length(long size, String elements) {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a scratch buffer of " + size + " " + elements
          + " exceeds what a Java array holds; use a smaller batch");
    }
    return (int) size;
  }

  /** How many slots to grow to for {@code slot}: at least doubling, so growth stays rare. */
  private static int slots(int slot, int current) {
    return Math.max(slot + 1, current * 2);
  }
}
