package dev.netc.cli;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.InvalidOptionException;
import dev.netc.compiler.Compiler;
import dev.netc.compiler.Source;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.summary.NetworkSummary;
import dev.netc.runtime.DType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .nn spec files to check.")
  List<Path> files;

  @Option(names = {"-q", "--quiet"}, description = "Print diagnostics only, no summaries.")
  boolean quiet;

  @Option(names = "--weights", defaultValue = "f32", paramLabel = "TYPE",
      description = "Also state what the parameters take when compiled with netc compile --weights TYPE (bf16 or i8), "
          + "against their size as declared. Default: ${DEFAULT-VALUE}.")
  String weights;

  @CommandLine.Mixin DiagnosticOptions diagnosticOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CompileOptions options;
    try {
      options = CompileOptions.builder().weights(weights).build();
    } catch (InvalidOptionException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--weights " + e.value() + ": " + e.getMessage());
    }
    List<CheckResult> results = new ArrayList<>();
    for (Path file : files) {
      results.add(Compiler.check(Source.file(file)));
    }
    int status = diagnosticOptions.report(results, spec.commandLine());
    if (!quiet && diagnosticOptions.format != DiagnosticOptions.Format.json) {
      for (CheckResult result : results) {
        if (!result.hasErrors()) {
          for (Graph g : result.graphs()) {
            NetworkSummary summary = NetworkSummary.of(g);
            out.print(summary.render());
            if (options.weights() != DType.F32) {
              out.println("Stored with --weights " + options.weights().spelling() + ": "
                  + Compiler.storage(g, options).describe(summary.declaredBytes()));
            }
            out.println();
          }
        }
      }
    }
    return status;
  }
}
