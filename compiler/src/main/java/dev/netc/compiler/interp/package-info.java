/**
 * The reference interpreter: runs an {@link dev.netc.compiler.ir.IrGraph} node by
 * node, in double precision, with a plain scalar definition of every
 * {@link dev.netc.compiler.ir.Op}. It is the oracle that generated code is
 * compared with in differential tests, and the engine of
 * {@code netc run --interpret}; it is written to be obviously right, not fast.
 *
 * <p>{@link dev.netc.compiler.interp.Interpreter} is the entry point,
 * {@link dev.netc.compiler.interp.Tensor} the value it passes around,
 * {@link dev.netc.compiler.interp.RuntimeDims} how the run-time dimensions of a
 * call are deduced from its inputs, and {@link dev.netc.compiler.interp.Scalars}
 * the element-wise functions every back end must agree with.
 */
package dev.netc.compiler.interp;
