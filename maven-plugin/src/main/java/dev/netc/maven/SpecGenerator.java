package dev.netc.maven;

import dev.netc.compiler.CompileRequest;
import dev.netc.compiler.CompileResult;
import dev.netc.compiler.CompiledNetwork;
import dev.netc.compiler.Compiler;
import dev.netc.compiler.GeneratedFile;
import dev.netc.compiler.PackageNames;
import dev.netc.compiler.Source;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.maven.plugin.logging.Log;
import org.sonatype.plexus.build.incremental.BuildContext;

/**
 * One incremental generation: finds the specs, compiles those whose inputs changed since the last
 * generation (the spec, the weights files it names, the plugin and its settings) with the
 * compiler API, and writes their classes and weights resources. An ONNX model among the specs is
 * imported first ({@link OnnxImports}), and its spec compiled like any other.
 *
 * <p>It follows {@code netc compile}: every diagnostic is reported, and when any spec has an error
 * nothing at all is written, so a failed build never leaves a mix of old and new classes. Beyond
 * that it only ever writes files whose content changed, deletes the outputs of specs that are
 * gone (or of networks a spec no longer has), and then records what it did in the {@link
 * BuildState}. A build in which nothing changed reads the specs' attributes and writes nothing.
 */
final class SpecGenerator {
  private final GeneratorSettings settings;
  private final BuildContext buildContext;
  private final Log log;

  SpecGenerator(GeneratorSettings settings, BuildContext buildContext, Log log) {
    this.settings = settings;
    this.buildContext = buildContext;
    this.log = log;
  }

  /**
   * What a generation did.
   *
   * @param specs the specs found
   * @param checked those checked and generated again because an input changed
   * @param networks the networks generated from them
   * @param files the files generated for them
   * @param written those written: a generated file whose content is unchanged is left alone
   * @param deleted the outputs deleted because their spec or network is gone
   */
  record Summary(int specs, int checked, int networks, int files, int written, int deleted) {}


  /**
   * Runs the generation.
   *
   * @throws SpecProblemsException if a spec has errors, or warnings with {@code failOnWarning};
   *     each was reported and nothing was written
   * @throws IOException if a spec, a weights file or an output cannot be read or written
   */
  Summary run() throws SpecProblemsException, IOException {
    List<Spec> specs = new SpecScanner(settings, buildContext).scan();
    String fingerprint = settings.fingerprint();
    BuildState previous = BuildState.read(settings.stateFile());
    boolean sameSettings = previous.fingerprint().equals(fingerprint);
    if (!sameSettings && !previous.specs().isEmpty()) {
      log.debug("netc: the plugin or its configuration changed since the last build: every spec is generated again");
    }

    SortedMap<String, BuildState.SpecRecord> records = new TreeMap<>();
    List<Spec> stale = new ArrayList<>();
    for (Spec spec : specs) {
      BuildState.SpecRecord record = sameSettings ? previous.specs().get(spec.name()) : null;
      Optional<BuildState.SpecRecord> current = record == null ? Optional.empty() : stillCurrent(record);
      if (current.isPresent()) {
        records.put(spec.name(), current.get());
      } else {
        log.debug("netc: " + spec.name() + (record == null ? " is new" : " changed") + ": generating it");
        stale.add(spec);
      }
    }

    DiagnosticReporter reporter = new DiagnosticReporter(log, buildContext);
    OnnxImports imports = new OnnxImports(settings, buildContext, log);
    // The stale specs that have a source to compile: all but the models that could not be imported.
    List<Spec> compiled = new ArrayList<>();
    List<List<FileStamp>> stamps = new ArrayList<>();
    List<Source> sources = new ArrayList<>();
    for (Spec spec : stale) {
      reporter.clear(spec.file());
      // Stamped before it is read: an edit made while it is checked shows up as a change next time.
      List<FileStamp> inputs = new ArrayList<>(List.of(FileStamp.take(spec.name(), spec.file())));
      boolean validPackage = checkPackage(spec, reporter);
      Source source;
      if (OnnxImports.isModel(spec)) {
        Optional<OnnxImports.Imported> imported = imports.importModel(spec, reporter);
        if (imported.isEmpty()) {
          continue;
        }
        source = imported.get().source();
        inputs.addAll(imported.get().externalData());
        reporter.clear(source.path().orElseThrow());
      } else {
        source = Source.file(spec.file(), settings.baseDirectory());
      }
      compiled.add(spec);
      stamps.add(inputs);
      // A spec whose folder names no package is still checked, for its own diagnostics; it fails the build anyway.
      sources.add(source.inPackage(validPackage ? spec.packageName() : ""));
    }
    CompileResult result = Compiler.compile(new CompileRequest(sources, settings.compile()).claiming(claimed(records)));
    for (int i = 0; i < sources.size(); i++) {
      // At the file the compiler read: a model's diagnostics are in the spec its import wrote.
      for (Diagnostic d : result.checks().get(i).diagnostics()) {
        reporter.report(sources.get(i).path().orElseThrow(), sources.get(i).name(), d);
      }
    }
    failOnProblems(reporter);

    Map<Path, byte[]> files = new LinkedHashMap<>();
    record(compiled, sources, stamps, result, records, files);
    int networks = result.networks().size();

    BuildState next = new BuildState(fingerprint, records);
    OutputFiles outputs = new OutputFiles(buildContext);
    for (Map.Entry<Path, byte[]> file : files.entrySet()) {
      outputs.write(file.getKey(), file.getValue());
    }
    Set<String> live = new HashSet<>(next.allOutputs());
    for (String old : previous.allOutputs()) {
      if (!live.contains(old)) {
        // Only inside today's output folders: files there are the plugin's to delete.
        outputs.delete(settings.resolve(old),
            List.of(settings.outputDirectory(), settings.resourceOutputDirectory(), settings.importDirectory()));
      }
    }
    Summary summary =
        new Summary(specs.size(), stale.size(), networks, files.size(), outputs.written(), outputs.deleted());
    // Written last, and only when it says something new: a build that fails before here leaves
    // the old state, and the next build checks the same specs again.
    outputs.write(settings.stateFile(), next.format().getBytes(StandardCharsets.UTF_8));
    return summary;
  }

  /**
   * The record with each input's stamp brought up to date, when no input's content changed and
   * every output is still there; empty when the spec must be generated again.
   */
  private Optional<BuildState.SpecRecord> stillCurrent(BuildState.SpecRecord record) throws IOException {
    for (String output : record.outputs()) {
      if (!Files.isRegularFile(settings.resolve(output))) {
        return Optional.empty();
      }
    }
    List<FileStamp> now = new ArrayList<>();
    for (FileStamp stamp : record.inputs()) {
      FileStamp current = stamp.refresh(settings.resolve(stamp.path()));
      if (!current.sameContent(stamp)) {
        return Optional.empty();
      }
      now.add(current);
    }
    return Optional.of(new BuildState.SpecRecord(now, record.outputs()));
  }

  /** Reports a spec whose folder names no Java package (an error) or the unnamed one (a warning); false for the error. */
  private boolean checkPackage(Spec spec, DiagnosticReporter reporter) {
    // At the first line of a spec; a model has no lines, so at the file.
    int line = OnnxImports.isModel(spec) ? 0 : 1;
    Optional<String> badPackage = PackageNames.problem(spec.packageName());
    if (badPackage.isPresent()) {
      reporter.report(spec.file(), Severity.ERROR, line, line, "the folder of this spec does not name a Java package: "
          + badPackage.get() + "; rename the folder under " + settings.relative(settings.sourceDirectory())
          + ", or set <packageName> in the plugin's configuration");
      return false;
    }
    if (spec.packageName().isEmpty()) {
      reporter.report(spec.file(), Severity.WARNING, line, line, "this spec is not in a package folder, so its classes"
          + " go to the unnamed package, which classes in packages cannot import; move it to a folder such as "
          + settings.relative(settings.sourceDirectory()) + "/com/example/, or set <packageName>");
    }
    return true;
  }

  /**
   * The files the up-to-date specs generated, as the compiler names them (relative to their output
   * folder), each with its spec: a stale spec's network generating one of them is an error.
   */
  private Map<String, String> claimed(Map<String, BuildState.SpecRecord> records) {
    Map<String, String> claimed = new HashMap<>();
    records.forEach((spec, record) -> {
      for (String output : record.outputs()) {
        Path file = settings.resolve(output);
        for (Path root : List.of(settings.outputDirectory(), settings.resourceOutputDirectory())) {
          if (file.startsWith(root)) {
            claimed.put(root.relativize(file).toString().replace('\\', '/'), spec);
          }
        }
      }
    });
    return claimed;
  }

  /**
   * The compiled specs' files, each in its output folder, into {@code files}, and their records,
   * with the weights files they read as inputs (a model's import outputs as outputs), into {@code
   * records}.
   */
  private void record(List<Spec> compiled, List<Source> sources, List<List<FileStamp>> stamps, CompileResult result,
      SortedMap<String, BuildState.SpecRecord> records, Map<Path, byte[]> files) throws IOException {
    for (int i = 0; i < compiled.size(); i++) {
      Spec spec = compiled.get(i);
      List<FileStamp> inputs = new ArrayList<>(stamps.get(i));
      List<String> outputs = new ArrayList<>();
      for (CompiledNetwork network : result.networks()) {
        if (!network.source().equals(sources.get(i))) {
          continue;
        }
        for (GeneratedFile f : network.files()) {
          Path root = f.kind() == GeneratedFile.Kind.SOURCE ? settings.outputDirectory()
              : settings.resourceOutputDirectory();
          Path target = root.resolve(f.path());
          files.put(target, f.bytes());
          outputs.add(settings.relative(target));
        }
        if (network.graph().weights().isPresent() && !OnnxImports.isModel(spec)) {
          Path weights = network.graph().weights().get();
          String name = settings.relative(weights);
          if (inputs.stream().noneMatch(stamp -> stamp.path().equals(name))) {
            inputs.add(FileStamp.take(name, weights));
          }
        }
      }
      if (OnnxImports.isModel(spec)) {
        // The model's weights are its import's output, as its spec is: the model file alone is its input.
        for (Path written : OnnxImports.written(sources.get(i))) {
          outputs.add(settings.relative(written));
        }
      }
      records.put(spec.name(), new BuildState.SpecRecord(inputs, outputs));
    }
  }

  private void failOnProblems(DiagnosticReporter reporter) throws SpecProblemsException {
    boolean warningsFail = settings.failOnWarning() && reporter.warnings() > 0;
    if (reporter.errors() > 0 || warningsFail) {
      throw new SpecProblemsException(reporter.errors(), reporter.warnings(), reporter.filesWithProblems(),
          settings.failOnWarning());
    }
  }
}
