package dev.netc.bench;

/**
 * The dimensions of all-MiniLM-L6-v2 (a 6-layer BERT encoder, the sentence-embedding model
 * LangChain4j ships for Java), as its published ONNX file has them, and the sequence length
 * benchmarked.
 */
public final class MiniLmShape {
  /** The ONNX file, at the root of the model's jar and so of the class path. */
  public static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
  /** The encoder layers. */
  public static final int LAYERS = 6;
  /** The hidden width. */
  public static final int D_MODEL = 384;
  /** The attention heads. */
  public static final int HEADS = 12;
  /** The width of one head. */
  public static final int D_K = D_MODEL / HEADS;
  /** The hidden width of the feed-forward part. */
  public static final int D_FF = 1536;
  /** The vocabulary: token ids are below it. */
  public static final int VOCABULARY = 30_522;
  /** The sequence length every benchmark uses. */
  public static final int SEQ = 128;
  /** The token id of {@code [CLS]}, which starts every sequence. */
  public static final long CLS = 101;
  /** The token id of {@code [SEP]}, which ends every sequence. */
  public static final long SEP = 102;
  /** The parameters the ONNX file holds: embeddings, six layers, their norms (the importer's count). */
  public static final long PARAMETERS = 22_565_376;

  private MiniLmShape() {}

  /**
   * The matmul FLOPs for one sequence: per layer the four [T, d] @ [d, d] projections, the two
   * feed-forward products, and per head q @ k.T and weights @ v. The embedding lookups are not
   * products.
   */
  public static long matmulFlopsPerSequence() {
    long t = SEQ;
    long projections = 4 * 2 * t * D_MODEL * D_MODEL;
    long feedForward = 2 * 2 * t * D_MODEL * D_FF;
    long attention = HEADS * 2 * (2 * t * t * D_K);
    return LAYERS * (projections + feedForward + attention);
  }
}
