package dev.netc.compiler.emit;

/**
 * Code generation options.
 *
 * @param packageName the Java package of the generated classes ("" for none)
 * @param vectorBits the vector width the matmul kernels are generated for (128, 256 or 512):
 *     tails and panel widths are decided from it at compile time. 512 suits AVX-512 machines;
 *     use 256 for AVX2.
 * @param l2Bytes the per-core L2 cache the kernels' blocking assumes: a block of weight panels
 *     takes half of it, so it stays resident while every block of rows passes over it
 * @param l3Bytes the last-level cache the kernels assume: a layer whose weights are larger is
 *     read from memory, so each block of panels is streamed into L2 before its row tiles run
 * @param tileRows rows of the GEMM register tile
 * @param tileVectors vectors of the GEMM register tile, which is also the panel width in vectors
 * @param release the Java release the generated code is compiled for and runs on (21 or later).
 *     From 22, where {@code java.lang.foreign} is final, the packed matmul weights live off the
 *     heap in memory aligned to 64-byte cache lines ({@link #offHeapWeights()}); on 21 they are
 *     {@code float[]}s, which start wherever the collector put them.
 */
public record EmitOptions(String packageName, int vectorBits, int l2Bytes, long l3Bytes, int tileRows, int tileVectors,
    int release) {
  /** The oldest Java release generated code supports: the Vector API's incubator module as of 21. */
  public static final int MIN_RELEASE = 21;

  /** The first release whose generated code keeps its weights off the heap, aligned. */
  public static final int OFF_HEAP_RELEASE = 22;

  /** 1 MiB: the L2 of the AMD EPYC (Zen 4) machines netc is tuned on; 32 KiB L1d, 32 MiB shared L3. */
  public static final int DEFAULT_L2_BYTES = 1 << 20;

  /** 32 MiB: the shared L3 of the same machines. */
  public static final long DEFAULT_L3_BYTES = 32L << 20;

  public EmitOptions {
    if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
      throw new IllegalArgumentException("vector width must be 128, 256 or 512 bits, found " + vectorBits);
    }
    if (l2Bytes < 16 << 10) {
      throw new IllegalArgumentException("an L2 cache of " + l2Bytes + " bytes is implausibly small");
    }
    if (l3Bytes < l2Bytes) {
      throw new IllegalArgumentException("an L3 cache of " + l3Bytes + " bytes is smaller than the L2 of " + l2Bytes);
    }
    // Accumulators, one panel's weight vectors and one broadcast: what must fit the 32 vector registers.
    if (tileRows < 1 || tileVectors < 1 || tileRows * tileVectors + tileVectors + 1 > 32) {
      throw new IllegalArgumentException("a " + tileRows + " x " + tileVectors
          + " register tile needs more than the 32 vector registers");
    }
    if (release < MIN_RELEASE) {
      throw new IllegalArgumentException("generated code needs Java " + MIN_RELEASE + " or later (the Vector API), "
          + "found release " + release);
    }
  }

  public EmitOptions(String packageName, int vectorBits, int l2Bytes, long l3Bytes, int tileRows, int tileVectors) {
    this(packageName, vectorBits, l2Bytes, l3Bytes, tileRows, tileVectors, MIN_RELEASE);
  }

  public EmitOptions(String packageName, int vectorBits) {
    this(packageName, vectorBits, DEFAULT_L2_BYTES, DEFAULT_L3_BYTES, DEFAULT_TILE_ROWS, DEFAULT_TILE_VECTORS,
        MIN_RELEASE);
  }

  /** These options for code that is compiled for and runs on Java {@code release}. */
  public EmitOptions withRelease(int release) {
    return new EmitOptions(packageName, vectorBits, l2Bytes, l3Bytes, tileRows, tileVectors, release);
  }

  /**
   * Whether the packed matmul weights live off the heap, 64-byte aligned, in a
   * {@code MemorySegment}: a {@code float[]}'s data starts wherever the collector put
   * it, and a vector load that straddles two cache lines costs two. Aligned weights
   * ran a GEMV over L2-resident weights about 1.3x and a register tile about 1.1x
   * faster on the AVX-512 machines netc is tuned on.
   */
  public boolean offHeapWeights() {
    return release >= OFF_HEAP_RELEASE;
  }

  /**
   * Rows of the GEMM register tile. 12 rows x 2 vectors (24 accumulators, each
   * weight vector reused 12 times) measured fastest on the AVX-512 Intel Xeon that
   * netc's CI runs on: about 1.3x the 4 x 4 tile on 512^3 and MLP layers. On AMD
   * Zen 4, 4 x 4 measured best; pass {@code --tile 4x4} there.
   */
  public static final int DEFAULT_TILE_ROWS = 12;

  /** Vectors of the GEMM register tile, which is also the panel width in vectors. */
  public static final int DEFAULT_TILE_VECTORS = 2;

  public static EmitOptions defaults(String packageName) {
    return new EmitOptions(packageName, 512, DEFAULT_L2_BYTES, DEFAULT_L3_BYTES, DEFAULT_TILE_ROWS, DEFAULT_TILE_VECTORS);
  }

  /** Floats per vector. */
  public int lanes() {
    return vectorBits / 32;
  }
}
