package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.netc.runtime.kernels.Activations;
import dev.netc.runtime.kernels.Attention;
import dev.netc.runtime.kernels.Elementwise;
import dev.netc.runtime.kernels.Layout;
import dev.netc.runtime.kernels.MatMul;
import dev.netc.runtime.kernels.Normalize;
import dev.netc.runtime.kernels.Reduce;
import dev.netc.runtime.ops.ActivationKind;
import dev.netc.runtime.ops.ArithOp;
import dev.netc.runtime.ops.Reduction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every shared kernel with each array operand inside a larger array, at an offset of its own,
 * surrounded by sentinels: the result must be the one computed at offset 0, bit for bit, and
 * nothing else may change, neither around the output nor anywhere in an input. Sizes are the
 * awkward ones (1, 17, 33, ... floats: a tail after whole vectors, or no whole vector).
 */
class KernelOffsetsTest {
  /**
   * The sentinel: a quiet NaN with a payload no arithmetic produces, so a kernel that reads one
   * by mistake writes NaN, and one it writes over no longer has these bits.
   */
  private static final float MARK = Float.intBitsToFloat(0x7fc0_5a5a);

  /** Each operand's offset: distinct, so that a kernel mixing up two offsets reads the wrong floats. */
  private static final int[] OFFSETS = {7, 33, 1, 18, 45, 12, 26, 3};

  /** Sentinels after each operand: more than a vector of 16 floats, so an overrun lands on them, not past the array. */
  private static final int PAD = 19;

  /**
   * How many times a run that differs from the one at offset 0 by a few ulps is repeated. The
   * Vector API's {@code exp} and {@code tanh} may differ in the last bit between interpreted
   * and compiled code, so the two runs can differ while C2 compiles a kernel between them
   * (or while the two threads of a split run it at different stages); a wrong offset
   * differs in whole values, every time.
   */
  private static final int ATTEMPTS = 5;

  private static final int[] SIZES = {1, 7, 16, 17, 33, 103};

  @Test
  @DisplayName("elementwise arithmetic honours the offsets of both operands and the result, broadcast or not")
  void elementwise() {
    for (ArithOp op : ArithOp.values()) {
      for (int n : SIZES) {
        elementwise(op, new int[] {n}, values(n), new int[] {1}, values(n), new int[] {1});
        // A row, a column and a scalar broadcast over [3, n] (stride 0), then a transposed operand.
        elementwise(op, new int[] {3, n}, values(3 * n), new int[] {n, 1}, values(n), new int[] {0, 1});
        elementwise(op, new int[] {3, n}, values(3 * n), new int[] {n, 1}, values(3), new int[] {1, 0});
        elementwise(op, new int[] {3, n}, values(1), new int[] {0, 0}, values(3 * n), new int[] {n, 1});
        elementwise(op, new int[] {n, 3}, values(3 * n), new int[] {1, n}, values(3 * n), new int[] {3, 1});
      }
      elementwise(op, new int[] {}, values(1), new int[] {}, values(1), new int[] {});
    }
  }

  private static void elementwise(ArithOp op, int[] shape, float[] a, int[] sa, float[] b, int[] sb) {
    assertHonoursOffsets(op + " over " + Arrays.toString(shape),
        (x, at) -> Elementwise.apply(op, x[0], at[0], sa, x[1], at[1], sb, x[2], at[2], shape),
        in(a), in(b), out(count(shape)));
  }

  @Test
  @DisplayName("negation and the mean squared error honour their offsets")
  void negateAndMse() {
    for (int n : SIZES) {
      assertHonoursOffsets("negate " + n, (x, at) -> Elementwise.negate(x[0], at[0], x[1], at[1], n),
          in(values(n)), out(n));
      assertHonoursOffsets("mse " + n, (x, at) -> Elementwise.mse(x[0], at[0], x[1], at[1], x[2], at[2], n),
          in(values(n)), in(values(n)), out(1));
    }
  }

  @Test
  @DisplayName("activations honour their offsets, over an array and over a block with a residual")
  void activations() {
    for (ActivationKind f : ActivationKind.values()) {
      for (int n : SIZES) {
        assertHonoursOffsets(f + " " + n, (x, at) -> Activations.apply(f, x[0], at[0], x[1], at[1], n, 0.1f),
            in(values(n)), out(n));
      }
      for (int cols : new int[] {1, 17, 21, 33}) {
        int rows = 3;
        int stride = cols + 7;
        // The block's gaps between rows hold sentinels too: they must stay as they are.
        float[] block = new float[rows * stride];
        Arrays.fill(block, MARK);
        float[] values = values(rows * cols);
        for (int r = 0; r < rows; r++) {
          System.arraycopy(values, r * cols, block, r * stride, cols);
        }
        assertHonoursOffsets(f + " block of " + cols, (x, at) ->
            Activations.applyBlock(f, x[0], at[0], rows, cols, stride, 0.1f, x[1], at[1]), inOut(block),
            in(values(rows * stride)));
        assertHonoursOffsets(f + " block of " + cols + " without a residual", (x, at) ->
            Activations.applyBlock(f, x[0], at[0], rows, cols, stride, 0.1f, null, 5), inOut(block));
      }
    }
  }

  @Test
  @DisplayName("softmax along any axis, its rows and layer normalization honour their offsets")
  void normalization() {
    int[][] views = {{1, 1, 1}, {1, 17, 1}, {3, 33, 1}, {2, 16, 1}, {2, 5, 3}, {1, 17, 4}, {3, 1, 7}};
    for (boolean log : new boolean[] {false, true}) {
      for (int[] v : views) {
        int outer = v[0];
        int len = v[1];
        int inner = v[2];
        assertHonoursOffsets((log ? "log-softmax " : "softmax ") + Arrays.toString(v),
            (x, at) -> Normalize.softmax(x[0], at[0], x[1], at[1], outer, len, inner, log),
            in(values(outer * len * inner)), out(outer * len * inner));
      }
      for (int len : SIZES) {
        assertHonoursOffsets("softmax row " + len,
            (x, at) -> Normalize.softmaxRow(x[0], at[0], x[1], at[1], len, log), in(values(len)), out(len));
        assertHonoursOffsets("softmax row " + len + " in place",
            (x, at) -> Normalize.softmaxRow(x[0], at[0], x[0], at[0], len, log), inOut(values(len)));
      }
    }
    for (int rows : new int[] {1, 3}) {
      for (int len : SIZES) {
        assertHonoursOffsets("layer norm " + rows + " x " + len,
            (x, at) -> Normalize.layerNorm(x[0], at[0], x[1], at[1], x[2], at[2], x[3], at[3], rows, len, 1e-5f),
            in(values(rows * len)), in(values(len)), in(values(len)), out(rows * len));
      }
    }
  }

  @Test
  @DisplayName("sums, means, maxima and l2 normalization along any axis honour their offsets")
  void reductions() {
    int[][] views = {{1, 1, 1}, {1, 17, 1}, {3, 33, 1}, {2, 16, 1}, {2, 5, 3}, {1, 17, 4}, {3, 1, 7}, {2, 3, 19}};
    for (int[] v : views) {
      int outer = v[0];
      int len = v[1];
      int inner = v[2];
      for (Reduction kind : Reduction.values()) {
        assertHonoursOffsets(kind + " " + Arrays.toString(v),
            (x, at) -> Reduce.apply(kind, x[0], at[0], x[1], at[1], outer, len, inner),
            in(values(outer * len * inner)), out(outer * inner));
      }
      assertHonoursOffsets("l2 " + Arrays.toString(v),
          (x, at) -> Normalize.l2(x[0], at[0], x[1], at[1], outer, len, inner, 1e-12f),
          in(values(outer * len * inner)), out(outer * len * inner));
    }
  }

  @Test
  @DisplayName("a gather honours its input offset on top of a slice's start, and its output offset")
  void gather() {
    for (int n : new int[] {1, 17, 33}) {
      int[] transposed = {n, 3};
      assertHonoursOffsets("transpose of [3, " + n + "]",
          (x, at) -> Layout.gather(x[0], at[0], new int[] {1, n}, x[1], at[1], transposed), in(values(3 * n)),
          out(3 * n));
      // Rows 1 and 2, columns 2 to n + 2, of [4, n + 5].
      int width = n + 5;
      int start = width + 2;
      assertHonoursOffsets("slice of [4, " + width + "]",
          (x, at) -> Layout.gather(x[0], at[0] + start, new int[] {width, 1}, x[1], at[1], new int[] {2, n}),
          in(values(4 * width)), out(2 * n));
    }
    assertHonoursOffsets("one element", (x, at) -> Layout.gather(x[0], at[0] + 3, new int[] {}, x[1], at[1],
        new int[] {}), in(values(5)), out(1));
  }

  @Test
  @DisplayName("a concatenated part honours its offset, the output's, and its position along the axis")
  void concat() {
    for (int inner : new int[] {1, 3}) {
      for (int len : new int[] {1, 17}) {
        int outer = 2;
        int total = len + 13;
        assertHonoursOffsets("part of " + len + " x " + inner,
            (x, at) -> Layout.concatPart(x[0], at[0], x[1], at[1], outer, len, inner, 5, total),
            in(values(outer * len * inner)), out(outer * total * inner));
      }
    }
  }

  @Test
  @DisplayName("a batched product honours its offsets, with either operand broadcast along a batch axis")
  void batchedProduct() {
    int m = 3;
    for (int k : new int[] {1, 17}) {
      for (int n : new int[] {1, 17, 33}) {
        int[] batch = {2, 3};
        // b [3, k, n] broadcast along the first axis; then a [2, 1, m, k] along the second.
        assertHonoursOffsets("a @ b with b broadcast, k " + k + ", n " + n, (x, at) -> MatMul.batched(x[0], at[0],
                new int[] {3 * m * k, m * k}, x[1], at[1], new int[] {0, k * n}, x[2], at[2], batch, m, k, n),
            in(values(6 * m * k)), in(values(3 * k * n)), out(6 * m * n));
        assertHonoursOffsets("a @ b with a broadcast, k " + k + ", n " + n, (x, at) -> MatMul.batched(x[0], at[0],
                new int[] {m * k, 0}, x[1], at[1], new int[] {3 * k * n, k * n}, x[2], at[2], batch, m, k, n),
            in(values(2 * m * k)), in(values(6 * k * n)), out(6 * m * n));
        assertHonoursOffsets("a @ b, k " + k + ", n " + n,
            (x, at) -> MatMul.multiply(x[0], at[0], x[1], at[1], x[2], at[2], m, k, n),
            in(values(m * k)), in(values(k * n)), out(m * n));
      }
    }
  }

  @Test
  @DisplayName("attention over contiguous heads honours its offsets, without a mask and with masks broadcast each way")
  void attention() {
    int[] batch = {2, 3};
    int tq = 5;
    int tk = 17;
    int d = 8;
    int dv = 20;
    Heads heads = Heads.contiguous(batch, tq, tk, d, dv);
    attention("no mask", heads, null, null, 0, 0, null);
    attention("a mask per query and key", heads, new int[] {0, 0}, mask(tq * tk), tk, 1, null);
    attention("a mask per batch and key", heads, new int[] {tk, 0}, mask(2 * tk), 0, 1, null);
    attention("a mask per query", heads, new int[] {0, 0}, values(tq), 1, 0, null);
    // Rows that 4-row tiles leave over, and dv both below and above two vectors.
    attention("one query row", Heads.contiguous(batch, 1, 33, 16, 7), null, null, 0, 0, null);
    attention("seven query rows", Heads.contiguous(new int[] {4}, 7, 16, 3, 40), new int[] {7 * 16},
        mask(4 * 7 * 16), 16, 1, null);
    // Causal: rows stop at their own key, more queries than keys and fewer.
    attention("causal", heads, null, null, 0, 0, null, true);
    attention("causal with a mask", heads, new int[] {0, 0}, mask(tq * tk), tk, 1, null, true);
    attention("causal, more queries than keys", Heads.contiguous(batch, 9, 5, 8, 20), null, null, 0, 0, null, true);
  }

  @Test
  @DisplayName("attention reading and writing heads inside [N, T, heads, d] honours its offsets")
  void attentionOverInterleavedHeads() {
    int tq = 6;
    int tk = 19;
    Heads heads = Heads.interleaved(2, 3, tq, tk, 8, 12);
    attention("interleaved heads", heads, null, null, 0, 0, null);
    attention("interleaved heads with a mask", heads, new int[] {0, 0}, mask(tq * tk), tk, 1, null);
    attention("interleaved heads, causal", heads, null, null, 0, 0, null, true);
  }

  @Test
  @DisplayName("attention split over two threads carries every offset to the other half of the heads")
  void attentionOverTwoThreads() {
    int tq = 33;
    int tk = 70;
    int d = 48;
    int dv = 72;
    Heads contiguous = Heads.contiguous(new int[] {2, 4}, tq, tk, d, dv);
    Heads interleaved = Heads.interleaved(2, 4, tq, tk, d, dv);
    if (Runtime.getRuntime().availableProcessors() > 1) {
      assertThat(Parallel.worthSplitting(Parallel.DEFAULT, 8, (long) tq * tk, d + dv)).as("split over two").isTrue();
    }
    attention("two threads", contiguous, null, null, 0, 0, Parallel.DEFAULT);
    attention("two threads, interleaved heads with a mask", interleaved, new int[] {0, 0}, mask(tq * tk), tk, 1,
        Parallel.DEFAULT);
    attention("two threads, causal", contiguous, null, null, 0, 0, Parallel.DEFAULT, true);
  }

  /** The operands' shapes and strides: heads one after another, or inside {@code [N, T, heads, d]}. */
  private record Heads(int[] batch, int tq, int tk, int d, int dv, int[] qStride, int qRow, int[] kStride, int kRow,
      int[] vStride, int vRow, int[] outStride, int outRow) {
    static Heads contiguous(int[] batch, int tq, int tk, int d, int dv) {
      return new Heads(batch, tq, tk, d, dv, strides(batch, tq * d), d, strides(batch, tk * d), d,
          strides(batch, tk * dv), dv, strides(batch, tq * dv), dv);
    }

    static Heads interleaved(int n, int heads, int tq, int tk, int d, int dv) {
      return new Heads(new int[] {n, heads}, tq, tk, d, dv, new int[] {tq * heads * d, d}, heads * d,
          new int[] {tk * heads * d, d}, heads * d, new int[] {tk * heads * dv, dv}, heads * dv,
          new int[] {tq * heads * dv, dv}, heads * dv);
    }

    int count() {
      return KernelOffsetsTest.count(batch);
    }

    private static int[] strides(int[] batch, int matrix) {
      int[] strides = new int[batch.length];
      int step = matrix;
      for (int a = batch.length - 1; a >= 0; a--) {
        strides[a] = step;
        step *= batch[a];
      }
      return strides;
    }
  }

  private static void attention(String what, Heads h, int[] maskStride, float[] mask, int maskRow, int maskCol,
      Executor executor) {
    attention(what, h, maskStride, mask, maskRow, maskCol, executor, false);
  }

  private static void attention(String what, Heads h, int[] maskStride, float[] mask, int maskRow, int maskCol,
      Executor executor, boolean causal) {
    int heads = h.count();
    int scratch = (int) Attention.scratchSize(h.tq(), h.tk(), h.d());
    List<Operand> operands = new ArrayList<>(List.of(in(values(heads * h.tq() * h.d())),
        in(values(heads * h.tk() * h.d())), in(values(heads * h.tk() * h.dv())), out(heads * h.tq() * h.dv())));
    if (mask != null) {
      operands.add(in(mask));
    }
    int[] noStrides = new int[h.batch().length];
    assertHonoursOffsets("attention, " + what, (x, at) -> Attention.forward(x[0], at[0], h.qStride(), h.qRow(),
        x[1], at[1], h.kStride(), h.kRow(), x[2], at[2], h.vStride(), h.vRow(), mask == null ? null : x[4],
        mask == null ? 5 : at[4], mask == null ? noStrides : maskStride, maskRow, maskCol, causal, x[3], at[3],
        h.outStride(), h.outRow(), h.batch(), h.tq(), h.tk(), h.d(), h.dv(), 0.35f, new float[scratch], executor,
        new float[scratch]), operands.toArray(Operand[]::new));
  }

  /** An additive mask: mostly small penalties, some keys masked out entirely, none a whole row. */
  private static float[] mask(int n) {
    float[] m = values(n);
    for (int i = 0; i < n; i++) {
      m[i] = i % 5 == 3 ? Float.NEGATIVE_INFINITY : -Math.abs(m[i]);
    }
    return m;
  }

  /** One array a kernel reads or writes: its contents before the call, and whether it writes it. */
  private record Operand(float[] values, boolean written) {}

  private static Operand in(float[] values) {
    return new Operand(values, false);
  }

  /** An output, sentinels before the call: whatever the kernel leaves unwritten stays so at offset 0 too. */
  private static Operand out(int length) {
    float[] values = new float[length];
    Arrays.fill(values, MARK);
    return new Operand(values, true);
  }

  private static Operand inOut(float[] values) {
    return new Operand(values, true);
  }

  /** A kernel call with each operand's array and offset. */
  @FunctionalInterface
  private interface Call {
    void run(float[][] arrays, int[] offsets);
  }

  /**
   * Runs {@code call} once with the operands as they are (offsets 0) and once with each at its
   * own offset inside an array of {@link #MARK}s, and asserts the second run's arrays bit for
   * bit: each holds what the first run left in it (an input, its values unchanged) between
   * sentinels that are all intact.
   */
  private static void assertHonoursOffsets(String what, Call call, Operand... operands) {
    for (int attempt = 1; ; attempt++) {
      float[][] atZero = new float[operands.length][];
      float[][] placed = new float[operands.length][];
      int[] offsets = Arrays.copyOf(OFFSETS, operands.length);
      for (int i = 0; i < operands.length; i++) {
        atZero[i] = operands[i].values().clone();
        placed[i] = new float[offsets[i] + atZero[i].length + PAD];
        Arrays.fill(placed[i], MARK);
        System.arraycopy(atZero[i], 0, placed[i], offsets[i], atZero[i].length);
      }
      call.run(atZero, new int[operands.length]);
      call.run(placed, offsets);
      boolean nearMiss = false;
      for (int i = 0; i < operands.length; i++) {
        if (!operands[i].written()) {
          assertThat(bits(atZero[i])).as("%s: operand %d, an input, at offset 0", what, i)
              .containsExactly(bits(operands[i].values()));
        }
        float[] expected = new float[placed[i].length];
        Arrays.fill(expected, MARK);
        System.arraycopy(atZero[i], 0, expected, offsets[i], atZero[i].length);
        for (int j = 0; j < expected.length; j++) {
          if (Float.floatToRawIntBits(placed[i][j]) == Float.floatToRawIntBits(expected[j])) {
            continue;
          }
          int at = j - offsets[i];
          boolean inside = at >= 0 && at < atZero[i].length;
          if (operands[i].written() && inside && close(placed[i][j], expected[j]) && attempt < ATTEMPTS) {
            nearMiss = true;
            continue;
          }
          fail("%s: operand %d at offset %d, element %d (%s): %s (bits %08x) where offset 0 gives %s (bits %08x)",
              what, i, offsets[i], at, inside ? "inside" : "a sentinel", placed[i][j],
              Float.floatToRawIntBits(placed[i][j]), expected[j], Float.floatToRawIntBits(expected[j]));
        }
      }
      if (!nearMiss) {
        return;
      }
    }
  }

  /** Within a few ulps: what a last-bit difference in {@code exp} can leave after a sum. */
  private static boolean close(float a, float b) {
    return Float.isFinite(a) && Float.isFinite(b) && Math.abs(a - b) <= 1e-5f * Math.max(1f, Math.abs(b));
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }

  private static final SplittableRandom RANDOM = new SplittableRandom(20_240_611);

  /** {@code n} values in [-3, 3), from a fixed seed. */
  private static float[] values(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (RANDOM.nextDouble() * 6 - 3);
    }
    return v;
  }

  private static int count(int[] shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    return n;
  }
}
