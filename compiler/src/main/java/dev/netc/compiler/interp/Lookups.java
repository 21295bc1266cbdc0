package dev.netc.compiler.interp;

import dev.netc.runtime.DType;
import java.util.Arrays;

/**
 * The ops that read integer values: {@code cast} and the lookup by an index tensor
 * ({@code embedding}, {@code gather}). Integer tensors hold whole doubles here, exact for every
 * id below 2^53.
 */
final class Lookups {
  private Lookups() {}

  /**
   * {@code x} converted to {@code to}: a float truncated toward zero into an integer type (NumPy's
   * {@code astype}), an i64 wrapped into i32, an integer rounded to the nearest f32.
   */
  static Tensor cast(Tensor x, DType to) {
    return ArrayKernels.map(x, v -> switch (to) {
      case F32 -> (float) v;
      case I64 -> (double) (long) v;
      case I32 -> (double) (int) (long) v;
      default -> throw new IllegalArgumentException("cast to " + to + " is not defined");
    });
  }

  /**
   * ONNX Gather: the slices of {@code x} along {@code axis} that {@code index} selects, of shape
   * {@code x.shape[:axis] + index.shape + x.shape[axis+1:]}.
   *
   * @param fromEnd whether a negative index counts from the end; otherwise only {@code [0, size)} is valid
   * @param indexName the index's node, for messages
   * @throws IllegalArgumentException naming the index's position and value if one is out of range
   */
  static Tensor take(Tensor x, Tensor index, int axis, boolean fromEnd, String indexName) {
    long[] xs = x.shape();
    long[] is = index.shape();
    long length = xs[axis];
    long outer = 1;
    for (int d = 0; d < axis; d++) {
      outer *= xs[d];
    }
    long inner = 1;
    for (int d = axis + 1; d < xs.length; d++) {
      inner *= xs[d];
    }
    double[] ids = index.data();
    double[] data = x.data();
    double[] out = new double[(int) (outer * ids.length * inner)];
    for (int j = 0; j < ids.length; j++) {
      double v = ids[j];
      double at = fromEnd && v < 0 ? v + length : v;
      if (at < 0 || at >= length || at != Math.rint(at)) {
        throw new IllegalArgumentException(indexName + position(j, is) + " (flat index " + j + ") is "
            + number(v) + ", outside [" + (fromEnd ? -length : 0) + ", " + length + ")");
      }
      for (int o = 0; o < outer; o++) {
        for (int k = 0; k < inner; k++) {
          out[(int) ((o * ids.length + j) * inner + k)] = data[(int) ((o * length + (long) at) * inner + k)];
        }
      }
    }
    long[] shape = new long[xs.length - 1 + is.length];
    System.arraycopy(xs, 0, shape, 0, axis);
    System.arraycopy(is, 0, shape, axis, is.length);
    System.arraycopy(xs, axis + 1, shape, axis + is.length, xs.length - axis - 1);
    return new Tensor(shape, out);
  }

  /** {@code [1, 2]}: where flat element {@code j} sits in a row-major tensor of {@code shape}. */
  private static String position(int j, long[] shape) {
    long[] at = new long[shape.length];
    long rest = j;
    for (int d = shape.length - 1; d >= 0; d--) {
      at[d] = rest % shape[d];
      rest /= shape[d];
    }
    return Arrays.toString(at);
  }

  /** A number as messages show it: a whole one without a fraction. */
  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
