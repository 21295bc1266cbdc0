package dev.netc.runtime.kernels;

import dev.netc.runtime.Parallel;
import java.util.concurrent.Executor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scaled dot-product attention, head by head, as two register-tiled products:
 * the scores {@code S = scale * Q @ K^T + mask} (keys transposed once per head
 * into scratch, so a tile of 4 query rows by 2 vectors of keys accumulates over
 * the features), a stable softmax of each row, then {@code O = S @ V} (4 rows by
 * up to 4 vectors of the value features). Scratch memory comes from the caller,
 * so nothing is allocated per call.
 */
public final class Attention {
  private Attention() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /**
   * For every index of {@code batch}: {@code out = softmax(scale * q @ k^T + mask) @ v}
   * with {@code q [tq, d]}, {@code k [tk, d]}, {@code v [tk, dv]} at the offsets the batch
   * strides give from {@code qo}, {@code ko}, {@code vo} (0 broadcasts), their rows
   * {@code qRow}, {@code kRow}, {@code vRow} floats apart, and the result's rows
   * {@code outRow} apart at the offsets {@code outStride} gives from {@code oo}. Contiguous
   * heads have row strides {@code d} and {@code dv}; heads inside a {@code [N, T, heads, d]}
   * layout are read and written in place with row stride {@code heads * d}, instead of being
   * transposed out and back. The mask is null (and {@code mo} ignored), or read at
   * {@code mo + sum(index * maskStride) + i * maskRow + j * maskCol}. When {@code causal}, query
   * row {@code i} attends to keys {@code 0..i} only (PyTorch's {@code is_causal}, aligned
   * top-left): no mask is made, the rows' softmax and value sums stop at their last key.
   *
   * <p>When there are several heads and enough work ({@link Parallel#worthSplitting}), half
   * of the heads run on {@code executor} with {@code otherScratch}. Each head is computed
   * the same way on either thread, so the split does not change the result.
   *
   * @param scratch at least {@link #scratchSize(int, int, int)} floats
   * @param executor where the other half of the heads runs, or null for none
   * @param otherScratch the other half's scratch, as large as {@code scratch}
   */
  public static void forward(float[] q, int qo, int[] qStride, int qRow, float[] k, int ko, int[] kStride, int kRow,
      float[] v, int vo, int[] vStride, int vRow, float[] mask, int mo, int[] maskStride, int maskRow, int maskCol,
      boolean causal, float[] out, int oo, int[] outStride, int outRow, int[] batch, int tq, int tk, int d, int dv, float scale,
      float[] scratch, Executor executor, float[] otherScratch) {
    int heads = count(batch);
    if (heads >= 2 && Parallel.worthSplitting(executor, heads, (long) tq * tk, d + dv)) {
      int mid = heads / 2;
      HeadsHalf other = HEADS_HALVES.get();
      if (!other.idle()) {
        other = new HeadsHalf();
      }
      other.set(q, qo, qStride, qRow, k, ko, kStride, kRow, v, vo, vStride, vRow, mask, mo, maskStride, maskRow,
          maskCol, causal, out, oo, outStride, outRow, batch, tq, tk, d, dv, scale, otherScratch, mid, heads);
      Parallel.start(executor, other);
      heads(q, qo, qStride, qRow, k, ko, kStride, kRow, v, vo, vStride, vRow, mask, mo, maskStride, maskRow, maskCol, causal,
          out, oo, outStride, outRow, batch, tq, tk, d, dv, scale, scratch, 0, mid);
      Parallel.join(other);
      return;
    }
    heads(q, qo, qStride, qRow, k, ko, kStride, kRow, v, vo, vStride, vRow, mask, mo, maskStride, maskRow, maskCol, causal, out,
        oo, outStride, outRow, batch, tq, tk, d, dv, scale, scratch, 0, heads);
  }

  /** The half of the heads a thread hands over, reused from one forward pass to the next. */
  private static final ThreadLocal<HeadsHalf> HEADS_HALVES = ThreadLocal.withInitial(HeadsHalf::new);

  /** Heads {@code [h0, h1)} with their operands, as a {@link Parallel.Half}: handing it over allocates nothing. */
  private static final class HeadsHalf extends Parallel.Half {
    private float[] q;
    private int qo;
    private int[] qStride;
    private int qRow;
    private float[] k;
    private int ko;
    private int[] kStride;
    private int kRow;
    private float[] v;
    private int vo;
    private int[] vStride;
    private int vRow;
    private float[] mask;
    private int mo;
    private int[] maskStride;
    private int maskRow;
    private int maskCol;
    private boolean causal;
    private float[] out;
    private int oo;
    private int[] outStride;
    private int outRow;
    private int[] batch;
    private int tq;
    private int tk;
    private int d;
    private int dv;
    private float scale;
    private float[] scratch;
    private int h0;
    private int h1;

    void set(float[] q, int qo, int[] qStride, int qRow, float[] k, int ko, int[] kStride, int kRow, float[] v, int vo,
        int[] vStride, int vRow, float[] mask, int mo, int[] maskStride, int maskRow, int maskCol, boolean causal, float[] out, int oo,
        int[] outStride, int outRow, int[] batch, int tq, int tk, int d, int dv, float scale, float[] scratch, int h0,
        int h1) {
      this.q = q;
      this.qo = qo;
      this.qStride = qStride;
      this.qRow = qRow;
      this.k = k;
      this.ko = ko;
      this.kStride = kStride;
      this.kRow = kRow;
      this.v = v;
      this.vo = vo;
      this.vStride = vStride;
      this.vRow = vRow;
      this.mask = mask;
      this.mo = mo;
      this.maskStride = maskStride;
      this.maskRow = maskRow;
      this.maskCol = maskCol;
      this.causal = causal;
      this.out = out;
      this.oo = oo;
      this.outStride = outStride;
      this.outRow = outRow;
      this.batch = batch;
      this.tq = tq;
      this.tk = tk;
      this.d = d;
      this.dv = dv;
      this.scale = scale;
      this.scratch = scratch;
      this.h0 = h0;
      this.h1 = h1;
    }

    @Override
    protected void compute() {
      heads(q, qo, qStride, qRow, k, ko, kStride, kRow, v, vo, vStride, vRow, mask, mo, maskStride, maskRow, maskCol, causal,
          out, oo, outStride, outRow, batch, tq, tk, d, dv, scale, scratch, h0, h1);
    }

    @Override
    protected void clear() {
      q = k = v = mask = out = scratch = null;
      qStride = kStride = vStride = maskStride = outStride = batch = null;
    }
  }

  /** Scratch for one head: its scores {@code [tq, tk]} and its keys transposed {@code [d, tk]}. */
  public static long scratchSize(int tq, int tk, int d) {
    return (long) tq * tk + (long) d * tk;
  }

  private static int count(int[] batch) {
    int heads = 1;
    for (int b : batch) {
      heads *= b;
    }
    return heads;
  }

  /**
   * Heads {@code [h0, h1)} in row-major order of {@code batch}, each index decomposed into
   * the operands' offsets from {@code qo}, {@code ko}, {@code vo}, {@code mo} and {@code oo}.
   */
  private static void heads(float[] q, int qo, int[] qStride, int qRow, float[] k, int ko, int[] kStride, int kRow,
      float[] v, int vo, int[] vStride, int vRow, float[] mask, int mo, int[] maskStride, int maskRow, int maskCol,
      boolean causal, float[] out, int oo, int[] outStride, int outRow, int[] batch, int tq, int tk, int d, int dv, float scale,
      float[] scratch, int h0, int h1) {
    for (int h = h0; h < h1; h++) {
      int qh = qo;
      int kh = ko;
      int vh = vo;
      int mh = mo;
      int oh = oo;
      int rest = h;
      for (int a = batch.length - 1; a >= 0; a--) {
        int i = rest % batch[a];
        rest /= batch[a];
        qh += i * qStride[a];
        kh += i * kStride[a];
        vh += i * vStride[a];
        if (mask != null) {
          mh += i * maskStride[a];
        }
        oh += i * outStride[a];
      }
      head(q, qh, k, kh, v, vh, mask, mh, maskRow, maskCol, causal, out, oh, tq, tk, d, dv, scale, scratch, qRow, kRow, vRow,
          outRow);
    }
  }

  private static void head(float[] q, int qo, float[] k, int ko, float[] v, int vo, float[] mask, int mo,
      int maskRow, int maskCol, boolean causal, float[] out, int oo, int tq, int tk, int d, int dv, float scale, float[] scratch,
      int qRow, int kRow, int vRow, int outRow) {
    int kt = tq * tk;
    // Keys transposed in blocks of 8, so both the reads and the writes stay within a few cache lines.
    for (int j0 = 0; j0 < tk; j0 += 8) {
      int j1 = Math.min(tk, j0 + 8);
      for (int f = 0; f < d; f++) {
        int to = kt + f * tk;
        for (int j = j0; j < j1; j++) {
          scratch[to + j] = k[ko + j * kRow + f];
        }
      }
    }
    scores(q, qo, qRow, scratch, kt, scratch, tq, tk, d, scale, causal);
    for (int i = 0; i < tq; i++) {
      // Causal: row i sees keys 0..i only; the weights past them are 0 for the value tiles.
      int keys = causal ? Math.min(tk, i + 1) : tk;
      if (mask != null) {
        addMaskRow(scratch, i * tk, mask, mo + i * maskRow, maskCol, keys);
      }
      Normalize.softmaxRow(scratch, i * tk, scratch, i * tk, keys, false);
      if (keys < tk) {
        java.util.Arrays.fill(scratch, i * tk + keys, (i + 1) * tk, 0f);
      }
    }
    weightedValues(scratch, v, vo, vRow, out, oo, outRow, tq, tk, dv, causal);
  }

  /** {@code s[so + j] += mask[mo + j * maskCol]} for {@code j < tk}: vectors when the mask row is contiguous. */
  private static void addMaskRow(float[] s, int so, float[] mask, int mo, int maskCol, int tk) {
    if (maskCol == 1) {
      for (int j = 0; j < tk; j += L) {
        VectorMask<Float> m = S.indexInRange(j, tk);
        FloatVector.fromArray(S, s, so + j, m).add(FloatVector.fromArray(S, mask, mo + j, m)).intoArray(s, so + j, m);
      }
    } else {
      for (int j = 0; j < tk; j++) {
        s[so + j] += mask[mo + j * maskCol];
      }
    }
  }

  /**
   * {@code s[i, j] = scale * sum_f q[i, f] * kT[f, j]}, by tiles of 4 rows x 2 vectors; when
   * {@code causal}, only for the keys some row of the tile sees (up to its last row).
   */
  private static void scores(float[] q, int qo, int qRow, float[] kT, int kt, float[] s, int tq, int tk, int d,
      float scale, boolean causal) {
    int i = 0;
    for (; i + 4 <= tq; i += 4) {
      int keys = causal ? Math.min(tk, i + 4) : tk;
      int j = 0;
      for (; j + 2 * L <= keys; j += 2 * L) {
        scores4x2(q, qo + i * qRow, qRow, kT, kt + j, s, i * tk + j, tk, d, scale);
      }
      for (; j < keys; j += L) {
        for (int r = 0; r < 4; r++) {
          scoresRow(q, qo + (i + r) * qRow, kT, kt + j, s, (i + r) * tk + j, tk, d, scale, keys - j);
        }
      }
    }
    for (; i < tq; i++) {
      int keys = causal ? Math.min(tk, i + 1) : tk;
      for (int j = 0; j < keys; j += L) {
        scoresRow(q, qo + i * qRow, kT, kt + j, s, i * tk + j, tk, d, scale, keys - j);
      }
    }
  }

  private static void scores4x2(float[] q, int qi, int qRow, float[] kT, int kj, float[] s, int si, int tk, int d,
      float scale) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S);
    FloatVector c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S);
    FloatVector c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S);
    FloatVector c31 = FloatVector.zero(S);
    for (int f = 0; f < d; f++) {
      int w = kj + f * tk;
      FloatVector w0 = FloatVector.fromArray(S, kT, w);
      FloatVector w1 = FloatVector.fromArray(S, kT, w + L);
      FloatVector a0 = FloatVector.broadcast(S, q[qi + f]);
      c00 = w0.fma(a0, c00);
      c01 = w1.fma(a0, c01);
      FloatVector a1 = FloatVector.broadcast(S, q[qi + qRow + f]);
      c10 = w0.fma(a1, c10);
      c11 = w1.fma(a1, c11);
      FloatVector a2 = FloatVector.broadcast(S, q[qi + 2 * qRow + f]);
      c20 = w0.fma(a2, c20);
      c21 = w1.fma(a2, c21);
      FloatVector a3 = FloatVector.broadcast(S, q[qi + 3 * qRow + f]);
      c30 = w0.fma(a3, c30);
      c31 = w1.fma(a3, c31);
    }
    c00.mul(scale).intoArray(s, si);
    c01.mul(scale).intoArray(s, si + L);
    c10.mul(scale).intoArray(s, si + tk);
    c11.mul(scale).intoArray(s, si + tk + L);
    c20.mul(scale).intoArray(s, si + 2 * tk);
    c21.mul(scale).intoArray(s, si + 2 * tk + L);
    c30.mul(scale).intoArray(s, si + 3 * tk);
    c31.mul(scale).intoArray(s, si + 3 * tk + L);
  }

  /**
   * One query row against one vector of keys, of which the first {@code valid} are real: the mask
   * is made here rather than passed in, since a mask argument of a call C2 does not inline is
   * boxed on every call.
   */
  private static void scoresRow(float[] q, int qi, float[] kT, int kj, float[] s, int si, int tk, int d, float scale,
      int valid) {
    VectorMask<Float> m = S.indexInRange(0, valid);
    FloatVector c = FloatVector.zero(S);
    for (int f = 0; f < d; f++) {
      c = FloatVector.fromArray(S, kT, kj + f * tk, m).fma(FloatVector.broadcast(S, q[qi + f]), c);
    }
    c.mul(scale).intoArray(s, si, m);
  }

  /**
   * {@code out[i, c] = sum_j p[i, j] * v[j, c]}, by tiles of 4 rows x up to 4 vectors; when
   * {@code causal}, over the keys the tile's last row sees (the weights past a row's own are 0).
   */
  private static void weightedValues(float[] p, float[] v, int vo, int vRow, float[] out, int oo, int outRow, int tq,
      int tk, int dv, boolean causal) {
    int i = 0;
    for (; i + 4 <= tq; i += 4) {
      int keys = causal ? Math.min(tk, i + 4) : tk;
      int c = 0;
      for (; c + 2 * L <= dv; c += 2 * L) {
        values4x2(p, i * tk, v, vo + c, vRow, out, oo + i * outRow + c, outRow, tk, keys);
      }
      for (; c < dv; c += L) {
        for (int r = 0; r < 4; r++) {
          valuesRow(p, (i + r) * tk, v, vo + c, vRow, out, oo + (i + r) * outRow + c, keys, dv - c);
        }
      }
    }
    for (; i < tq; i++) {
      int keys = causal ? Math.min(tk, i + 1) : tk;
      for (int c = 0; c < dv; c += L) {
        valuesRow(p, i * tk, v, vo + c, vRow, out, oo + i * outRow + c, keys, dv - c);
      }
    }
  }

  private static void values4x2(float[] p, int pi, float[] v, int vc, int vRow, float[] out, int oi, int outRow,
      int tk, int keys) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S);
    FloatVector c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S);
    FloatVector c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S);
    FloatVector c31 = FloatVector.zero(S);
    for (int j = 0; j < keys; j++) {
      int w = vc + j * vRow;
      FloatVector w0 = FloatVector.fromArray(S, v, w);
      FloatVector w1 = FloatVector.fromArray(S, v, w + L);
      FloatVector a0 = FloatVector.broadcast(S, p[pi + j]);
      c00 = w0.fma(a0, c00);
      c01 = w1.fma(a0, c01);
      FloatVector a1 = FloatVector.broadcast(S, p[pi + tk + j]);
      c10 = w0.fma(a1, c10);
      c11 = w1.fma(a1, c11);
      FloatVector a2 = FloatVector.broadcast(S, p[pi + 2 * tk + j]);
      c20 = w0.fma(a2, c20);
      c21 = w1.fma(a2, c21);
      FloatVector a3 = FloatVector.broadcast(S, p[pi + 3 * tk + j]);
      c30 = w0.fma(a3, c30);
      c31 = w1.fma(a3, c31);
    }
    c00.intoArray(out, oi);
    c01.intoArray(out, oi + L);
    c10.intoArray(out, oi + outRow);
    c11.intoArray(out, oi + outRow + L);
    c20.intoArray(out, oi + 2 * outRow);
    c21.intoArray(out, oi + 2 * outRow + L);
    c30.intoArray(out, oi + 3 * outRow);
    c31.intoArray(out, oi + 3 * outRow + L);
  }

  /**
   * One row of weights, its first {@code keys}, against one vector of value features, the first
   * {@code valid} of them real (see {@link #scoresRow}).
   */
  private static void valuesRow(float[] p, int pi, float[] v, int vc, int vRow, float[] out, int oi, int keys,
      int valid) {
    VectorMask<Float> m = S.indexInRange(0, valid);
    FloatVector c = FloatVector.zero(S);
    for (int j = 0; j < keys; j++) {
      c = FloatVector.fromArray(S, v, vc + j * vRow, m).fma(FloatVector.broadcast(S, p[pi + j]), c);
    }
    c.intoArray(out, oi, m);
  }
}
