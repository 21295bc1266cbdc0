package dev.netc.runtime.kernels;

import dev.netc.runtime.ops.LossKind;

/**
 * The losses ({@link LossKind}) over row-major arrays, each into one float: scalar loops in
 * double, since a loss reads each element once and its cost is the logits' layer's, not its own.
 * Each row's log-sum-exp is taken from its maximum, so large logits do not overflow.
 */
public final class Losses {
  private Losses() {}

  /**
   * The mean over {@code rows} of {@code -sum(t * log_softmax(z))}, each row {@code classes}
   * long: cross-entropy against one-hot or probability targets of the logits' shape.
   */
  public static void crossEntropy(float[] z, int zo, float[] t, int to, float[] out, int oo, int rows, int classes) {
    double total = 0;
    for (int r = 0; r < rows; r++) {
      int row = r * classes;
      double lse = logSumExp(z, zo + row, classes);
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += t[to + row + c] * (z[zo + row + c] - lse);
      }
      total -= sum;
    }
    out[oo] = (float) (total / rows);
  }

  /** The mean over {@code rows} of {@code -log_softmax(z)[label]}, with one i64 label per row. */
  public static void sparseCrossEntropy(float[] z, int zo, long[] labels, int lo, float[] out, int oo, int rows,
      int classes) {
    double total = 0;
    for (int r = 0; r < rows; r++) {
      total += negativeLogLikelihood(z, zo + r * classes, classes, labels[lo + r], r);
    }
    out[oo] = (float) (total / rows);
  }

  /** {@link #sparseCrossEntropy(float[], int, long[], int, float[], int, int, int)} with i32 labels. */
  public static void sparseCrossEntropy(float[] z, int zo, int[] labels, int lo, float[] out, int oo, int rows,
      int classes) {
    double total = 0;
    for (int r = 0; r < rows; r++) {
      total += negativeLogLikelihood(z, zo + r * classes, classes, labels[lo + r], r);
    }
    out[oo] = (float) (total / rows);
  }

  /** {@code -log_softmax(row)[label]} of the row from {@code from}, after checking the label is a class. */
  private static double negativeLogLikelihood(float[] z, int from, int classes, long label, int row) {
    if (label < 0 || label >= classes) {
      throw new IllegalArgumentException("sparse_cross_entropy: label " + row + " is " + label + ", but the logits "
          + "have " + classes + " classes: labels are class indices in [0, " + classes + ")");
    }
    return logSumExp(z, from, classes) - z[from + (int) label];
  }

  /**
   * The mean over {@code n} elements of binary cross-entropy, of probabilities or, with
   * {@code kind} {@code BINARY_CROSS_ENTROPY_WITH_LOGITS}, of logits.
   */
  public static void binaryCrossEntropy(LossKind kind, float[] p, int po, float[] t, int to, float[] out, int oo,
      int n) {
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += kind.binary(p[po + i], t[to + i]);
    }
    out[oo] = (float) (total / n);
  }

  private static double logSumExp(float[] z, int from, int count) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < count; c++) {
      max = Math.max(max, z[from + c]);
    }
    double sum = 0;
    for (int c = 0; c < count; c++) {
      sum += Math.exp(z[from + c] - max);
    }
    return max + Math.log(sum);
  }
}
