package dev.netc.compiler.emit;

/**
 * Code generation options.
 *
 * @param packageName the Java package of the generated classes ("" for none)
 * @param vectorBits the vector width the matmul kernels are generated for (128, 256 or 512):
 *     tails and panel widths are decided from it at compile time. 512 suits AVX-512 machines;
 *     use 256 for AVX2.
 */
public record EmitOptions(String packageName, int vectorBits) {
  public EmitOptions {
    if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
      throw new IllegalArgumentException("vector width must be 128, 256 or 512 bits, found " + vectorBits);
    }
  }

  public static EmitOptions defaults(String packageName) {
    return new EmitOptions(packageName, 512);
  }

  /** Floats per vector. */
  public int lanes() {
    return vectorBits / 32;
  }
}
