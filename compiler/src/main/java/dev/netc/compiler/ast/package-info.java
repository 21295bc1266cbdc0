/**
 * The syntax tree of a {@code .nn} file: immutable records, each with the span
 * it was parsed from. Built by {@link dev.netc.compiler.syntax.SpecParser}.
 */
package dev.netc.compiler.ast;
