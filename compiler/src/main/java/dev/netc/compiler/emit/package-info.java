/**
 * Code generation: a {@link dev.netc.compiler.plan.NetworkPlan} rendered as Java with JavaPoet.
 * {@link dev.netc.compiler.emit.CodeGenerator} is the entry point; {@code FacadeWriter} writes the
 * public class (weights, factories, {@code forward} through {@code ForwardWriter}),
 * {@code KernelsWriter} the kernels class, each distinct matmul kernel once through
 * {@code GemmKernelWriter}. Nothing here decides: every name, field, buffer and stride is the
 * plan's.
 */
package dev.netc.compiler.emit;
