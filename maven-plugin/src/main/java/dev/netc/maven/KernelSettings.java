package dev.netc.maven;

import dev.netc.compiler.emit.EmitOptions;

/**
 * The machine the matmul kernels are tuned for, as {@code netc compile --tile}, {@code --l2-kib}
 * and {@code --l3-kib} set it.
 *
 * @param tile the GEMM register tile, {@code ROWSxVECTORS}
 * @param l2Kib the per-core L2 cache the blocking assumes, in KiB
 * @param l3Kib the last-level cache, in KiB: weights larger are streamed from memory
 */
record KernelSettings(String tile, int l2Kib, long l3Kib) {
  /** The compiler's defaults. */
  static final KernelSettings DEFAULT = new KernelSettings(
      EmitOptions.DEFAULT_TILE_ROWS + "x" + EmitOptions.DEFAULT_TILE_VECTORS,
      EmitOptions.DEFAULT_L2_BYTES >> 10, EmitOptions.DEFAULT_L3_BYTES >> 10);

  /** @throws IllegalArgumentException naming the setting and what to use instead */
  KernelSettings {
    tile = tile == null ? DEFAULT.tile : tile.strip();
    if (!tile.matches("\\d{1,2}x\\d{1,2}")) {
      throw new IllegalArgumentException("<tile>" + tile + "</tile> is not ROWSxVECTORS: use e.g. 12x2 "
          + "(AVX-512 Xeons) or 4x4 (AMD Zen 4)");
    }
    try {
      emitOptions("", 512, tile, l2Kib, l3Kib);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("<tile>" + tile + "</tile>, <l2Kib>" + l2Kib + "</l2Kib>, <l3Kib>" + l3Kib
          + "</l3Kib>: " + e.getMessage());
    }
  }

  int tileRows() {
    return Integer.parseInt(tile.substring(0, tile.indexOf('x')));
  }

  int tileVectors() {
    return Integer.parseInt(tile.substring(tile.indexOf('x') + 1));
  }

  private static void emitOptions(String packageName, int vectorBits, String tile, int l2Kib, long l3Kib) {
    int x = tile.indexOf('x');
    new EmitOptions(packageName, vectorBits, l2Kib * 1024, l3Kib * 1024, Integer.parseInt(tile.substring(0, x)),
        Integer.parseInt(tile.substring(x + 1)));
  }
}
