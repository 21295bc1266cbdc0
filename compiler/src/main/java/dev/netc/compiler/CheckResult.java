package dev.netc.compiler;

import dev.netc.compiler.check.SemanticIndex;
import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.source.SourceFile;
import java.util.List;

/**
 * What checking one source gives: its diagnostics in source order, a graph
 * for each network that has no errors, and the index of names and types by
 * place that editors read.
 */
public record CheckResult(SourceFile source, List<Diagnostic> diagnostics, List<Graph> graphs, SemanticIndex index) {
  public CheckResult {
    diagnostics = List.copyOf(diagnostics);
    graphs = List.copyOf(graphs);
    index = index == null ? SemanticIndex.EMPTY : index;
  }

  /** A result without an index: a source that was never parsed. */
  public CheckResult(SourceFile source, List<Diagnostic> diagnostics, List<Graph> graphs) {
    this(source, diagnostics, graphs, SemanticIndex.EMPTY);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /** Whether the compiler itself failed: a bug to report, not a mistake in the spec. */
  public boolean hasInternalError() {
    return diagnostics.stream().anyMatch(d -> d.code() == Code.INTERNAL);
  }

  /** This result with {@code more} diagnostics; a result with errors holds no graphs. */
  public CheckResult with(List<Diagnostic> more) {
    java.util.List<Diagnostic> all = new java.util.ArrayList<>(diagnostics);
    all.addAll(more);
    all.sort(dev.netc.compiler.diag.Diagnostics.ORDER);
    boolean errors = all.stream().anyMatch(Diagnostic::isError);
    return new CheckResult(source, all, errors ? List.of() : graphs, index);
  }

  public long count(dev.netc.compiler.diag.Severity severity) {
    return diagnostics.stream().filter(d -> d.severity() == severity).count();
  }
}
