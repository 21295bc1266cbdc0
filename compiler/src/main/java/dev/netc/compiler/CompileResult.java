package dev.netc.compiler;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import java.util.List;

/**
 * What a compile gives: each source's check, with every diagnostic, and the networks compiled.
 * Compiling is all or nothing: when any source has an error (including one found while
 * generating, such as two networks generating one class), no network is compiled, so a build
 * never writes half of what was asked.
 *
 * @param checks one per source, in the request's order
 * @param networks every network of every source, in order; empty when there is an error
 */
public record CompileResult(List<CheckResult> checks, List<CompiledNetwork> networks) {
  public CompileResult {
    checks = List.copyOf(checks);
    networks = List.copyOf(networks);
  }

  public boolean hasErrors() {
    return checks.stream().anyMatch(CheckResult::hasErrors);
  }

  /** Whether netc itself failed on some source: a bug to report, not a mistake in a spec. */
  public boolean hasInternalError() {
    return checks.stream().anyMatch(CheckResult::hasInternalError);
  }

  /** Every diagnostic, source by source. */
  public List<Diagnostic> diagnostics() {
    return checks.stream().flatMap(c -> c.diagnostics().stream()).toList();
  }

  /** Every generated file, network by network. */
  public List<GeneratedFile> files() {
    return networks.stream().flatMap(n -> n.files().stream()).toList();
  }

  /** Whether any diagnostic has {@code code}. */
  public boolean has(Code code) {
    return diagnostics().stream().anyMatch(d -> d.code() == code);
  }
}
