package dev.netc.compiler;

/**
 * The machine the matmul kernels are generated for: vector width, register tile and caches.
 * Valid by construction; {@link CompileOptions.Builder} turns the settings users write
 * ({@code --tile 12x2}, {@code <l2Kib>1024</l2Kib>}) into one, with messages that say what
 * is wrong.
 *
 * @param vectorBits the vector width, 128, 256 or 512: panel widths and tails are decided from
 *     it at compile time. 512 suits AVX-512 machines, 256 AVX2.
 * @param tileRows rows of the GEMM register tile
 * @param tileVectors vectors of the GEMM register tile, which is also a panel's width in vectors
 * @param l2Bytes the per-core L2 cache the blocking assumes: a block of weight panels takes half
 *     of it, so it stays resident while every block of rows passes over it
 * @param l3Bytes the last-level cache: a layer whose weights (or the network's together) are
 *     larger is read from memory, so each block of panels is streamed into L2 before its tiles
 */
public record KernelOptions(int vectorBits, int tileRows, int tileVectors, int l2Bytes, long l3Bytes) {
  /**
   * 12 rows x 2 vectors (24 accumulators, each weight vector reused 12 times) measured fastest on
   * the AVX-512 Intel Xeon netc's benchmarks run on: about 1.3x the 4 x 4 tile on 512^3 and MLP
   * layers. On AMD Zen 4, 4 x 4 measured best.
   */
  public static final int DEFAULT_TILE_ROWS = 12;

  /** Vectors of the default GEMM register tile. */
  public static final int DEFAULT_TILE_VECTORS = 2;

  /** 1 MiB: the L2 of the AMD EPYC (Zen 4) machines netc was first tuned on. */
  public static final int DEFAULT_L2_KIB = 1024;

  /** 32 MiB: the shared L3 of the same machines. */
  public static final long DEFAULT_L3_KIB = 32 * 1024;

  /** The vector registers of AVX-512 (and of the tile's budget): accumulators, one panel's vectors, a broadcast. */
  static final int VECTOR_REGISTERS = 32;

  public KernelOptions {
    if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
      throw new IllegalArgumentException("vector width " + vectorBits);
    }
    if (tileRows < 1 || tileVectors < 1 || registers(tileRows, tileVectors) > VECTOR_REGISTERS) {
      throw new IllegalArgumentException("tile " + tileRows + "x" + tileVectors);
    }
    if (l2Bytes < 16 << 10 || l3Bytes < l2Bytes) {
      throw new IllegalArgumentException("caches " + l2Bytes + ", " + l3Bytes);
    }
  }

  public static KernelOptions defaults() {
    return new KernelOptions(512, DEFAULT_TILE_ROWS, DEFAULT_TILE_VECTORS, DEFAULT_L2_KIB << 10, DEFAULT_L3_KIB << 10);
  }

  /** Floats per vector. */
  public int lanes() {
    return vectorBits / 32;
  }

  /** The tile as users write it: {@code 12x2}. */
  public String tile() {
    return tileRows + "x" + tileVectors;
  }

  /** The vector registers a tile needs: its accumulators, one panel's weight vectors and a broadcast. */
  static int registers(int rows, int vectors) {
    return rows * vectors + vectors + 1;
  }
}
