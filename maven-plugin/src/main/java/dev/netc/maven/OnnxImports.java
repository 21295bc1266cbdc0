package dev.netc.maven;

import dev.netc.compiler.Source;
import dev.netc.compiler.diag.Severity;
import dev.netc.onnx.OnnxFormatException;
import dev.netc.onnx.importer.ImportException;
import dev.netc.onnx.importer.ImportOptions;
import dev.netc.onnx.importer.ImportedSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.logging.Log;

/**
 * The {@code .onnx} models among a build's specs. Each is imported as {@code netc compile
 * model.onnx} imports it, into a working folder under the build directory: {@code
 * <importDirectory>/<the model's folder under the source folder>/<model>.nn} and {@code
 * <model>.safetensors} beside it. The spec written there is what the compiler checks, so its
 * diagnostics point at it, and each of its statements carries a comment naming the ONNX nodes it
 * came from; its weights become the generated class's resource, as a spec's weights file does.
 *
 * <p>For incremental builds a model is one input (the {@code .onnx} file), and the two files its
 * import writes are outputs, like its classes: a model whose file is unchanged and whose outputs are
 * all there is neither imported nor generated again, and the working files of a model that is gone
 * are deleted with its classes.
 */
final class OnnxImports {
  private final GeneratorSettings settings;
  private final Log log;

  OnnxImports(GeneratorSettings settings, Log log) {
    this.settings = settings;
    this.log = log;
  }

  /** Whether the spec is an ONNX model to import rather than a {@code .nn} spec. */
  static boolean isModel(Spec spec) {
    return ImportedSource.isOnnx(spec.file());
  }

  /**
   * Imports the model and returns its spec as a compiler source, named in diagnostics by the written
   * spec (relative to the project, as every spec) and in generated code by the model: the classes
   * say they come from {@code src/main/nn/com/example/model.onnx}, whatever folder the build ran
   * in. A model netc cannot import, or cannot read, is reported as an error on the model's file,
   * with the importer's message, and gives no source.
   *
   * @throws IOException if the model cannot be read or its working files cannot be written
   */
  Optional<Source> importModel(Spec spec, DiagnosticReporter reporter) throws IOException {
    Source imported;
    try {
      imported = ImportedSource.of(spec.file(), workDirectory(spec), ImportOptions.defaults());
    } catch (ImportException | OnnxFormatException e) {
      reporter.report(spec.file(), Severity.ERROR, 0, 0, withoutFileName(e.getMessage(), spec.file()));
      return Optional.empty();
    }
    Path written = imported.path().orElseThrow();
    log.info("netc: imported " + spec.name() + " into " + settings.relative(written));
    return Optional.of(new Source(settings.relative(written), spec.name(), Optional.of(written), imported.text(),
        Optional.empty()));
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
