package dev.netc.cli;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.GnuRenderer;
import dev.netc.compiler.diag.HumanRenderer;
import dev.netc.compiler.diag.JsonRenderer;
import dev.netc.compiler.diag.Severity;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How the verbs that check specs print diagnostics: shared by check, compile and run. */
final class DiagnosticOptions {
  enum Format { human, gnu, json }

  enum ColorMode { auto, always, never }

  @Option(names = "--format", defaultValue = "human",
      description = "Diagnostics as human (source excerpts), gnu (file:line:col: lines) or json (JSON Lines). "
          + "Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--color", defaultValue = "auto",
      description = "Color human output: auto (only on a terminal), always or never. Default: ${DEFAULT-VALUE}.")
  ColorMode color;

  /** Prints every diagnostic; returns 0, 1 when there are errors, or 70 when the compiler failed. */
  int report(List<CheckResult> results, CommandLine cli) {
    PrintWriter err = cli.getErr();
    PrintWriter target = format == Format.json ? cli.getOut() : err;
    boolean useColor = color == ColorMode.always || (color == ColorMode.auto && Terminal.isInteractive());
    Function<Diagnostic, String> render = switch (format) {
      case human -> new HumanRenderer(useColor)::render;
      case gnu -> new GnuRenderer()::render;
      case json -> new JsonRenderer()::render;
    };
    long errors = 0;
    long warnings = 0;
    boolean internal = false;
    for (CheckResult r : results) {
      for (Diagnostic d : r.diagnostics()) {
        target.print(render.apply(d));
        if (format == Format.human) {
          target.println();
        }
      }
      errors += r.count(Severity.ERROR);
      warnings += r.count(Severity.WARNING);
      internal |= r.hasInternalError();
    }
    target.flush();
    if (format == Format.human && (errors > 0 || warnings > 0)) {
      err.println("netc: " + plural(errors, "error") + ", " + plural(warnings, "warning"));
    }
    if (internal) {
      err.println("netc: the compiler failed on this input; this is a bug in netc, not in your spec");
      return Main.EXIT_INTERNAL;
    }
    return errors > 0 ? 1 : 0;
  }

  private static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
