/**
 * What netc's element-wise operations compute, defined once: {@link
 * dev.netc.runtime.ops.ActivationKind}, {@link dev.netc.runtime.ops.ArithOp} and {@link
 * dev.netc.runtime.ops.Reduction}, each with its
 * spelling in the language and its reference definition in double precision. The checker folds
 * constants with these definitions, the compiler's passes and reference interpreter evaluate with
 * them, generated code names them, and the runtime's vector kernels are tested against them.
 *
 * <p>Plain Java, without the Vector API, so the compiler can use it on any JVM.
 */
package dev.netc.runtime.ops;
