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
 */
public record EmitOptions(String packageName, int vectorBits, int l2Bytes) {
  /** 1 MiB: the L2 of the AMD EPYC (Zen 4) machines netc is tuned on; 32 KiB L1d, 32 MiB shared L3. */
  public static final int DEFAULT_L2_BYTES = 1 << 20;

  public EmitOptions {
    if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
      throw new IllegalArgumentException("vector width must be 128, 256 or 512 bits, found " + vectorBits);
    }
    if (l2Bytes < 16 << 10) {
      throw new IllegalArgumentException("an L2 cache of " + l2Bytes + " bytes is implausibly small");
    }
  }

  public EmitOptions(String packageName, int vectorBits) {
    this(packageName, vectorBits, DEFAULT_L2_BYTES);
  }

  public static EmitOptions defaults(String packageName) {
    return new EmitOptions(packageName, 512, DEFAULT_L2_BYTES);
  }

  /** Floats per vector. */
  public int lanes() {
    return vectorBits / 32;
  }
}
