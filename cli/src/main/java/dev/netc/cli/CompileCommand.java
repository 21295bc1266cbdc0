package dev.netc.cli;

import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.CompileRequest;
import dev.netc.compiler.CompileResult;
import dev.netc.compiler.CompiledNetwork;
import dev.netc.compiler.Compiler;
import dev.netc.compiler.GeneratedFile;
import dev.netc.compiler.InvalidOptionException;
import dev.netc.compiler.ir.IrPrinter;
import dev.netc.compiler.passes.Passes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code netc compile FILE... -d OUTDIR}: the compiler API's compile, with its files written
 * under the output folder. Nothing is written for a run with errors, and each file is replaced
 * atomically, so a failed run never leaves half a class behind.
 */
@Command(
    name = "compile",
    mixinStandardHelpOptions = true,
    description = {"Compiles .nn specs into Java sources (and the weights resources they load).",
        "Exit status: 0 written, 1 errors in a spec (nothing written), 2 usage error, 70 internal error."})
final class CompileCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE",
      description = "The .nn spec files; an .onnx model is imported first, as netc import would.")
  List<Path> files;

  @Option(names = {"-d", "--output"}, required = true, paramLabel = "OUTDIR",
      description = "Where the sources go, in folders by package; weights resources go beside their class.")
  Path output;

  @Option(names = {"-p", "--package"}, defaultValue = "", paramLabel = "PACKAGE",
      description = "The Java package of the generated classes. Default: none.")
  String packageName;

  @Option(names = "--dump-ir", description = "Print the IR as written and after each pass.")
  boolean dumpIr;

  @Option(names = "--no-fold-linear", description = "Keep consecutive linear layers apart instead of folding them.")
  boolean noFoldLinear;

  @Option(names = "--vector-bits", defaultValue = "512", paramLabel = "BITS",
      description = "The vector width kernels are generated for: 128, 256 or 512. Default: ${DEFAULT-VALUE}.")
  int vectorBits;

  @Option(names = "--tile", defaultValue = "12x2", paramLabel = "ROWSxVECTORS",
      description = "The GEMM register tile: rows x vectors. 12x2 suits AVX-512 Xeons, 4x4 AMD Zen 4. "
          + "Default: ${DEFAULT-VALUE}.")
  String tile;

  @Option(names = "--l2-kib", defaultValue = "1024", paramLabel = "KIB",
      description = "The per-core L2 cache the kernels' blocking assumes, in KiB. Default: ${DEFAULT-VALUE}.")
  long l2Kib;

  @Option(names = "--l3-kib", defaultValue = "32768", paramLabel = "KIB",
      description = "The last-level cache the kernels assume, in KiB: when the network's weights outgrow it, each "
          + "layer larger than L2 streams its blocks of weights into L2 before multiplying them. "
          + "Default: ${DEFAULT-VALUE}.")
  long l3Kib;

  @Option(names = "--release", defaultValue = "21", paramLabel = "N",
      description = "The Java release the generated code is compiled for and runs on: 21 or later. From 22 the "
          + "matmul weights live off the heap, aligned to cache lines, which makes the kernels faster. "
          + "Default: ${DEFAULT-VALUE}.")
  int release;

  @Option(names = "--weights", defaultValue = "f32", paramLabel = "TYPE",
      description = "How matmul weights are stored: f32 (as declared), bf16 (2 bytes, rounded to nearest even) or i8 "
          + "(1 byte with a scale per output column). Only parameters that are nothing but a matmul's weight are "
          + "converted; biases, norms and embeddings stay f32. Default: ${DEFAULT-VALUE}.")
  String weights;

  @CommandLine.Mixin DiagnosticOptions diagnosticOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    CompileOptions options = options(spec.commandLine());
    try (Specs specs = Specs.of(files, spec.commandLine().getErr())) {
      if (specs == null) {
        return 1;
      }
      CompileResult result = Compiler.compile(new CompileRequest(specs.sources(), options));
      int status = diagnosticOptions.report(result.checks(), spec.commandLine());
      if (status != 0) {
        specs.keep(spec.commandLine().getErr());
        return status;
      }
      return write(result);
    }
  }

  private int write(CompileResult result) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    for (CompiledNetwork network : result.networks()) {
      if (dumpIr) {
        for (Passes.Stage stage : network.stages()) {
          out.println(stage.pass().equals(CompiledNetwork.AS_WRITTEN)
              ? "== " + network.graph().name() + ": " + stage.pass()
              : "== after " + stage.pass());
          out.print(IrPrinter.print(stage.graph()));
        }
      }
      for (GeneratedFile file : network.files()) {
        Path target = output.resolve(file.path());
        Files.createDirectories(target.getParent());
        write(target, file.bytes());
      }
      out.println("netc: wrote " + network.className() + " to "
          + output.resolve(network.files().get(0).path()));
    }
    return 0;
  }

  /** The flags as compile options; a value netc cannot use is a usage error that names its flag. */
  private CompileOptions options(CommandLine cli) {
    try {
      return CompileOptions.of(packageName, !noFoldLinear, vectorBits, tile, l2Kib, l3Kib, release, weights);
    } catch (InvalidOptionException e) {
      throw new CommandLine.ParameterException(cli, e.setting().flag() + " " + e.value() + ": " + e.getMessage());
    }
  }

  /** Writes through a temporary file and a move, so readers see the old file or the new one, never a torn one. */
  static void write(Path target, byte[] bytes) throws IOException {
    // Files.write creates the temporary file with the usual permissions (createTempFile would make it 0600).
    Path temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      Files.write(temp, bytes);
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
