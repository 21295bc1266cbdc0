package dev.netc.runtime.kernels;

/**
 * Gathers slices of a tensor by an integer index tensor: {@code embedding(table, ids)} (rows of a
 * table) and ONNX's {@code Gather} along any axis. The operand is seen as {@code [outer, length,
 * inner]} around the gathered axis; the result is {@code [outer, count, inner]}, where {@code
 * count} is the index tensor's element count. Each selected block of {@code inner} elements is
 * copied with {@link System#arraycopy}, so an embedding lookup costs one bounds check and one copy
 * per id.
 *
 * <p>An index outside the axis throws {@link IllegalArgumentException} naming the index's position
 * and value: a wrong id never reads another row, and never surfaces as an
 * {@code ArrayIndexOutOfBoundsException} from inside a kernel.
 */
public final class Lookup {
  private Lookup() {}

  /**
   * {@code out[o, j, :] = x[o, index[j], :]} for every {@code o < outer} and every element {@code j}
   * of the index.
   *
   * @param indexShape the index tensor's shape, for its element count and the position in messages
   * @param fromEnd whether an index in {@code [-length, 0)} counts from the end (ONNX Gather), or
   *     only {@code [0, length)} is valid (an embedding)
   * @param op what the lookup computes, for messages: {@code e = embedding(E, ids)}
   * @param indexName the index tensor's name, for messages: {@code ids}
   * @throws IllegalArgumentException if an index is outside the axis
   */
  public static void take(float[] x, int xo, int outer, int length, int inner, long[] index, int io,
      int[] indexShape, boolean fromEnd, String op, String indexName, float[] out, int oo) {
    takeLongs(x, xo, outer, length, inner, index, io, indexShape, fromEnd, op, indexName, out, oo);
  }

  /** {@link #take(float[], int, int, int, int, long[], int, int[], boolean, String, String, float[], int)} with i32 indices. */
  public static void take(float[] x, int xo, int outer, int length, int inner, int[] index, int io,
      int[] indexShape, boolean fromEnd, String op, String indexName, float[] out, int oo) {
    takeInts(x, xo, outer, length, inner, index, io, indexShape, fromEnd, op, indexName, out, oo);
  }

  /** The lookup of an i64 tensor's slices. */
  public static void take(long[] x, int xo, int outer, int length, int inner, long[] index, int io,
      int[] indexShape, boolean fromEnd, String op, String indexName, long[] out, int oo) {
    takeLongs(x, xo, outer, length, inner, index, io, indexShape, fromEnd, op, indexName, out, oo);
  }

  /** The lookup of an i64 tensor's slices with i32 indices. */
  public static void take(long[] x, int xo, int outer, int length, int inner, int[] index, int io,
      int[] indexShape, boolean fromEnd, String op, String indexName, long[] out, int oo) {
    takeInts(x, xo, outer, length, inner, index, io, indexShape, fromEnd, op, indexName, out, oo);
  }

  /** The lookup of an i32 tensor's slices. */
  public static void take(int[] x, int xo, int outer, int length, int inner, long[] index, int io,
      int[] indexShape, boolean fromEnd, String op, String indexName, int[] out, int oo) {
    takeLongs(x, xo, outer, length, inner, index, io, indexShape, fromEnd, op, indexName, out, oo);
  }

  /** The lookup of an i32 tensor's slices with i32 indices. */
  public static void take(int[] x, int xo, int outer, int length, int inner, int[] index, int io,
      int[] indexShape, boolean fromEnd, String op, String indexName, int[] out, int oo) {
    takeInts(x, xo, outer, length, inner, index, io, indexShape, fromEnd, op, indexName, out, oo);
  }

  // The public overloads fix the array types; System.arraycopy copies any of them alike, so one loop
  // per index type serves every element type.
  private static void takeLongs(Object x, int xo, int outer, int length, int inner, long[] index, int io,
      int[] indexShape, boolean fromEnd, String op, String indexName, Object out, int oo) {
    int count = count(indexShape);
    for (int j = 0; j < count; j++) {
      int at = position(index[io + j], j, length, indexShape, fromEnd, op, indexName);
      copy(x, xo, outer, length, inner, at, j, count, out, oo);
    }
  }

  private static void takeInts(Object x, int xo, int outer, int length, int inner, int[] index, int io,
      int[] indexShape, boolean fromEnd, String op, String indexName, Object out, int oo) {
    int count = count(indexShape);
    for (int j = 0; j < count; j++) {
      int at = position(index[io + j], j, length, indexShape, fromEnd, op, indexName);
      copy(x, xo, outer, length, inner, at, j, count, out, oo);
    }
  }

  private static void copy(Object x, int xo, int outer, int length, int inner, int at, int j, int count, Object out,
      int oo) {
    for (int o = 0; o < outer; o++) {
      System.arraycopy(x, xo + (o * length + at) * inner, out, oo + (o * count + j) * inner, inner);
    }
  }

  private static int count(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** The position along the axis that index value {@code v}, element {@code j} of the index, selects. */
  private static int position(long v, int j, int length, int[] indexShape, boolean fromEnd, String op,
      String indexName) {
    long at = fromEnd && v < 0 ? v + length : v;
    if (at < 0 || at >= length) {
      throw new IllegalArgumentException(op + ": " + indexName + multiIndex(j, indexShape) + " (flat index " + j
          + ") is " + v + ", outside [" + (fromEnd ? -length : 0) + ", " + length + ")");
    }
    return (int) at;
  }

  /** {@code [1, 2]}: the position of flat element {@code j} in a row-major tensor of {@code shape}. */
  static String multiIndex(int j, int[] shape) {
    int[] at = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      at[d] = j % shape[d];
      j /= shape[d];
    }
    return java.util.Arrays.toString(at);
  }
}
