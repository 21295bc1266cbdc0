package dev.netc.lsp;

import dev.netc.compiler.check.SemanticIndex;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;

/** Go to definition and find references: both follow the checker's resolution of each name. */
final class Navigation {
  private Navigation() {}

  /** Where the name at {@code position} is defined. */
  static Optional<Location> definition(Analysis analysis, Position position) {
    return analysis.index().occurrenceAt(analysis.lines().offset(position))
        .map(o -> location(analysis, o.symbol().nameSpan()));
  }

  /** Every place the name at {@code position} is written; its definition too when asked. */
  static List<Location> references(Analysis analysis, Position position, boolean includeDefinition) {
    SemanticIndex index = analysis.index();
    return index.occurrenceAt(analysis.lines().offset(position))
        .map(o -> index.occurrencesOf(o.symbol()).stream()
            .filter(r -> includeDefinition || !r.definition())
            .map(r -> location(analysis, r.span()))
            .toList())
        .orElse(List.of());
  }

  private static Location location(Analysis analysis, dev.netc.compiler.source.Span span) {
    return new Location(analysis.document().uri(), analysis.lines().range(span));
  }
}
