/**
 * The shape checker: resolves names, types every expression with the rules of
 * {@code dev.netc.compiler.shape}, checks declarations against literals and
 * weights files, runs the network-wide lints, and lowers a clean network to a
 * {@link dev.netc.compiler.graph.Graph}. On the way it records, for editors, a
 * {@link dev.netc.compiler.check.SemanticIndex} of where each name is defined
 * and used and what type each expression has.
 */
package dev.netc.compiler.check;
