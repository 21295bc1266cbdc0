/**
 * The back end's graph IR: {@link dev.netc.compiler.ir.IrGraph}, a list of
 * {@link dev.netc.compiler.ir.IrNode}s with static shapes, built from the
 * checked graph by {@link dev.netc.compiler.ir.IrBuilder}, printed by
 * {@link dev.netc.compiler.ir.IrPrinter} and validated by
 * {@link dev.netc.compiler.ir.IrValidator}.
 */
package dev.netc.compiler.ir;
