package dev.netc.compiler.passes;

import dev.netc.runtime.DType;

/**
 * Choices of the standard pipeline.
 *
 * @param foldLinear whether {@link LinearFolding} merges consecutive linear layers with inline
 *     weights; it changes the parameters a generated class holds, so it can be turned off to
 *     keep them as written
 * @param weights what {@link WeightCompression} stores every eligible matmul weight as: {@code F32}
 *     (the pass does not run), {@code BF16} or {@code I8}
 */
public record PassOptions(boolean foldLinear, DType weights) {
  /** Weights as declared. */
  public PassOptions(boolean foldLinear) {
    this(foldLinear, DType.F32);
  }

  /** Every optimization on, weights as declared. */
  public static PassOptions defaults() {
    return new PassOptions(true, DType.F32);
  }
}
