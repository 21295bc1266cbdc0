package dev.netc.cli;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Frontend;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.GnuRenderer;
import dev.netc.compiler.diag.HumanRenderer;
import dev.netc.compiler.diag.JsonRenderer;
import dev.netc.compiler.diag.Severity;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.summary.NetworkSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code netc check FILE...}: parse and shape-check specs, print diagnostics,
 * and for clean files a summary of each network.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Parses and shape-checks .nn specs. Prints every diagnostic, then for each network without errors "
          + "a summary: nodes, output shapes, parameter counts and FLOPs per sample.",
      "Exit status: 0 no errors, 1 errors, 2 usage error, 70 internal compiler error."
    })
final class CheckCommand implements Callable<Integer> {
  enum Format { human, gnu, json }

  enum ColorMode { auto, always, never }

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .nn spec files to check.")
  List<Path> files;

  @Option(names = "--format", defaultValue = "human", description = "Diagnostics as human (source excerpts), gnu (file:line:col: lines) or json (JSON Lines). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--color", defaultValue = "auto", description = "Color human output: auto (only on a terminal), always or never. Default: ${DEFAULT-VALUE}.")
  ColorMode color;

  @Option(names = {"-q", "--quiet"}, description = "Print diagnostics only, no summaries.")
  boolean quiet;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean useColor = color == ColorMode.always || (color == ColorMode.auto && Terminal.isInteractive());
    Function<Diagnostic, String> render = switch (format) {
      case human -> new HumanRenderer(useColor)::render;
      case gnu -> new GnuRenderer()::render;
      case json -> new JsonRenderer()::render;
    };
    PrintWriter diagnostics = format == Format.json ? out : err;
    long errors = 0;
    long warnings = 0;
    boolean internal = false;
    for (Path file : files) {
      CheckResult result = Frontend.checkFile(file, file.toString());
      for (Diagnostic d : result.diagnostics()) {
        diagnostics.print(render.apply(d));
        if (format == Format.human) {
          diagnostics.println();
        }
      }
      errors += result.count(Severity.ERROR);
      warnings += result.count(Severity.WARNING);
      internal |= result.hasInternalError();
      if (!quiet && format != Format.json && !result.hasErrors()) {
        for (Graph g : result.graphs()) {
          out.print(NetworkSummary.of(g).render());
          out.println();
        }
      }
    }
    diagnostics.flush();
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
