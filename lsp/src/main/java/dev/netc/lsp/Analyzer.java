package dev.netc.lsp;

import dev.netc.compiler.Compiler;
import dev.netc.compiler.Source;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Checks a document with the compiler API, the same check as {@code netc check}:
 * there is no second checker. Weights files come from a shared
 * {@link WeightsHeaders}, so each header is read once, not per edit.
 */
public final class Analyzer {
  private final WeightsHeaders weights;
  private final Supplier<ClientFeatures> client;

  /** An analyzer for an editor that shows everything (a benchmark, a test). */
  public Analyzer(WeightsHeaders weights) {
    this(weights, () -> ClientFeatures.FULL);
  }

  /** @param client what the editor can show, known once it has sent {@code initialize} */
  public Analyzer(WeightsHeaders weights, Supplier<ClientFeatures> client) {
    this.weights = weights;
    this.client = client;
  }

  public Analysis analyze(Document document) {
    Optional<Path> path = pathOf(document.uri());
    String name = path.map(p -> p.getFileName().toString()).orElse(document.uri());
    return new Analysis(document, Compiler.check(Source.text(name, document.text(), path.orElse(null)), weights),
        client.get(), weights);
  }

  /** The file a {@code file:} URI names; empty for any other scheme (an unsaved buffer). */
  static Optional<Path> pathOf(String uri) {
    try {
      URI u = URI.create(uri);
      return "file".equalsIgnoreCase(u.getScheme()) ? Optional.of(Path.of(u)) : Optional.empty();
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return Optional.empty();
    }
  }

}
