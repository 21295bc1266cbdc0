package dev.netc.lsp;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.PreferredFixes;
import dev.netc.compiler.check.NetworkChecker;
import dev.netc.compiler.check.SemanticIndex;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.summary.NetworkSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One version of a document, checked: the compiler's result, the same
 * diagnostics in the protocol's terms, and the line map of the text that was
 * checked. Every request that answers from an analysis converts positions with
 * its line map, never with a newer text's.
 */
public final class Analysis {
  private final Document document;
  private final CheckResult result;
  private final LineMap lines;
  private final List<org.eclipse.lsp4j.Diagnostic> diagnostics;
  private final ClientFeatures client;
  private final NetworkChecker.CatalogLoader weights;
  /** Made on the first request for quick fixes: verifying them costs a check each. */
  private volatile Map<Diagnostic, Fix> preferred;
  /** Summaries by network name, made on the first hover that needs one. */
  private final Map<String, Optional<NetworkSummary>> summaries = new ConcurrentHashMap<>();

  /**
   * @param client what the editor can show, which decides how diagnostics are worded
   * @param weights how weights headers are read when fixes are verified by checking again
   */
  Analysis(Document document, CheckResult result, ClientFeatures client, NetworkChecker.CatalogLoader weights) {
    this.document = document;
    this.result = result;
    this.lines = new LineMap(document.text());
    this.client = client;
    this.weights = weights;
    this.diagnostics = result.diagnostics().stream()
        .map(d -> DiagnosticConverter.convert(d, document.uri(), lines, client.relatedInformation()))
        .toList();
  }

  /** What the editor this analysis was made for can show. */
  public ClientFeatures client() {
    return client;
  }

  /** The fix of each diagnostic that is safe to apply unattended (see {@link PreferredFixes}). */
  public Map<Diagnostic, Fix> preferredFixes() {
    Map<Diagnostic, Fix> p = preferred;
    if (p == null) {
      p = PreferredFixes.of(result, weights);
      preferred = p;
    }
    return p;
  }

  public Document document() {
    return document;
  }

  public int version() {
    return document.version();
  }

  public CheckResult result() {
    return result;
  }

  public SemanticIndex index() {
    return result.index();
  }

  public LineMap lines() {
    return lines;
  }

  /** The compiler's diagnostics, in source order. */
  public List<Diagnostic> compilerDiagnostics() {
    return result.diagnostics();
  }

  /** The same diagnostics as the protocol publishes them, in the same order. */
  public List<org.eclipse.lsp4j.Diagnostic> diagnostics() {
    return diagnostics;
  }

  /**
   * The summary of a network, made of the declarations and nodes that checked: present
   * even when other parts of the network have errors.
   */
  public Optional<NetworkSummary> summary(SemanticIndex.NetworkInfo network) {
    return summaries.computeIfAbsent(network.name(), name -> network.partialGraph().flatMap(g -> {
      try {
        return Optional.of(NetworkSummary.of(g));
      } catch (RuntimeException e) {
        // A summary is a nicety of hover; a node it cannot count must not cost the hover itself.
        return Optional.empty();
      }
    }));
  }
}
