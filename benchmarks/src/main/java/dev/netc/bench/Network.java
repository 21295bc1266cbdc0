package dev.netc.bench;

/**
 * The networks of the suite, one per {@code .nn} spec in {@code src/main/nn}: their shapes, the
 * names their weights have in the weights file, and what one forward pass costs.
 *
 * <p>FLOPs count only the matrix products, {@code 2 * m * k * n} for each, a multiply-add being
 * two; bias, activations, softmax and layer normalization are left out (they are below 1% of the
 * dense networks and about 1% of the encoder block).
 *
 * <p>{@link #MINILM} is the one network not written for the suite: a published model, compiled
 * from its ONNX file with its own weights.
 */
public enum Network {
  /** 784-128-64-10, relu on the hidden layers: {@code mlp_s.nn}. */
  MLP_S("mlp_s", new int[] {784, 128, 64, 10}, true),
  /** 1024-4096-4096-1024, relu on the hidden layers, about 100 MB of weights: {@code mlp_l.nn}. */
  MLP_L("mlp_l", new int[] {1024, 4096, 4096, 1024}, true),
  /** One [512, 512] matrix, no bias: {@code gemm_512.nn}. */
  GEMM_512("gemm_512", new int[] {512, 512}, false),
  /** One [2048, 2048] matrix, no bias: {@code gemm_2048.nn}. */
  GEMM_2048("gemm_2048", new int[] {2048, 2048}, false),
  /** One post-norm transformer encoder block: {@code encoder.nn}, see {@link EncoderShape}. */
  ENCODER("encoder", new int[0], true),
  /** all-MiniLM-L6-v2, compiled from its ONNX file: see {@link MiniLmShape}. */
  MINILM("minilm", new int[0], true);

  private final String id;
  private final int[] widths;
  private final boolean mlp;

  Network(String id, int[] widths, boolean mlp) {
    this.id = id;
    this.widths = widths;
    this.mlp = mlp;
  }

  /** The name in workload ids and in the spec's file name, e.g. {@code mlp_s}. */
  public String id() {
    return id;
  }

  /** Whether this is a stack of dense layers (every network but the encoders). */
  public boolean isDense() {
    return this != ENCODER && this != MINILM;
  }

  /** Dense layers: the number of weight matrices. */
  public int layers() {
    return widths.length - 1;
  }

  /** Dense layers: the input width of layer {@code l}. */
  public int in(int l) {
    return widths[l];
  }

  /** Dense layers: the output width of layer {@code l}. */
  public int out(int l) {
    return widths[l + 1];
  }

  /** Dense layers: the width of the network's input. */
  public int inputWidth() {
    return widths[0];
  }

  /** Dense layers: the width of the network's output. */
  public int outputWidth() {
    return widths[widths.length - 1];
  }

  /** Dense layers: whether the layers have a bias (the MLPs) or are bare products (the GEMMs). */
  public boolean hasBias() {
    return mlp;
  }

  /** Dense layers: whether layer {@code l} ends in relu (every MLP layer but the last). */
  public boolean relu(int l) {
    return mlp && l < layers() - 1;
  }

  /** Dense layers: the weights file's name for layer {@code l}'s [in, out] matrix, as the spec reads it. */
  public String weightName(int l) {
    return mlp ? layerName(l) + ".weight" : "W";
  }

  /** Dense layers: the weights file's name for layer {@code l}'s bias, as the spec reads it. */
  public String biasName(int l) {
    return layerName(l) + ".bias";
  }

  private String layerName(int l) {
    return l == layers() - 1 ? "out" : "fc" + (l + 1);
  }

  /** The FLOPs of the matrix products of one forward pass over a batch of {@code batch}. */
  public long flops(int batch) {
    if (this == ENCODER) {
      return batch * EncoderShape.matmulFlopsPerSequence();
    }
    if (this == MINILM) {
      return batch * MiniLmShape.matmulFlopsPerSequence();
    }
    long perRow = 0;
    for (int l = 0; l < layers(); l++) {
      perRow += 2L * in(l) * out(l);
    }
    return batch * perRow;
  }

  /** The bytes of all its parameters as f32: what a batch-1 forward pass must read at least. */
  public long weightBytes() {
    if (this == ENCODER) {
      return EncoderShape.parameterCount() * Float.BYTES;
    }
    if (this == MINILM) {
      return MiniLmShape.PARAMETERS * Float.BYTES;
    }
    long params = 0;
    for (int l = 0; l < layers(); l++) {
      params += (long) in(l) * out(l) + (mlp ? out(l) : 0);
    }
    return params * Float.BYTES;
  }

  /** The network with this id. */
  public static Network byId(String id) {
    for (Network n : values()) {
      if (n.id.equals(id)) {
        return n;
      }
    }
    throw new IllegalArgumentException("no network " + id);
  }
}
