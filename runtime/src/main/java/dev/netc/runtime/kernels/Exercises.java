package dev.netc.runtime.kernels;

import dev.netc.runtime.WarmUp;
import dev.netc.runtime.ops.ActivationKind;
import dev.netc.runtime.ops.ArithOp;
import dev.netc.runtime.ops.Reduction;
import jdk.incubator.vector.FloatVector;

/**
 * The warm-up calls of the shared kernels ({@link WarmUp}): each runs one kernel on small
 * scratch arrays shaped so that every vector loop, masked tail and scalar remainder of the kernel
 * runs, since a path first taken after C2 compiled the method sends it back to the interpreter.
 * The sizes are a few vectors, so a call costs microseconds even interpreted; what compiles is
 * the same for any size. Each exercise allocates its arrays once, when it is made.
 */
public final class Exercises {
  private Exercises() {}

  /** Floats per vector of the shared kernels. */
  private static final int L = FloatVector.SPECIES_PREFERRED.length();

  /** A row length with whole vectors and a tail of 3: 2 vectors and 3 floats. */
  private static final int ROW = 2 * L + 3;

  private static final float[] POW_SPECIAL_CASES = {1, 2, 3, 0.5f, -1, -0.5f};

  /** {@code f} over a row ({@code Activations.apply}) and over a block with a residual ({@code applyBlock}). */
  public static WarmUp.Exercise activation(ActivationKind f) {
    float[] in = ramp(2 * ROW);
    float[] out = new float[2 * ROW];
    float[] res = ramp(2 * ROW);
    return new WarmUp.Exercise(Activations.class, f.toString(), () -> {
      Activations.apply(f, in, 0, out, 0, ROW, 0.01f);
      Activations.applyBlock(f, out, 0, 2, ROW - 1, ROW, 0.01f, res, 0);
      Activations.applyBlock(f, out, 0, 2, ROW - 1, ROW, 0.01f, null, 0);
      if (f == ActivationKind.POW) {
        // Each exponent pow computes otherwise than by the general power is a loop of its own.
        for (float p : POW_SPECIAL_CASES) {
          Activations.apply(f, in, 0, out, 0, ROW, p);
        }
      }
    });
  }

  /** {@code a op b} with both operands contiguous, and with either broadcast along the row. */
  public static WarmUp.Exercise elementwise(ArithOp op) {
    float[] a = ramp(2 * ROW);
    float[] b = ramp(2 * ROW);
    float[] out = new float[2 * ROW];
    int[] shape = {2, ROW};
    int[] rows = {ROW, 1};
    int[] column = {1, 0};
    int[] row = {0, 1};
    return new WarmUp.Exercise(Elementwise.class, op.toString(), () -> {
      Elementwise.apply(op, a, 0, rows, b, 0, rows, out, 0, shape);
      Elementwise.apply(op, a, 0, rows, b, 0, column, out, 0, shape);
      Elementwise.apply(op, a, 0, column, b, 0, row, out, 0, shape);
    });
  }

  /** Negation of a row. */
  public static WarmUp.Exercise negate() {
    float[] x = ramp(ROW);
    float[] out = new float[ROW];
    return new WarmUp.Exercise(Elementwise.class, "negate", () -> Elementwise.negate(x, 0, out, 0, ROW));
  }

  /** Softmax and log-softmax along a contiguous axis and a strided one. */
  public static WarmUp.Exercise softmax() {
    float[] x = ramp(2 * ROW);
    float[] out = new float[2 * ROW];
    return new WarmUp.Exercise(Normalize.class, "softmax", () -> {
      Normalize.softmax(x, 0, out, 0, 2, ROW, 1, false);
      Normalize.softmax(x, 0, out, 0, 2, ROW, 1, true);
      Normalize.softmax(x, 0, out, 0, 1, ROW, 2, false);
    });
  }

  /** Layer norm over two rows of whole vectors and a tail. */
  public static WarmUp.Exercise layerNorm() {
    float[] x = ramp(2 * ROW);
    float[] gamma = ramp(ROW);
    float[] beta = ramp(ROW);
    float[] out = new float[2 * ROW];
    return new WarmUp.Exercise(Normalize.class, "layerNorm",
        () -> Normalize.layerNorm(x, 0, gamma, 0, beta, 0, out, 0, 2, ROW, 1e-5f));
  }

  /** Sums and maxima along a contiguous axis and a strided one. */
  public static WarmUp.Exercise reduce() {
    float[] x = ramp(2 * ROW);
    float[] out = new float[2 * ROW];
    return new WarmUp.Exercise(Reduce.class, "apply", () -> {
      Reduce.apply(Reduction.MEAN, x, 0, out, 0, 2, ROW, 1);
      Reduce.apply(Reduction.MAX, x, 0, out, 0, 2, ROW, 1);
      Reduce.apply(Reduction.SUM, x, 0, out, 0, 1, 2, ROW);
      Reduce.apply(Reduction.MAX, x, 0, out, 0, 1, 2, ROW);
    });
  }

  /** L2 normalization along a contiguous axis and a strided one. */
  public static WarmUp.Exercise l2Normalize() {
    float[] x = ramp(2 * ROW);
    float[] out = new float[2 * ROW];
    return new WarmUp.Exercise(Normalize.class, "l2", () -> {
      Normalize.l2(x, 0, out, 0, 2, ROW, 1, 1e-12f);
      Normalize.l2(x, 0, out, 0, 1, 2, ROW, 1e-12f);
    });
  }

  /** A batched product with rows and columns of whole vectors and a tail. */
  public static WarmUp.Exercise matMul() {
    int m = 3;
    int k = 5;
    float[] a = ramp(2 * m * k);
    float[] b = ramp(2 * k * ROW);
    float[] c = new float[2 * m * ROW];
    int[] batch = {2};
    int[] aStride = {m * k};
    int[] bStride = {k * ROW};
    return new WarmUp.Exercise(MatMul.class, "batched",
        () -> MatMul.batched(a, 0, aStride, b, 0, bStride, c, 0, batch, m, k, ROW));
  }

  /**
   * One head of attention, with a mask, without, and causal with a mask: 9 queries (two 4-row tiles and a row), and
   * keys and features of 2 vectors and 3 floats (a 4 x 2 tile and a masked tail each way).
   */
  public static WarmUp.Exercise attention() {
    int t = ROW;
    int tq = 9;
    int d = ROW;
    float[] q = ramp(tq * d);
    float[] k = ramp(t * d);
    float[] v = ramp(t * d);
    float[] mask = new float[tq * t];
    float[] out = new float[tq * d];
    float[] scratch = new float[(int) Attention.scratchSize(tq, t, d)];
    int[] none = {0};
    int[] batch = {1};
    return new WarmUp.Exercise(Attention.class, "forward", () -> {
      Attention.forward(q, 0, none, d, k, 0, none, d, v, 0, none, d, mask, 0, none, t, 1, false, out, 0, none, d, batch,
          tq, t, d, d, 0.35f, scratch, null, null);
      Attention.forward(q, 0, none, d, k, 0, none, d, v, 0, none, d, null, 0, none, 0, 0, false, out, 0, none, d, batch,
          tq, t, d, d, 0.35f, scratch, null, null);
      Attention.forward(q, 0, none, d, k, 0, none, d, v, 0, none, d, mask, 0, none, t, 1, true, out, 0, none, d,
          batch, tq, t, d, d, 0.35f, scratch, null, null);
    });
  }

  /** Small values of both signs, so no exponential overflows and every branch of a max is taken. */
  private static float[] ramp(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = ((i * 7) % 13 - 6) / 8f;
    }
    return a;
  }
}
