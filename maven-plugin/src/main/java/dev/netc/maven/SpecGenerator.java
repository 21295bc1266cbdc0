package dev.netc.maven;

import com.palantir.javapoet.JavaFile;
import dev.netc.compiler.Backend;
import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Frontend;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Severity;
import dev.netc.compiler.emit.GeneratedNetwork;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.passes.PassOptions;
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
 * One incremental generation: finds the specs, checks those whose inputs changed since the last
 * generation (the spec, the weights files it names, the plugin and its settings), and writes
 * their classes and weights resources.
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

  /** A spec checked in this build, with the stamp its content had when it was read. */
  private record Checked(Spec spec, FileStamp stamp, CheckResult result) {}

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
    List<Checked> checked = new ArrayList<>();
    for (Spec spec : stale) {
      checked.add(check(spec, reporter));
    }
    failOnProblems(reporter);

    Map<Path, byte[]> files = new LinkedHashMap<>();
    int networks = generate(checked, records, files, reporter);
    failOnProblems(reporter);

    BuildState next = new BuildState(fingerprint, records);
    OutputFiles outputs = new OutputFiles(buildContext);
    for (Map.Entry<Path, byte[]> file : files.entrySet()) {
      outputs.write(file.getKey(), file.getValue());
    }
    Set<String> live = new HashSet<>(next.allOutputs());
    for (String old : previous.allOutputs()) {
      if (!live.contains(old)) {
        // Only inside today's output folders: files there are the plugin's to delete.
        outputs.delete(settings.resolve(old), List.of(settings.outputDirectory(), settings.resourceOutputDirectory()));
      }
    }
    Summary summary =
        new Summary(specs.size(), checked.size(), networks, files.size(), outputs.written(), outputs.deleted());
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

  private Checked check(Spec spec, DiagnosticReporter reporter) throws IOException {
    reporter.clear(spec.file());
    // Stamped before it is read: an edit made while it is checked shows up as a change next time.
    FileStamp stamp = FileStamp.take(spec.name(), spec.file());
    Optional<String> badPackage = PackageNames.problem(spec.packageName());
    if (badPackage.isPresent()) {
      reporter.report(spec.file(), Severity.ERROR, 1, 1, "the folder of this spec does not name a Java package: "
          + badPackage.get() + "; rename the folder under " + settings.relative(settings.sourceDirectory())
          + ", or set <packageName> in the plugin's configuration");
    } else if (spec.packageName().isEmpty()) {
      reporter.report(spec.file(), Severity.WARNING, 1, 1, "this spec is not in a package folder, so its classes"
          + " go to the unnamed package, which classes in packages cannot import; move it to a folder such as "
          + settings.relative(settings.sourceDirectory()) + "/com/example/, or set <packageName>");
    }
    CheckResult result = Frontend.checkFile(spec.file(), spec.name());
    for (Diagnostic d : result.diagnostics()) {
      reporter.report(spec.file(), spec.name(), d);
    }
    return new Checked(spec, stamp, result);
  }

  /**
   * Generates the checked specs' networks into {@code files} and their records into {@code
   * records}. A network whose classes another spec (or network) already produces is reported as
   * an error at its declaration; then nothing is written.
   */
  private int generate(List<Checked> checked, SortedMap<String, BuildState.SpecRecord> records,
      Map<Path, byte[]> files, DiagnosticReporter reporter) throws IOException {
    Map<String, String> owners = new HashMap<>();
    records.forEach((spec, record) -> record.outputs().forEach(output -> owners.put(output, spec)));
    int networks = 0;
    for (Checked c : checked) {
      KernelSettings kernels = settings.kernels();
      Backend.Options options = new Backend.Options(c.spec().packageName(), new PassOptions(settings.foldLinear()),
          settings.vectorBits(), kernels.tileRows(), kernels.tileVectors(), kernels.l2Kib() * 1024,
          kernels.l3Kib() * 1024, settings.release());
      List<FileStamp> inputs = new ArrayList<>(List.of(c.stamp()));
      List<String> outputs = new ArrayList<>();
      for (Graph graph : c.result().graphs()) {
        Map<Path, byte[]> generated = filesOf(generate(c.spec(), graph, options), c.spec().packageName());
        String owner = c.spec().name() + " (network " + graph.name() + ")";
        Optional<String> clash = claim(owners, generated.keySet(), owner);
        if (clash.isPresent()) {
          String type = c.spec().packageName().isEmpty() ? graph.name() : c.spec().packageName() + "." + graph.name();
          reporter.report(c.spec().file(), Severity.ERROR, graph.span().line(), graph.span().column(),
              "network `" + graph.name() + "` would be generated as " + type + ", which " + clash.get()
                  + " already generates: rename one of the networks, or put the specs in different folders");
          continue;
        }
        files.putAll(generated);
        generated.keySet().forEach(path -> outputs.add(settings.relative(path)));
        networks++;
        if (graph.weights().isPresent()) {
          Path weights = graph.weights().get();
          String name = settings.relative(weights);
          if (inputs.stream().noneMatch(s -> s.path().equals(name))) {
            inputs.add(FileStamp.take(name, weights));
          }
        }
      }
      records.put(c.spec().name(), new BuildState.SpecRecord(inputs, outputs));
    }
    return networks;
  }

  /** Claims each path for {@code owner}; returns the owner of the first path someone else has. */
  private Optional<String> claim(Map<String, String> owners, Set<Path> paths, String owner) {
    for (Path path : paths) {
      String existing = owners.get(settings.relative(path));
      if (existing != null && !existing.equals(owner)) {
        return Optional.of(existing);
      }
    }
    paths.forEach(path -> owners.put(settings.relative(path), owner));
    return Optional.empty();
  }

  private static GeneratedNetwork generate(Spec spec, Graph graph, Backend.Options options) throws IOException {
    try {
      return Backend.generate(graph, options);
    } catch (IOException e) {
      throw new IOException("netc could not generate network " + graph.name() + " of " + spec.file() + ": "
          + e.getMessage(), e);
    } catch (RuntimeException bug) {
      throw new IllegalStateException("netc failed to generate network " + graph.name() + " of " + spec.file()
          + ": this is a bug in netc, not in the spec; please report it with the spec", bug);
    }
  }

  /** Where each file of a generated network goes: sources and resources, each in its package's folder. */
  private Map<Path, byte[]> filesOf(GeneratedNetwork network, String packageName) {
    String folder = packageName.replace('.', '/');
    Path sources = settings.outputDirectory().resolve(folder);
    Path resources = settings.resourceOutputDirectory().resolve(folder);
    Map<Path, byte[]> files = new LinkedHashMap<>();
    for (JavaFile source : network.sources()) {
      files.put(sources.resolve(source.typeSpec().name() + ".java"), source.toString().getBytes(StandardCharsets.UTF_8));
    }
    network.resources().forEach((name, bytes) -> files.put(resources.resolve(name), bytes));
    return files;
  }

  private void failOnProblems(DiagnosticReporter reporter) throws SpecProblemsException {
    boolean warningsFail = settings.failOnWarning() && reporter.warnings() > 0;
    if (reporter.errors() > 0 || warningsFail) {
      throw new SpecProblemsException(reporter.errors(), reporter.warnings(), reporter.filesWithProblems(),
          settings.failOnWarning());
    }
  }
}
