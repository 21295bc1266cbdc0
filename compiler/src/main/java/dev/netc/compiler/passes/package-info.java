/**
 * Optimization passes over the graph IR. Each {@link dev.netc.compiler.passes.Pass}
 * is a pure function {@code IrGraph -> IrGraph} that keeps what the network
 * computes, the outputs' names and shapes, and the IR's invariants
 * ({@link dev.netc.compiler.ir.IrValidator}). {@link dev.netc.compiler.passes.Passes}
 * runs the standard pipeline: constant folding, dead-code elimination, epilogue
 * fusion into {@link dev.netc.compiler.ir.Op.Gemm}, linear folding, attention scale
 * folding, and dead-code elimination again.
 */
package dev.netc.compiler.passes;
