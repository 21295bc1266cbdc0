package dev.netc.bench;

/** The dimensions of the encoder block in {@code encoder.nn}, and the sequence length benchmarked. */
public final class EncoderShape {
  /** The model width. */
  public static final int D_MODEL = 256;
  /** The attention heads. */
  public static final int HEADS = 4;
  /** The width of one head. */
  public static final int D_K = D_MODEL / HEADS;
  /** The hidden width of the feed-forward part. */
  public static final int D_FF = 1024;
  /** The sequence length every benchmark uses (the spec leaves it a run-time dimension). */
  public static final int SEQ = 128;
  /** Layer normalization's epsilon, the spec's default. */
  public static final float EPS = 1e-5f;

  private EncoderShape() {}

  /**
   * The matmul FLOPs for one sequence: the four [T, d] @ [d, d] projections, the two
   * feed-forward products, and per head q @ k.T and weights @ v.
   */
  public static long matmulFlopsPerSequence() {
    long t = SEQ;
    long projections = 4 * 2 * t * D_MODEL * D_MODEL;
    long feedForward = 2 * 2 * t * D_MODEL * D_FF;
    long attention = HEADS * 2 * (2 * t * t * D_K);
    return projections + feedForward + attention;
  }

  /** The number of parameters: four projections and two feed-forward layers with biases, two norms. */
  public static long parameterCount() {
    long projections = 4L * (D_MODEL * D_MODEL + D_MODEL);
    long feedForward = (long) D_MODEL * D_FF + D_FF + (long) D_FF * D_MODEL + D_MODEL;
    long norms = 4L * D_MODEL;
    return projections + feedForward + norms;
  }
}
