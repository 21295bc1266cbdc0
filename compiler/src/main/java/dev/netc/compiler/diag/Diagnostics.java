package dev.netc.compiler.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects diagnostics and keeps going, so one run shows every independent
 * problem. Checks consult {@link #errorCount()} only to decide whether later
 * phases may run, never to stop early within a phase.
 */
public final class Diagnostics {
  private final List<Diagnostic> all = new ArrayList<>();
  private int errors;

  public void report(Diagnostic diagnostic) {
    all.add(diagnostic);
    if (diagnostic.isError()) {
      errors++;
    }
  }

  public void report(Diagnostic.Builder builder) {
    report(builder.build());
  }

  public void addAll(List<Diagnostic> diagnostics) {
    diagnostics.forEach(this::report);
  }

  public int errorCount() {
    return errors;
  }

  public boolean hasErrors() {
    return errors > 0;
  }

  /** Every diagnostic so far, in source order (file, then position, then code). */
  public List<Diagnostic> sorted() {
    List<Diagnostic> copy = new ArrayList<>(all);
    copy.sort(ORDER);
    return List.copyOf(copy);
  }

  public static final Comparator<Diagnostic> ORDER =
      Comparator.<Diagnostic, String>comparing(d -> d.span().file().name())
          .thenComparingInt(d -> d.span().start())
          .thenComparing(d -> d.code().id());
}
