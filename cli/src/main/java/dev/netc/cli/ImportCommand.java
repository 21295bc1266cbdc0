package dev.netc.cli;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Compiler;
import dev.netc.compiler.Source;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.summary.NetworkSummary;
import dev.netc.onnx.OnnxFormatException;
import dev.netc.onnx.OnnxModel;
import dev.netc.onnx.OnnxReader;
import dev.netc.onnx.importer.ImportException;
import dev.netc.onnx.importer.ImportOptions;
import dev.netc.onnx.importer.OnnxImporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code netc import MODEL.onnx}: an ONNX model to a {@code .nn} spec and its weights, then the
 * spec checked as {@code netc check} would.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Imports an ONNX model: writes DIR/<name>.nn, a spec to read and edit, and DIR/<name>.safetensors, the"
          + " weights it reads; then checks the spec and prints its summary.",
      "Exit status: 0 imported and checked clean, 1 the model cannot be imported (nothing is written) or the spec"
          + " has errors, 2 usage error, 70 internal compiler error."
    })
final class ImportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx file.")
  Path model;

  @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", description = "Where to write the files (default: .).")
  Path outputDir = Path.of(".");

  @Option(names = "--name", paramLabel = "NAME",
      description = "The network's name (default: the model file's name in PascalCase); the files are named after it.")
  String name;

  @Option(names = "--dim", paramLabel = "NAME=SIZE",
      description = "Fix a symbolic ONNX dimension (--dim batch_size=1) or name it (--dim sequence=T). Symbolic"
          + " dimensions become N (the first), then T, T2, ... Repeatable.")
  List<String> dims = List.of();

  @CommandLine.Mixin DiagnosticOptions diagnosticOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    CommandLine cli = spec.commandLine();
    PrintWriter out = cli.getOut();
    PrintWriter err = cli.getErr();
    Map<String, String> dimChoices = new LinkedHashMap<>();
    ImportOptions options;
    try {
      for (String d : dims) {
        Map.Entry<String, String> e = ImportOptions.parseDim(d);
        dimChoices.put(e.getKey(), e.getValue());
      }
      options = new ImportOptions(Optional.ofNullable(name), dimChoices);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, e.getMessage());
    }
    String stem = model.getFileName().toString().replaceFirst("\\.onnx$", "");
    String base = name != null ? fileName(name) : stem;
    OnnxImporter.Imported imported;
    try {
      OnnxModel read = OnnxReader.read(model);
      imported = OnnxImporter.importModel(read, options, base);
    } catch (NoSuchFileException e) {
      err.println("netc: " + model + ": no such file");
      return 1;
    } catch (OnnxFormatException | ImportException e) {
      err.println("netc: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("netc: importing " + model + " failed inside netc (" + e + "); this is a bug in netc, not in"
          + " your model; nothing was written");
      return Main.EXIT_INTERNAL;
    }
    Files.createDirectories(outputDir);
    Path specFile = outputDir.resolve(base + ".nn");
    Path weightsFile = outputDir.resolve(base + ".safetensors");
    // Written beside their targets and moved into place, so a failure leaves no half-written file.
    Path specPart = Files.createTempFile(outputDir, base, ".nn.part");
    Path weightsPart = Files.createTempFile(outputDir, base, ".safetensors.part");
    try {
      Files.writeString(specPart, imported.spec(), StandardCharsets.UTF_8);
      imported.weights().write(weightsPart);
      Files.move(weightsPart, weightsFile, StandardCopyOption.REPLACE_EXISTING);
      Files.move(specPart, specFile, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(specPart);
      Files.deleteIfExists(weightsPart);
    }
    out.println("netc: wrote " + specFile + " and " + weightsFile + " (" + String.format("%,d", imported.parameterValues())
        + " parameter values)");
    CheckResult checked = Compiler.check(Source.file(specFile));
    int status = diagnosticOptions.report(List.of(checked), cli);
    if (!checked.hasErrors() && diagnosticOptions.format != DiagnosticOptions.Format.json) {
      for (Graph g : checked.graphs()) {
        out.println();
        out.print(NetworkSummary.of(g).render());
        out.flush();
      }
    }
    return status;
  }

  /** {@code MiniLm} to {@code mini_lm}: a network's name as a file name. */
  static String fileName(String networkName) {
    return networkName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
