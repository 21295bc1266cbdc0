/**
 * Pictures of networks, for {@code netc graph} and the playground: a spec's checked graph (or,
 * with {@code --after-passes}, its optimized IR with each kernel's choices) as a plain {@link
 * dev.netc.graph.Picture} first, then rendered as SVG (laid out in pure Java by the Eclipse Layout
 * Kernel's layered algorithm), Graphviz DOT or Mermaid. {@link dev.netc.graph.NetworkPictures} is
 * the entry point; everything it writes is deterministic, byte for byte.
 */
package dev.netc.graph;
