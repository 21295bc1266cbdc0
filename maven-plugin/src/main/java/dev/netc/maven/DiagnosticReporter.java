package dev.netc.maven;

import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.diag.GnuRenderer;
import dev.netc.compiler.diag.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugin.logging.Log;
import org.sonatype.plexus.build.incremental.BuildContext;
import org.sonatype.plexus.build.incremental.DefaultBuildContext;

/**
 * Reports the diagnostics of the specs a build checks, and counts them.
 *
 * <p>Each diagnostic is logged as {@code /abs/path/spec.nn:9:19: error: message [NN0300]}, the
 * compiler's GNU form: the form javac's lines have in a Maven log, which IDE consoles turn into
 * links and CI log parsers into annotations. The path is absolute because a Maven log is read from
 * wherever the build was started, often a parent folder of the module. Secondary locations follow
 * as {@code note} lines of the same form; the primary label, notes and advice follow, indented, so
 * that parsers skip them.
 *
 * <p>Under an IDE's incremental build (m2e), each diagnostic also becomes a marker on the spec
 * through the {@link BuildContext}.
 */
final class DiagnosticReporter {
  private final Log log;
  private final BuildContext buildContext;
  private final GnuRenderer gnu = new GnuRenderer();
  private int errors;
  private int warnings;
  private final Set<Path> filesWithProblems = new HashSet<>();

  DiagnosticReporter(Log log, BuildContext buildContext) {
    this.log = log;
    this.buildContext = buildContext;
  }

  /** Forgets the markers of a spec about to be checked again. */
  void clear(Path spec) {
    buildContext.removeMessages(spec.toFile());
  }

  /**
   * Reports one of the compiler's diagnostics of {@code spec}, which was checked under the name
   * {@code checkedAs}.
   */
  void report(Path spec, String checkedAs, Diagnostic d) {
    List<String> lines = new ArrayList<>();
    String[] rendered = gnu.render(d).split("\n");
    lines.add(relocate(rendered[0], checkedAs, spec));
    if (!d.label().isEmpty()) {
      // What the human form writes under the caret: the first line's place, in words.
      lines.add("    ^ " + d.label());
    }
    for (int i = 1; i < rendered.length; i++) {
      lines.add(relocate(rendered[i], checkedAs, spec));
    }
    for (String note : d.notes()) {
      lines.add("    = note: " + note);
    }
    for (Fix fix : d.fixes()) {
      lines.add("    = help: " + fix.message());
    }
    emit(spec, d.severity(), lines, d.span().line(), d.span().column(), d.message() + " [" + d.code().id() + "]");
  }

  /**
   * Reports a problem the plugin finds with a spec (its folder, a clash with another spec, a model
   * that cannot be imported) at a place in it, or with {@code line} 0 in the file as a whole (an
   * ONNX model has no lines): {@code file: error: message}, GNU's form without a place. The lines
   * of a message after its first are indented, as notes are, so that parsers skip them.
   */
  void report(Path spec, Severity severity, int line, int column, String message) {
    String[] parts = message.split("\n");
    List<String> lines = new ArrayList<>();
    lines.add(spec + (line > 0 ? ":" + line + ":" + column : "") + ": " + severity.word() + ": " + parts[0]);
    for (int i = 1; i < parts.length; i++) {
      lines.add("    " + parts[i]);
    }
    emit(spec, severity, lines, line, column, message);
  }

  int errors() {
    return errors;
  }

  int warnings() {
    return warnings;
  }

  /** How many specs had an error or a warning. */
  int filesWithProblems() {
    return filesWithProblems.size();
  }

  private void emit(Path spec, Severity severity, List<String> lines, int line, int column, String message) {
    switch (severity) {
      case ERROR -> {
        errors++;
        lines.forEach(log::error);
      }
      case WARNING -> {
        warnings++;
        lines.forEach(log::warn);
      }
      case NOTE -> lines.forEach(log::info);
    }
    if (severity != Severity.NOTE) {
      filesWithProblems.add(spec);
    }
    // The build API has no severity below warning: notes stay in the log. Outside an IDE the
    // default context would only log each message a second time, in a form of its own.
    if (severity != Severity.NOTE && buildContext.getClass() != DefaultBuildContext.class) {
      buildContext.addMessage(spec.toFile(), line, column, message,
          severity == Severity.ERROR ? BuildContext.SEVERITY_ERROR : BuildContext.SEVERITY_WARNING, null);
    }
  }

  /**
   * The compiler names the spec as it was asked to, relative to the project, so that generated
   * code does not depend on where the project lives; the log names it in full.
   */
  private static String relocate(String line, String checkedAs, Path spec) {
    return line.startsWith(checkedAs + ":") ? spec + line.substring(checkedAs.length()) : line;
  }
}
