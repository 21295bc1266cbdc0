package dev.netc.playground;

import dev.netc.compiler.graph.Graph;
import java.util.Optional;

/** The picture of a checked network, as SVG: the page's graph panel. */
interface GraphPictures {
  /** No pictures: the panel says there is none. */
  GraphPictures NONE = (spec, graph) -> Optional.empty();

  /** The SVG of {@code graph}, a network of {@code spec}; empty when it cannot be drawn. */
  Optional<String> svg(String spec, Graph graph);
}
