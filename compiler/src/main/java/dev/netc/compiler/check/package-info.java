/**
 * The shape checker: resolves names, types every expression with the rules of
 * {@code dev.netc.compiler.shape}, checks declarations against literals and
 * weights files, runs the network-wide lints, and lowers a clean network to a
 * {@link dev.netc.compiler.graph.Graph}.
 */
package dev.netc.compiler.check;
