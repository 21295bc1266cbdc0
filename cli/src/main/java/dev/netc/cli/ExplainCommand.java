package dev.netc.cli;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Explanations;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code netc explain NN0300}: the long form of a diagnostic code, with an example and the fix. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = "Explains a diagnostic code (e.g. NN0300) with an example and its fix; with no code, lists them all.")
final class ExplainCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "CODE", description = "A diagnostic code such as NN0300.")
  String id;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (id == null) {
      for (Code code : Code.values()) {
        out.printf("%s  %-7s  %s%n", code.id(), code.severity().word(), code.template().replace("%s", "...").replace("%d", "..."));
      }
      return 0;
    }
    Code code = Code.byId(id);
    if (code == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "unknown code `" + id + "`: codes look like NN0300; `netc explain` lists them all");
    }
    out.println(code.id() + " (" + code.severity().word() + "): " + code.template().replace("%s", "...").replace("%d", "..."));
    out.println();
    out.println(Explanations.of(code).orElse("No long explanation is written for this code yet."));
    return 0;
  }
}
