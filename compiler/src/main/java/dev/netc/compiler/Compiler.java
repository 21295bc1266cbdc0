package dev.netc.compiler;

import dev.netc.compiler.check.NetworkChecker;
import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.emit.CodeGenerator;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.ir.IrBuilder;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.passes.Passes;
import dev.netc.compiler.summary.WeightStorage;
import dev.netc.compiler.source.SourceFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * netc's compiler API, the one pipeline every adapter calls: {@code netc check}, {@code netc
 * compile} and {@code netc run}, the Maven plugin and the language server hold none of it.
 *
 * <pre>{@code
 * CompileResult result = Compiler.compile(new CompileRequest(
 *     List.of(Source.file(Path.of("mlp.nn"))), CompileOptions.builder().packageName("com.example").build()));
 * if (!result.hasErrors()) {
 *   for (GeneratedFile f : result.files()) { ... write f.bytes() to out/f.path() ... }
 * }
 * }</pre>
 *
 * <p>It never throws for a problem with a spec or its files: a bad spec, an unreadable weights
 * file, two networks generating one class are all diagnostics, and a failure of netc itself is
 * an {@link Code#INTERNAL} diagnostic that says so.
 */
public final class Compiler {
  private Compiler() {}

  /** Parses and checks one spec: its diagnostics, and a graph for each network when it has no errors. */
  public static CheckResult check(Source source) {
    return check(source, Frontend::catalogOf);
  }

  /** As {@link #check(Source)}, reading weights-file headers through {@code headers} (an editor caches them). */
  public static CheckResult check(Source source, NetworkChecker.CatalogLoader headers) {
    if (source.text().isPresent()) {
      return Frontend.check(new SourceFile(source.name(), source.text().get(), source.path().orElse(null)), headers);
    }
    return Frontend.checkFile(source.path().orElseThrow(), source.name(), headers);
  }

  /**
   * How a checked network's parameters would be stored when compiled with {@code options}: after
   * the passes, which fold some layers and, with {@code --weights}, compress the matmul weights.
   */
  public static WeightStorage storage(Graph graph, CompileOptions options) {
    return WeightStorage.of(Passes.optimize(IrBuilder.build(graph), options.passes()));
  }

  /**
   * Checks every source, then, when none has an error, lowers each network to the IR, runs the
   * passes and generates its classes. See {@link CompileResult} for what is all or nothing.
   */
  public static CompileResult compile(CompileRequest request) {
    List<CheckResult> checks = new ArrayList<>();
    for (Source source : request.sources()) {
      checks.add(check(source, request.headers()));
    }
    if (checks.stream().anyMatch(CheckResult::hasErrors)) {
      return new CompileResult(checks, List.of());
    }
    Map<String, String> owners = new HashMap<>();
    request.claimed().forEach((path, owner) -> owners.put(path.toLowerCase(java.util.Locale.ROOT), owner));
    List<CompiledNetwork> networks = new ArrayList<>();
    boolean failed = false;
    for (int i = 0; i < checks.size(); i++) {
      Source source = request.sources().get(i);
      List<Diagnostic> problems = new ArrayList<>();
      for (Graph graph : checks.get(i).graphs()) {
        try {
          CompiledNetwork network = compile(source, graph, request.options(), !request.inlineOnly());
          clash(source, graph, network, owners).ifPresentOrElse(problems::add, () -> networks.add(network));
        } catch (IOException e) {
          problems.add(Diagnostic.of(Code.WEIGHTS_UNREADABLE, graph.nameSpan(), e.getMessage())
              .note("the weights file changed or is damaged since it was checked: its data could not be read")
              .build());
        } catch (RuntimeException | LinkageError bug) {
          problems.add(Diagnostic.of(Code.INTERNAL, graph.nameSpan(), "generating network " + graph.name() + ": " + bug)
              .note("at " + (bug.getStackTrace().length > 0 ? bug.getStackTrace()[0] : "unknown"))
              .note("this is a bug in netc, not in your spec: please report it with the spec that triggers it")
              .build());
        }
      }
      if (!problems.isEmpty()) {
        checks.set(i, checks.get(i).with(problems));
        failed = true;
      }
    }
    return new CompileResult(checks, failed ? List.of() : networks);
  }

  private static CompiledNetwork compile(Source source, Graph graph, CompileOptions options, boolean embedWeights)
      throws IOException {
    IrGraph lowered = IrBuilder.build(graph).withSourceName(source.origin());
    List<Passes.Stage> stages = new ArrayList<>();
    stages.add(new Passes.Stage(CompiledNetwork.AS_WRITTEN, lowered));
    stages.addAll(Passes.stages(lowered, options.passes()));
    String packageName = source.packageName().orElse(options.packageName());
    String className = packageName.isEmpty() ? graph.name() : packageName + "." + graph.name();
    List<GeneratedFile> files =
        CodeGenerator.generate(stages.get(stages.size() - 1).graph(), packageName, options, embedWeights);
    return new CompiledNetwork(source, graph, className, stages, files);
  }

  /**
   * The error when a file of {@code network} is already generated by another network, of this
   * compile or of a spec outside it; else claims its files.
   */
  private static java.util.Optional<Diagnostic> clash(Source source, Graph graph, CompiledNetwork network,
      Map<String, String> owners) {
    String owner = source.name() + " (network " + graph.name() + ")";
    for (GeneratedFile f : network.files()) {
      // Names that differ only in case are one file on the file systems of Windows and macOS.
      String existing = owners.get(f.path().toLowerCase(java.util.Locale.ROOT));
      if (existing != null) {
        return java.util.Optional.of(Diagnostic.of(Code.CLASS_CLASH, graph.nameSpan(), graph.name(),
                network.className(), existing)
            .label("its class would replace the other's")
            .help("rename one of the networks, or compile the specs into different packages")
            .build());
      }
    }
    network.files().forEach(f -> owners.put(f.path().toLowerCase(java.util.Locale.ROOT), owner));
    return java.util.Optional.empty();
  }
}
