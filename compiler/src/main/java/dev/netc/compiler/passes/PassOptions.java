package dev.netc.compiler.passes;

/**
 * Choices of the standard pipeline.
 *
 * @param foldLinear whether {@link LinearFolding} merges consecutive linear layers with inline
 *     weights; it changes the parameters a generated class holds, so it can be turned off to
 *     keep them as written
 */
public record PassOptions(boolean foldLinear) {
  /** Every optimization on. */
  public static PassOptions defaults() {
    return new PassOptions(true);
  }
}
