package dev.netc.compiler.plan;

import dev.netc.runtime.DType;
import dev.netc.runtime.ops.ActivationKind;
import java.util.ArrayList;
import java.util.List;

/**
 * One matmul kernel, {@code out = act(scale * (x @ W + b)) + residual}, as everything that shapes
 * its generated code: two layers with equal plans run the same methods, so each distinct plan is
 * emitted once. The layer's own names (which weight, which bias) are not part of it; neither is
 * whether the weight was stored transposed, which only its packing sees.
 *
 * @param k the inputs (the length of a row of x)
 * @param n the outputs
 * @param lanes floats per vector of the GEMM tiles
 * @param tileRows rows of the full register tile; the rows left over run through the smaller tiles
 *     of {@link #remainderRows()}
 * @param tileVectors vectors of a tile, at most: a panel is {@link #vectors()} vectors wide
 * @param blockPanels panels per block, sized so a block of weights stays in half of L2
 * @param streamsWeights whether every pass reads the weight from memory, so each block is
 *     prefetched before its tiles and two threads split the panels rather than the rows
 * @param gemvColumns columns a GEMV step covers: more accumulators in flight for streamed weights
 * @param offHeap whether the packed weight is off-heap memory (Java 22+) rather than an array
 * @param storage the element type the packed weight is stored in
 * @param epilogue what the store applies
 */
public record KernelPlan(int k, int n, int lanes, int tileRows, int tileVectors, int blockPanels,
    boolean streamsWeights, int gemvColumns, boolean offHeap, DType storage, Epilogue epilogue) {

  /**
   * What a tile's store applies to its accumulators, in order: bias, scale, activation (with
   * leaky_relu's slope), residual.
   */
  public record Epilogue(boolean bias, double scale, ActivationKind activation, double alpha, boolean residual) {}

  /**
   * The row counts of the tiles that take the rows left over after the full tiles, largest first:
   * the powers of two below {@link #tileRows}, each used at most once (12-row tiles leave 0 to 11
   * rows: 8, 4, 2 and 1). Four tile methods rather than eleven, since each tile method is compiled
   * by the JIT on its own (the C2 compile of a 12-row tile takes about 0.1 s); the left-over rows
   * run at the speed of their smaller tiles.
   */
  public List<Integer> remainderRows() {
    List<Integer> rows = new ArrayList<>();
    for (int r = tileRows > 1 ? Integer.highestOneBit(tileRows - 1) : 0; r >= 1; r >>= 1) {
      rows.add(r);
    }
    return rows;
  }

  /** Every tile's row count: the full tile's, then {@link #remainderRows()}. */
  public List<Integer> tileRowCounts() {
    List<Integer> rows = new ArrayList<>();
    rows.add(tileRows);
    rows.addAll(remainderRows());
    return rows;
  }

  /**
   * Whether the kernel reads an array of per-column values beside its weight: the padded bias,
   * or, for an {@code i8} weight, its scales first and then the bias if any.
   */
  public boolean readsColumns() {
    return epilogue.bias() || storage == DType.I8;
  }

  /** Where the bias starts in the per-column array: after the scales of an {@code i8} weight. */
  public int biasOffset() {
    return storage == DType.I8 ? paddedLength() : 0;
  }

  /** Vectors per panel: the tile's, or fewer when the layer is narrower. */
  public int vectors() {
    return Math.min(tileVectors, (n + lanes - 1) / lanes);
  }

  public int panelWidth() {
    return vectors() * lanes;
  }

  public int panels() {
    return (n + panelWidth() - 1) / panelWidth();
  }

  public int fullPanels() {
    return n / panelWidth();
  }

  /** Outputs of the last panel when it is partly padding; 0 when every panel is full. */
  public int tailColumns() {
    return n - fullPanels() * panelWidth();
  }

  /** Elements of one packed panel. */
  public long panelElements() {
    return (long) k * panelWidth();
  }

  /** The length the bias is padded to: whole panels, so the tail's masked lanes read zeros. */
  public int paddedLength() {
    return panels() * panelWidth();
  }
}
