package dev.netc.compiler;

import dev.netc.compiler.check.NetworkChecker;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Edit;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.source.SourceFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fixes an editor may apply without the user reading them: its "preferred"
 * quick fix, applied by a single key press or all at once. A diagnostic's first
 * fix, when it has edits (a later one is another reading, such as scaling each
 * sample instead of each neuron), is preferred only when checking the edited spec shows it works:
 * the diagnostic is gone and no new one appeared, both when the fix is applied
 * alone and when it is applied together with the fixes preferred before it in the
 * file. A suggestion that only trades one error for another (a bias redeclared
 * while its inline values keep the old count) stays on offer, but not preferred.
 */
public final class PreferredFixes {
  /**
   * Verifying costs a check per candidate, twice; a file with more errors than this is
   * being written, not repaired, and gets no preferred fixes rather than a slow answer.
   */
  static final int MAX_CANDIDATES = 24;

  private PreferredFixes() {}

  /** The preferred fix of each diagnostic of {@code result} that has one. */
  public static Map<Diagnostic, Fix> of(CheckResult result, NetworkChecker.CatalogLoader loader) {
    Map<Diagnostic, Fix> preferred = new IdentityHashMap<>();
    List<Candidate> candidates = new ArrayList<>();
    for (Diagnostic d : result.diagnostics()) {
      d.fixes().stream().findFirst().filter(f -> !f.edits().isEmpty())
          .ifPresent(f -> candidates.add(new Candidate(d, f)));
    }
    if (candidates.isEmpty() || candidates.size() > MAX_CANDIDATES || result.hasInternalError()) {
      return preferred;
    }
    List<Candidate> accepted = new ArrayList<>();
    for (Candidate c : candidates) {
      if (!works(result, List.of(c), loader)) {
        continue;
      }
      List<Candidate> together = new ArrayList<>(accepted);
      together.add(c);
      if (overlaps(together) || (!accepted.isEmpty() && !works(result, together, loader))) {
        continue;
      }
      accepted.add(c);
      preferred.put(c.diagnostic(), c.fix());
    }
    return preferred;
  }

  private record Candidate(Diagnostic diagnostic, Fix fix) {}

  /** Whether applying every fix of {@code applied} removes their diagnostics and adds none. */
  private static boolean works(CheckResult result, List<Candidate> applied, NetworkChecker.CatalogLoader loader) {
    SourceFile source = result.source();
    List<Edit> edits = applied.stream().flatMap(c -> c.fix().edits().stream())
        .sorted(Comparator.comparingInt((Edit e) -> e.span().start()).reversed())
        .toList();
    StringBuilder text = new StringBuilder(source.text());
    for (Edit e : edits) {
      text.replace(e.span().start(), e.span().end(), e.replacement());
    }
    SourceFile edited = new SourceFile(source.name(), text.toString(), source.path().orElse(null));
    CheckResult after = Frontend.check(edited, loader);
    Set<String> before = new HashSet<>();
    for (Diagnostic d : result.diagnostics()) {
      before.add(key(d.code().id(), edited.line(moved(d.span().start(), edits))));
    }
    Set<String> fixed = new HashSet<>();
    for (Candidate c : applied) {
      fixed.add(key(c.diagnostic().code().id(), edited.line(moved(c.diagnostic().span().start(), edits))));
    }
    for (Diagnostic d : after.diagnostics()) {
      String k = key(d.code().id(), d.span().line());
      if (fixed.contains(k) || !before.contains(k)) {
        return false;
      }
    }
    return true;
  }

  /** Where the text at {@code offset} is after {@code edits}, which do not overlap. */
  private static int moved(int offset, List<Edit> edits) {
    int shift = 0;
    for (Edit e : edits) {
      if (e.span().end() <= offset && !(e.span().start() == offset && e.span().end() == offset)) {
        shift += e.replacement().length() - (e.span().end() - e.span().start());
      }
    }
    return offset + shift;
  }

  private static String key(String code, int line) {
    return code + "@" + line;
  }

  private static boolean overlaps(List<Candidate> fixes) {
    List<Edit> edits = fixes.stream().flatMap(c -> c.fix().edits().stream())
        .sorted(Comparator.comparingInt((Edit e) -> e.span().start())).toList();
    for (int i = 1; i < edits.size(); i++) {
      if (edits.get(i).span().start() < edits.get(i - 1).span().end()) {
        return true;
      }
    }
    return false;
  }
}
