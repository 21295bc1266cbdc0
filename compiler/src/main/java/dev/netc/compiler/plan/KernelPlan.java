package dev.netc.compiler.plan;

import dev.netc.runtime.DType;
import dev.netc.runtime.ops.ActivationKind;

/**
 * One matmul kernel, {@code out = act(scale * (x @ W + b)) + residual}, as everything that shapes
 * its generated code: two layers with equal plans run the same methods, so each distinct plan is
 * emitted once. The layer's own names (which weight, which bias) are not part of it; neither is
 * whether the weight was stored transposed, which only its packing sees.
 *
 * @param k the inputs (the length of a row of x)
 * @param n the outputs
 * @param lanes floats per vector of the GEMM tiles
 * @param tileRows rows of the full register tile; 1 to {@code tileRows - 1} rows have tiles too
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

  /** Lanes of the GEMV kernel over a {@code float[]}: 256-bit vectors (a 512-bit load from an unaligned array always straddles two lines). */
  static final int GEMV_LANES_ON_HEAP = 8;

  /**
   * What a tile's store applies to its accumulators, in order: bias, scale, activation (with
   * leaky_relu's slope), residual.
   */
  public record Epilogue(boolean bias, double scale, ActivationKind activation, double alpha, boolean residual) {}

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

  /**
   * Lanes of the GEMV's loads: 256-bit vectors from an array, whose data may start anywhere in a
   * cache line (a 512-bit load then always straddles two); the full width from off-heap memory
   * aligned to cache lines (MLP-S's first layer at one row, 784 x 128 in L2: 3.3 us with 256-bit
   * loads, 2.7 us with 512-bit ones).
   */
  public int gemvLanes() {
    return offHeap ? lanes : Math.min(GEMV_LANES_ON_HEAP, lanes);
  }

  /** The length the bias is padded to: whole panels, so the tail's masked lanes read zeros. */
  public int paddedLength() {
    return panels() * panelWidth();
  }
}
