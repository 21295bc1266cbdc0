package dev.netc.compiler;

import dev.netc.compiler.check.NetworkChecker;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to compile: the specs, how, and which files other specs already generate.
 *
 * @param sources the specs; each network of each becomes its classes
 * @param options the settings every source shares (a source may name its own package)
 * @param claimed generated files that exist for specs not in this request, by {@link
 *     GeneratedFile#path()}, each with a description of its owner ({@code src/main/nn/a.nn}): a
 *     network generating one of them is an error, as is two networks of the request generating
 *     the same file. An incremental build passes the outputs of its up-to-date specs.
 * @param headers how the headers of weights files are read while checking
 * @param inlineOnly whether no weights file may be opened, while checking or generating: every
 *     file a spec names is then absent (NN0405 warns that its shapes go unchecked), and generated
 *     code embeds none, loading its parameters with {@code load(Path)} instead
 */
public record CompileRequest(List<Source> sources, CompileOptions options, Map<String, String> claimed,
    NetworkChecker.CatalogLoader headers, boolean inlineOnly) {
  /** The loader of an inline-only request: every weights file is absent. */
  private static final NetworkChecker.CatalogLoader NO_FILES = path -> {
    throw new NoSuchFileException(path.toString());
  };

  public CompileRequest {
    sources = List.copyOf(sources);
    Objects.requireNonNull(options);
    claimed = Map.copyOf(claimed);
    Objects.requireNonNull(headers);
    if (inlineOnly) {
      headers = NO_FILES;
    }
  }

  public CompileRequest(List<Source> sources, CompileOptions options, Map<String, String> claimed,
      NetworkChecker.CatalogLoader headers) {
    this(sources, options, claimed, headers, false);
  }

  public CompileRequest(List<Source> sources, CompileOptions options) {
    this(sources, options, Map.of(), Frontend::catalogOf);
  }

  /**
   * A request that reads nothing but its sources' own text, for a server compiling text it was
   * sent: a spec naming a weights file must not make the compiler open whatever file that is.
   */
  public static CompileRequest inlineOnly(List<Source> sources, CompileOptions options) {
    return new CompileRequest(sources, options, Map.of(), NO_FILES, true);
  }

  /** This request, knowing the files other specs already generate. */
  public CompileRequest claiming(Map<String, String> files) {
    return new CompileRequest(sources, options, files, headers, inlineOnly);
  }
}
