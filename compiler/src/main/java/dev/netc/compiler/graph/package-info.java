/**
 * The checked, typed graph: what the shape checker hands to the back end. A
 * closed set of primitive {@link dev.netc.compiler.graph.Node}s with static
 * types; surface sugar ({@code dense}, {@code .T}) is already lowered.
 */
package dev.netc.compiler.graph;
