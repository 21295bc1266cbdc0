package dev.netc.compiler;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.source.SourceFile;
import java.util.List;

/**
 * What checking one source gives: its diagnostics in source order, and a
 * graph for each network that has no errors.
 */
public record CheckResult(SourceFile source, List<Diagnostic> diagnostics, List<Graph> graphs) {
  public CheckResult {
    diagnostics = List.copyOf(diagnostics);
    graphs = List.copyOf(graphs);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /** Whether the compiler itself failed: a bug to report, not a mistake in the spec. */
  public boolean hasInternalError() {
    return diagnostics.stream().anyMatch(d -> d.code() == Code.INTERNAL);
  }

  public long count(dev.netc.compiler.diag.Severity severity) {
    return diagnostics.stream().filter(d -> d.severity() == severity).count();
  }
}
