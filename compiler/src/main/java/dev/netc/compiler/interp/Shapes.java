package dev.netc.compiler.interp;

/**
 * Row-major index arithmetic on concrete shapes ({@code long[]}, outermost
 * first): strides, NumPy broadcasting, and the walk from a flat index of one
 * shape to the offset of the element it reads in another.
 */
final class Shapes {
  private Shapes() {}

  /** The number of elements; 1 for a scalar. Throws past {@link Integer#MAX_VALUE}: data lives in one array. */
  static long count(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative size in shape " + text(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape " + text(shape) + " has too many elements for one array");
    }
    return n;
  }

  static int size(long[] shape) {
    return (int) count(shape);
  }

  /** {@code [2, 3]}. */
  static String text(long[] shape) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.append(']').toString();
  }

  /** Row-major strides in elements: the last axis has stride 1. */
  static int[] strides(long[] shape) {
    int[] strides = new int[shape.length];
    int s = 1;
    for (int axis = shape.length - 1; axis >= 0; axis--) {
      strides[axis] = s;
      s *= (int) shape[axis];
    }
    return strides;
  }

  /**
   * NumPy's broadcast of two shapes: aligned on the right, each pair of sizes
   * equal or one of them 1, missing leading axes counting as 1.
   *
   * @throws IllegalArgumentException if the shapes do not broadcast; {@code what} names the operation
   */
  static long[] broadcast(long[] a, long[] b, String what) {
    int rank = Math.max(a.length, b.length);
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            what + ": shapes " + text(a) + " and " + text(b) + " cannot be broadcast together");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /**
   * The strides with which an operand of shape {@code shape} is read when it is
   * broadcast to {@code target}: one per target axis, 0 on the axes the operand
   * lacks or stretches from size 1.
   */
  static int[] broadcastStrides(long[] shape, long[] target) {
    int[] own = strides(shape);
    int[] out = new int[target.length];
    int shift = target.length - shape.length;
    for (int axis = shift; axis < target.length; axis++) {
      out[axis] = shape[axis - shift] == 1 && target[axis] != 1 ? 0 : own[axis - shift];
    }
    return out;
  }

  /**
   * The offset read for the element at row-major position {@code flat} of
   * {@code shape}: the position's index along each axis times that axis's stride.
   */
  static int offset(int flat, long[] shape, int[] strides) {
    int offset = 0;
    int rest = flat;
    for (int axis = shape.length - 1; axis >= 0; axis--) {
      int size = (int) shape[axis];
      offset += (rest % size) * strides[axis];
      rest /= size;
    }
    return offset;
  }

  /** The product of the sizes of the axes {@code [from, to)}. */
  static int product(long[] shape, int from, int to) {
    int n = 1;
    for (int axis = from; axis < to; axis++) {
      n *= (int) shape[axis];
    }
    return n;
  }
}
