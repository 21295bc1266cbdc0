package dev.netc.compiler.passes;

import dev.netc.compiler.ir.IrGraph;

/**
 * One optimization: a pure function from a graph to a graph that computes the
 * same outputs, of the same shapes, under the same names. A pass never mutates
 * its argument (an {@link IrGraph} is a value) and returns it unchanged when
 * nothing applies.
 */
public interface Pass {
  /** A short kebab-case name, as {@code netc compile --dump-ir} prints it: {@code epilogue-fusion}. */
  String name();

  IrGraph apply(IrGraph g);
}
