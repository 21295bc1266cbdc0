package dev.netc.compiler;

import dev.netc.compiler.check.NetworkChecker;
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
 */
public record CompileRequest(List<Source> sources, CompileOptions options, Map<String, String> claimed,
    NetworkChecker.CatalogLoader headers) {
  public CompileRequest {
    sources = List.copyOf(sources);
    Objects.requireNonNull(options);
    claimed = Map.copyOf(claimed);
    Objects.requireNonNull(headers);
  }

  public CompileRequest(List<Source> sources, CompileOptions options) {
    this(sources, options, Map.of(), Frontend::catalogOf);
  }

  /** This request, knowing the files other specs already generate. */
  public CompileRequest claiming(Map<String, String> files) {
    return new CompileRequest(sources, options, files, headers);
  }
}
