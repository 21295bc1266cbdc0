/**
 * Code generation: an optimized IR graph to Java source with JavaPoet. The
 * facade class ({@code NetworkEmitter}, {@code ForwardWriter}) loads and checks
 * weights and sequences the kernels; {@code GemmKernelEmitter} writes the
 * shape-specialized Vector API matmul kernels.
 */
package dev.netc.compiler.emit;
