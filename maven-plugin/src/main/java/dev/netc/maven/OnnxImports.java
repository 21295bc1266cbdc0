package dev.netc.maven;

import dev.netc.compiler.Source;
import dev.netc.compiler.diag.Severity;
import dev.netc.onnx.OnnxAttribute;
import dev.netc.onnx.OnnxFormatException;
import dev.netc.onnx.OnnxGraph;
import dev.netc.onnx.OnnxModel;
import dev.netc.onnx.OnnxNode;
import dev.netc.onnx.OnnxReader;
import dev.netc.onnx.OnnxTensor;
import dev.netc.onnx.importer.ImportException;
import dev.netc.onnx.importer.ImportOptions;
import dev.netc.onnx.importer.ImportedSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.maven.plugin.logging.Log;
import org.sonatype.plexus.build.incremental.BuildContext;

/**
 * The {@code .onnx} models among a build's specs. Each is imported as {@code netc compile
 * model.onnx} imports it, into a working folder under the build directory: {@code
 * <importDirectory>/<the model's folder under the source folder>/<model>.nn} and {@code
 * <model>.safetensors} beside it. The spec written there is what the compiler checks, so its
 * diagnostics point at it, and each of its statements carries a comment naming the ONNX nodes it
 * came from; its weights become the generated class's resource, as a spec's weights file does.
 *
 * <p>For incremental builds a model's inputs are its {@code .onnx} file and the external data
 * files it names, and the two files its import writes are outputs, like its classes: a model whose
 * inputs are unchanged and whose outputs are all there is neither imported nor generated again,
 * and the working files of a model that is gone are deleted with its classes.
 */
final class OnnxImports {
  private final GeneratorSettings settings;
  private final BuildContext buildContext;
  private final Log log;

  OnnxImports(GeneratorSettings settings, BuildContext buildContext, Log log) {
    this.settings = settings;
    this.buildContext = buildContext;
    this.log = log;
  }

  /** Whether the spec is an ONNX model to import rather than a {@code .nn} spec. */
  static boolean isModel(Spec spec) {
    return ImportedSource.isOnnx(spec.file());
  }

  /**
   * An imported model.
   *
   * @param source its spec, named in diagnostics by the written spec (relative to the project, as
   *     every spec) and in generated code by the model: the classes say they come from {@code
   *     src/main/nn/com/example/model.onnx}, whatever folder the build ran in
   * @param externalData the files beside the model that hold its large tensors, stamped before the
   *     import read them: inputs of the build, as the model file is
   */
  record Imported(Source source, List<FileStamp> externalData) {}

  /**
   * Imports the model. A model netc cannot import, or cannot read, is reported as an error on the
   * model's file, with the importer's message, and gives nothing.
   *
   * @throws IOException if the model cannot be read or its working files cannot be written
   */
  Optional<Imported> importModel(Spec spec, DiagnosticReporter reporter) throws IOException {
    Source imported;
    List<FileStamp> externalData = new ArrayList<>();
    try {
      OnnxModel model = OnnxReader.read(spec.file());
      for (Path file : externalData(model.graph(), new TreeSet<>())) {
        externalData.add(FileStamp.take(settings.relative(file), file));
      }
      imported = ImportedSource.of(model, workDirectory(spec), ImportOptions.defaults());
    } catch (ImportException | OnnxFormatException e) {
      reporter.report(spec.file(), Severity.ERROR, 0, 0, withoutFileName(e.getMessage(), spec.file()));
      return Optional.empty();
    }
    Path written = imported.path().orElseThrow();
    // An IDE learns of the written files, as of generated ones: the imported spec's markers go on it.
    for (Path file : written(imported)) {
      buildContext.refresh(file.toFile());
    }
    log.info("netc: imported " + spec.name() + " into " + settings.relative(written));
    Source source = new Source(settings.relative(written), spec.name(), Optional.of(written), imported.text(),
        Optional.empty());
    return Optional.of(new Imported(source, externalData));
  }

  /** The external data files a graph's tensors name (initializers, constants, subgraphs), into {@code files}. */
  private static SortedSet<Path> externalData(OnnxGraph graph, SortedSet<Path> files) {
    for (OnnxTensor tensor : graph.initializers()) {
      addExternal(tensor, files);
    }
    for (OnnxNode node : graph.nodes()) {
      for (OnnxAttribute attribute : node.attributes().values()) {
        switch (attribute) {
          case OnnxAttribute.TensorValue t -> addExternal(t.value(), files);
          case OnnxAttribute.GraphValue g -> externalData(g.value(), files);
          default -> { }
        }
      }
    }
    return files;
  }

  private static void addExternal(OnnxTensor tensor, SortedSet<Path> files) {
    if (tensor.data() instanceof OnnxTensor.Data.External external) {
      files.add(external.file().toAbsolutePath().normalize());
    }
  }

  /**
   * The files the import of a model wrote, by {@link ImportedSource}'s naming: the spec the source
   * was read from, and its weights beside it, {@code <model>.safetensors}.
   */
  static List<Path> written(Source source) {
    Path spec = source.path().orElseThrow();
    String name = spec.getFileName().toString();
    return List.of(spec, spec.resolveSibling(name.substring(0, name.length() - ".nn".length()) + ".safetensors"));
  }

  /** Where a model's spec and weights are written: its folder under the source folder, under the import folder. */
  private Path workDirectory(Spec spec) {
    Path folder = settings.sourceDirectory().relativize(spec.file()).getParent();
    return folder == null ? settings.importDirectory() : settings.importDirectory().resolve(folder);
  }

  /**
   * The importer's message without the model's path in front (the reader's messages start with it),
   * since the log's line names the file already.
   */
  private static String withoutFileName(String message, Path model) {
    String prefix = model + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
