package dev.netc.playground;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Source;
import dev.netc.graph.NetworkPictures;
import java.util.Optional;

/** The graph panel: every network of the spec as {@code netc graph} draws it, from the playground's own check. */
final class GraphPicture {
  private GraphPicture() {}

  /**
   * The SVG of {@code check}'s networks; a spec with errors draws what checked, and its failing
   * statements in red. Empty when the picture cannot be laid out: the other panels still answer.
   */
  static Optional<String> svg(Source source, CheckResult check) {
    if (check.index().networks().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(NetworkPictures.render(source, check, Optional.empty(), NetworkPictures.Format.SVG, false,
          SpecReport.options()).text());
    } catch (RuntimeException layoutFailed) {
      // A picture is an extra; a spec the layout cannot draw must not cost the diagnostics.
      System.err.println("netc playground: no picture: " + layoutFailed);
      return Optional.empty();
    }
  }
}
