package dev.netc.cli;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.InvalidOptionException;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.HumanRenderer;
import dev.netc.compiler.diag.Severity;
import dev.netc.graph.NetworkPictures;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code netc graph FILE}: a picture of a spec's networks, as SVG (laid out by netc itself, no
 * Graphviz needed), DOT or Mermaid. A spec with errors is drawn as far as it checked.
 */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = {
      "Draws the networks of a .nn spec (or an .onnx model, imported first): inputs at the top, a box per "
          + "statement with its operation, output shape and parameter count, arrows labelled with the shapes that "
          + "flow. A spec with errors is drawn as far as it checked, each failing statement in red with its "
          + "diagnostic as the tooltip; the diagnostics are printed too.",
      "Exit status: 0 drawn, 1 the spec has errors (the picture is written all the same) or the picture could not "
          + "be written, 2 usage error, 70 internal compiler error."
    })
final class GraphCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The .nn spec (or .onnx model) to draw.")
  Path file;

  @Option(names = "--network", paramLabel = "NAME",
      description = "The network to draw, when the spec declares several. Default: all of them.")
  String network;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "svg, dot (Graphviz) or mermaid. Default: from the extension of -o (.dot, .gv, .mmd, .mermaid), "
          + "else svg.")
  String format;

  @Option(names = "--after-passes",
      description = "Draw the network as compiled: after the optimizing passes (layers folded, bias, activation and "
          + "residual fused into matmuls), with each matmul kernel's tile, GEMV and threads.")
  boolean afterPasses;

  @Option(names = "--weights", defaultValue = "f32", paramLabel = "TYPE",
      description = "With --after-passes: the network as netc compile --weights TYPE compiles it (f32, bf16 or i8). "
          + "Default: ${DEFAULT-VALUE}.")
  String weights;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write the picture here. Default: standard output.")
  Path output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    CommandLine cli = spec.commandLine();
    PrintWriter err = cli.getErr();
    NetworkPictures.Format chosen = format();
    CompileOptions options;
    try {
      options = CompileOptions.builder().weights(weights).build();
    } catch (InvalidOptionException e) {
      throw new CommandLine.ParameterException(cli, "--weights " + e.value() + ": " + e.getMessage());
    }
    try (Specs specs = Specs.of(List.of(file), err)) {
      if (specs == null) {
        return 1;
      }
      NetworkPictures.Drawing drawing;
      try {
        drawing = NetworkPictures.render(specs.sources().get(0), Optional.ofNullable(network), chosen, afterPasses,
            options);
      } catch (NetworkPictures.UnknownNetworkException e) {
        throw new CommandLine.ParameterException(cli, "--network " + network + ": " + e.getMessage());
      }
      CheckResult check = drawing.check();
      report(check, err);
      if (check.hasInternalError()) {
        err.println("netc: the compiler failed on this input; this is a bug in netc, not in your spec");
        return Main.EXIT_INTERNAL;
      }
      if (check.index().networks().isEmpty()) {
        return 1;
      }
      if (drawing.hasErrors()) {
        specs.keep(err);
        if (afterPasses) {
          err.println("netc: the spec has errors: drawn as checked, not after the passes");
        }
      }
      if (output == null) {
        cli.getOut().print(drawing.text());
        cli.getOut().flush();
      } else {
        try {
          if (output.getParent() != null) {
            Files.createDirectories(output.getParent());
          }
          CompileCommand.write(output, drawing.text().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          err.println("netc: cannot write " + output + ": " + describe(e));
          return 1;
        }
        err.println("netc: wrote " + output);
      }
      return drawing.hasErrors() ? 1 : 0;
    }
  }

  /** The format asked for, or the one {@code -o}'s extension names, or SVG. */
  private NetworkPictures.Format format() {
    if (format != null) {
      return NetworkPictures.Format.parse(format).orElseThrow(() -> new CommandLine.ParameterException(
          spec.commandLine(), "--format " + format + ": netc draws svg, dot or mermaid"));
    }
    String name = output == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".dot") || name.endsWith(".gv")) {
      return NetworkPictures.Format.DOT;
    }
    if (name.endsWith(".mmd") || name.endsWith(".mermaid")) {
      return NetworkPictures.Format.MERMAID;
    }
    return NetworkPictures.Format.SVG;
  }

  private static void report(CheckResult check, PrintWriter err) {
    HumanRenderer human = new HumanRenderer(Terminal.isInteractive());
    for (Diagnostic d : check.diagnostics()) {
      err.print(human.render(d));
      err.println();
    }
    long errors = check.count(Severity.ERROR);
    long warnings = check.count(Severity.WARNING);
    if (errors > 0 || warnings > 0) {
      err.println("netc: " + errors + (errors == 1 ? " error, " : " errors, ") + warnings
          + (warnings == 1 ? " warning" : " warnings"));
    }
    err.flush();
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.FileAlreadyExistsException f) {
      return f.getFile() + " is a file, not a folder";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such folder";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage();
  }
}
