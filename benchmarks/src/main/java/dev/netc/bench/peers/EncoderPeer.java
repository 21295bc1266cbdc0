package dev.netc.bench.peers;

import static dev.netc.bench.EncoderShape.D_FF;
import static dev.netc.bench.EncoderShape.D_K;
import static dev.netc.bench.EncoderShape.D_MODEL;
import static dev.netc.bench.EncoderShape.EPS;
import static dev.netc.bench.EncoderShape.HEADS;

import dev.netc.bench.model.EncoderWeights;

/**
 * The encoder block of {@code encoder.nn} in plain Java: every product, the per-head attention
 * products included, goes through a {@link MatMul}; softmax, layer normalization, GELU and the
 * residual additions are the same scalar loops in every peer. Each head's q, k.T and v are first
 * copied into contiguous arrays, as a user of a matmul routine must.
 */
public final class EncoderPeer {
  private static final float SCALE = (float) (1 / Math.sqrt(D_K));

  private final EncoderWeights w;
  private final MatMul matmul;
  private final int seq;
  private final float[] q;
  private final float[] k;
  private final float[] v;
  private final float[] context;
  private final float[] attended;
  private final float[] h1;
  private final float[] ff;
  private final float[] ff2;
  private final float[] qHead;
  private final float[] kHeadT;
  private final float[] vHead;
  private final float[] scores;
  private final float[] contextHead;

  /**
   * @param seq the sequence length every call uses
   * @param maxBatch the most sequences a call will have: buffers are allocated for it here, so
   *     that a call allocates nothing
   */
  public EncoderPeer(EncoderWeights weights, MatMul matmul, int seq, int maxBatch) {
    this.w = weights;
    this.matmul = matmul;
    this.seq = seq;
    int rows = maxBatch * seq;
    q = new float[rows * D_MODEL];
    k = new float[rows * D_MODEL];
    v = new float[rows * D_MODEL];
    context = new float[rows * D_MODEL];
    attended = new float[rows * D_MODEL];
    h1 = new float[rows * D_MODEL];
    ff = new float[rows * D_FF];
    ff2 = new float[rows * D_MODEL];
    qHead = new float[seq * D_K];
    kHeadT = new float[D_K * seq];
    vHead = new float[seq * D_K];
    scores = new float[seq * seq];
    contextHead = new float[seq * D_K];
  }

  /**
   * Computes the block for {@code n} sequences.
   *
   * @param x [n, seq, d_model]
   * @param mask [seq, seq], additive
   * @param out [n, seq, d_model]
   */
  public void forward(float[] x, float[] mask, int n, float[] out) {
    int rows = n * seq;
    matmul.multiply(x, rows, D_MODEL, w.wq(), D_MODEL, w.bq(), false, q);
    matmul.multiply(x, rows, D_MODEL, w.wk(), D_MODEL, w.bk(), false, k);
    matmul.multiply(x, rows, D_MODEL, w.wv(), D_MODEL, w.bv(), false, v);
    for (int s = 0; s < n; s++) {
      for (int h = 0; h < HEADS; h++) {
        attendHead(s, h, mask);
      }
    }
    matmul.multiply(context, rows, D_MODEL, w.wo(), D_MODEL, w.bo(), false, attended);
    addInPlace(attended, x, rows * D_MODEL);
    layerNorm(attended, w.ln1Gamma(), w.ln1Beta(), rows, h1);
    matmul.multiply(h1, rows, D_MODEL, w.w1(), D_FF, w.b1(), false, ff);
    for (int i = 0; i < rows * D_FF; i++) {
      ff[i] = Erf.gelu(ff[i]);
    }
    matmul.multiply(ff, rows, D_FF, w.w2(), D_MODEL, w.b2(), false, ff2);
    addInPlace(ff2, h1, rows * D_MODEL);
    layerNorm(ff2, w.ln2Gamma(), w.ln2Beta(), rows, out);
  }

  /** softmax(q_h @ k_h.T / sqrt(d_k) + mask) @ v_h for head {@code h} of sequence {@code s}. */
  private void attendHead(int s, int h, float[] mask) {
    int base = s * seq * D_MODEL + h * D_K;
    for (int t = 0; t < seq; t++) {
      int from = base + t * D_MODEL;
      System.arraycopy(q, from, qHead, t * D_K, D_K);
      System.arraycopy(v, from, vHead, t * D_K, D_K);
      for (int d = 0; d < D_K; d++) {
        kHeadT[d * seq + t] = k[from + d];
      }
    }
    matmul.multiply(qHead, seq, D_K, kHeadT, seq, null, false, scores);
    for (int t = 0; t < seq; t++) {
      softmaxRow(scores, t * seq, mask);
    }
    matmul.multiply(scores, seq, seq, vHead, D_K, null, false, contextHead);
    for (int t = 0; t < seq; t++) {
      System.arraycopy(contextHead, t * D_K, context, base + t * D_MODEL, D_K);
    }
  }

  /** Scales, masks and normalizes one row of scores in place. */
  private void softmaxRow(float[] row, int from, float[] mask) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < seq; j++) {
      float z = row[from + j] * SCALE + mask[from + j];
      row[from + j] = z;
      max = Math.max(max, z);
    }
    float sum = 0;
    for (int j = 0; j < seq; j++) {
      float e = (float) Math.exp(row[from + j] - max);
      row[from + j] = e;
      sum += e;
    }
    float inverse = 1 / sum;
    for (int j = 0; j < seq; j++) {
      row[from + j] *= inverse;
    }
  }

  private static void addInPlace(float[] target, float[] other, int length) {
    for (int i = 0; i < length; i++) {
      target[i] += other[i];
    }
  }

  /** Normalizes each row of {@code x} over the model width, then scales and shifts it. */
  private static void layerNorm(float[] x, float[] gamma, float[] beta, int rows, float[] out) {
    for (int r = 0; r < rows; r++) {
      int from = r * D_MODEL;
      float mean = 0;
      for (int j = 0; j < D_MODEL; j++) {
        mean += x[from + j];
      }
      mean /= D_MODEL;
      float variance = 0;
      for (int j = 0; j < D_MODEL; j++) {
        float d = x[from + j] - mean;
        variance += d * d;
      }
      variance /= D_MODEL;
      float inverse = (float) (1 / Math.sqrt(variance + EPS));
      for (int j = 0; j < D_MODEL; j++) {
        out[from + j] = (x[from + j] - mean) * inverse * gamma[j] + beta[j];
      }
    }
  }
}
