package dev.netc.lsp;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Frontend;
import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.source.SourceFile;
import dev.netc.compiler.source.Span;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a document with the compiler's front end, the same check as
 * {@code netc check}: there is no second checker. Weights files come from a
 * shared {@link WeightsHeaders}, so each header is read once, not per edit.
 */
public final class Analyzer {
  private final WeightsHeaders weights;

  public Analyzer(WeightsHeaders weights) {
    this.weights = weights;
  }

  public Analysis analyze(Document document) {
    Optional<Path> path = pathOf(document.uri());
    String name = path.map(p -> p.getFileName().toString()).orElse(document.uri());
    SourceFile source = new SourceFile(name, document.text(), path.orElse(null));
    // An editor buffer has no size on disk; the text's length bounds its UTF-8 size from below.
    if (document.text().length() > Frontend.MAX_SOURCE_BYTES) {
      Diagnostic tooLarge = Diagnostic.of(Code.TOO_LARGE, new Span(source, 0, 0),
              megabytes(document.text().length()), megabytes(Frontend.MAX_SOURCE_BYTES))
          .help("keep large weights in a weights file (`weights \"model.safetensors\"`) instead of inline")
          .build();
      return new Analysis(document, new CheckResult(source, List.of(tooLarge), List.of()));
    }
    return new Analysis(document, Frontend.check(source, weights));
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

  private static String megabytes(long size) {
    return String.format(Locale.ROOT, "%.1f MB", size / 1048576.0);
  }
}
