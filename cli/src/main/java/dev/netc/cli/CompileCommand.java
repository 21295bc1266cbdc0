package dev.netc.cli;

import com.palantir.javapoet.JavaFile;
import dev.netc.compiler.Backend;
import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Frontend;
import dev.netc.compiler.emit.GeneratedNetwork;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.ir.IrBuilder;
import dev.netc.compiler.ir.IrPrinter;
import dev.netc.compiler.passes.PassOptions;
import dev.netc.compiler.passes.Passes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code netc compile FILE... -d OUTDIR}: checks the specs and, when none has
 * an error, writes one Java class per network (plus its kernels class and
 * weights resource). Nothing is written for a run with errors, and each file
 * is replaced atomically, so a failed run never leaves half a class behind.
 */
@Command(
    name = "compile",
    mixinStandardHelpOptions = true,
    description = {"Compiles .nn specs into Java sources (and the weights resources they load).",
        "Exit status: 0 written, 1 errors in a spec (nothing written), 2 usage error, 70 internal error."})
final class CompileCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .nn spec files.")
  List<Path> files;

  @Option(names = {"-d", "--output"}, required = true, paramLabel = "OUTDIR",
      description = "Where the sources go, in folders by package; weights resources go beside their class.")
  Path output;

  @Option(names = {"-p", "--package"}, defaultValue = "", paramLabel = "PACKAGE",
      description = "The Java package of the generated classes. Default: none.")
  String packageName;

  @Option(names = "--dump-ir", description = "Print the IR before and after each pass.")
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
  int l2Kib;

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

  @CommandLine.Mixin DiagnosticOptions diagnosticOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "`" + packageName + "` is not a Java package name, e.g. com.example.nets");
    }
    if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--vector-bits must be 128, 256 or 512");
    }
    List<CheckResult> results = new ArrayList<>();
    for (Path file : files) {
      results.add(Frontend.checkFile(file, file.toString()));
    }
    int status = diagnosticOptions.report(results, spec.commandLine());
    if (status != 0) {
      return status;
    }
    PassOptions passes = new PassOptions(!noFoldLinear);
    if (!tile.matches("\\d+x\\d+")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--tile takes ROWSxVECTORS, e.g. 12x2");
    }
    String[] shape = tile.split("x");
    Backend.Options options;
    try {
      options = new Backend.Options(packageName, passes, vectorBits, Integer.parseInt(shape[0]),
          Integer.parseInt(shape[1]), l2Kib * 1024, l3Kib * 1024, release);
      options.emitCheck();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    List<GeneratedNetwork> generated = new ArrayList<>();
    for (CheckResult r : results) {
      for (Graph g : r.graphs()) {
        if (dumpIr) {
          var ir = IrBuilder.build(g);
          out.println("== " + g.name() + ": as written");
          out.print(IrPrinter.print(ir));
          for (Passes.Stage stage : Passes.stages(ir, passes)) {
            out.println("== after " + stage.pass());
            out.print(IrPrinter.print(stage.graph()));
          }
        }
        generated.add(Backend.generate(g, options));
      }
    }
    for (GeneratedNetwork n : generated) {
      Path folder = output.resolve(packageName.replace('.', '/'));
      Files.createDirectories(folder);
      for (JavaFile source : n.sources()) {
        write(folder.resolve(source.typeSpec().name() + ".java"), source.toString().getBytes(StandardCharsets.UTF_8));
      }
      for (Map.Entry<String, byte[]> resource : n.resources().entrySet()) {
        write(folder.resolve(resource.getKey()), resource.getValue());
      }
      out.println("netc: wrote " + n.className() + " to " + folder.resolve(n.className() + ".java"));
    }
    return 0;
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
