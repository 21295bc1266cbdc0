package dev.netc.runtime.kernels;

import dev.netc.runtime.ops.ArithOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code + - * /} with NumPy broadcasting. The code generator passes the
 * result's shape and each operand's strides in that shape (0 where the operand
 * is stretched); the innermost axis runs vectorized when both operands are
 * contiguous or one is constant along it. Every array starts at the offset that
 * follows it, so a caller can keep a batch inside a larger buffer.
 */
public final class Elementwise {
  private Elementwise() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /**
   * {@code out = a op b} over {@code shape}, row-major into {@code out} from {@code oo};
   * {@code sa}, {@code sb} are the operands' strides from {@code ao} and {@code bo}.
   */
  public static void apply(ArithOp op, float[] a, int ao, int[] sa, float[] b, int bo, int[] sb, float[] out, int oo,
      int[] shape) {
    if (shape.length == 0) {
      out[oo] = op.apply(a[ao], b[bo]);
      return;
    }
    axis(op, a, ao, sa, b, bo, sb, out, oo, shape, 0);
  }

  /** Axis {@code d} and those after it; recursion instead of an index array keeps a call allocation-free. */
  private static int axis(ArithOp op, float[] a, int ao, int[] sa, float[] b, int bo, int[] sb, float[] out, int oo,
      int[] shape, int d) {
    int n = shape[d];
    if (d == shape.length - 1) {
      row(op, a, ao, sa[d], b, bo, sb[d], out, oo, n);
      return oo + n;
    }
    for (int i = 0; i < n; i++) {
      oo = axis(op, a, ao + i * sa[d], sa, b, bo + i * sb[d], sb, out, oo, shape, d + 1);
    }
    return oo;
  }

  private static void row(ArithOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    if (as == 1 && bs == 1) {
      for (; i < bound; i += S.length()) {
        vector(op, FloatVector.fromArray(S, a, ao + i), FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
      }
    } else if (as == 1 && bs == 0) {
      FloatVector bv = FloatVector.broadcast(S, b[bo]);
      for (; i < bound; i += S.length()) {
        vector(op, FloatVector.fromArray(S, a, ao + i), bv).intoArray(out, oo + i);
      }
    } else if (as == 0 && bs == 1) {
      FloatVector av = FloatVector.broadcast(S, a[ao]);
      for (; i < bound; i += S.length()) {
        vector(op, av, FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
      }
    }
    for (; i < n; i++) {
      out[oo + i] = op.apply(a[ao + i * as], b[bo + i * bs]);
    }
  }

  private static FloatVector vector(ArithOp op, FloatVector x, FloatVector y) {
    return switch (op) {
      case ADD -> x.add(y);
      case SUB -> x.sub(y);
      case MUL -> x.mul(y);
      case DIV -> x.div(y);
    };
  }

  /** {@code out[oo + i] = -x[xo + i]} for {@code i < n}. */
  public static void negate(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += S.length()) {
      FloatVector.fromArray(S, x, xo + i).neg().intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      out[oo + i] = -x[xo + i];
    }
  }

  /** The mean of {@code (a[ao + i] - b[bo + i])^2} over {@code i < n}, into {@code out[oo]}. */
  public static void mse(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double d = a[ao + i] - b[bo + i];
      sum += d * d;
    }
    out[oo] = (float) (sum / n);
  }
}
