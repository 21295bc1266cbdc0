/**
 * The emit model: what the generated classes of one network hold and do, decided from the
 * optimized IR before any Java is written. {@link dev.netc.compiler.plan.Planner} builds a
 * {@link dev.netc.compiler.plan.NetworkPlan}: the fields an instance holds (parameters as loaded,
 * {@link dev.netc.compiler.plan.WeightField.Packed packed weights}, padded biases), the distinct
 * {@link dev.netc.compiler.plan.KernelPlan matmul kernels} (one per plan, shared by every layer
 * with the same shapes and epilogue), the scratch {@link dev.netc.compiler.plan.Buffer buffers},
 * and the {@link dev.netc.compiler.plan.Step steps} of {@code forward}, each with every size,
 * stride and offset it needs. {@code dev.netc.compiler.emit} only renders it.
 */
package dev.netc.compiler.plan;
