package dev.netc.runtime.ops;

/**
 * The losses, by the name a spec calls them, as PyTorch's functions of the same names define them
 * with their default mean reduction: each is one number, the mean over the rows (the examples) or,
 * for the binary ones, over every element.
 */
public enum LossKind {
  /** {@code cross_entropy(logits, target)}: targets of the logits' shape, one-hot or probabilities. */
  CROSS_ENTROPY("cross_entropy"),
  /** {@code sparse_cross_entropy(logits, labels)}: one integer class index per row. */
  SPARSE_CROSS_ENTROPY("sparse_cross_entropy"),
  /** {@code binary_cross_entropy(p, target)}: probabilities in [0, 1], each log clamped at -100. */
  BINARY_CROSS_ENTROPY("binary_cross_entropy"),
  /** {@code binary_cross_entropy(z, target, logits=true)}: the sigmoid taken inside, stably. */
  BINARY_CROSS_ENTROPY_WITH_LOGITS("binary_cross_entropy");

  /** PyTorch's floor for {@code log(p)} in binary cross-entropy, so that p = 0 gives a finite loss. */
  public static final double LOG_FLOOR = -100;

  private final String spelling;

  LossKind(String spelling) {
    this.spelling = spelling;
  }

  /** The name a spec calls it by. */
  public String spelling() {
    return spelling;
  }

  /** Whether it reads one row of logits per example, classes along the last axis. */
  public boolean overClasses() {
    return this == CROSS_ENTROPY || this == SPARSE_CROSS_ENTROPY;
  }

  /** One element's binary cross-entropy of prediction {@code p} (a probability, or a logit) against {@code t}. */
  public double binary(double p, double t) {
    if (this == BINARY_CROSS_ENTROPY_WITH_LOGITS) {
      return Math.max(p, 0) - p * t + Math.log1p(Math.exp(-Math.abs(p)));
    }
    return -(t * Math.max(Math.log(p), LOG_FLOOR) + (1 - t) * Math.max(Math.log1p(-p), LOG_FLOOR));
  }
}
