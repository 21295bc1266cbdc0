package dev.netc.onnx.importer;

import dev.netc.compiler.Source;
import dev.netc.onnx.OnnxFormatException;
import dev.netc.onnx.OnnxModel;
import dev.netc.onnx.OnnxReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An ONNX model as a compiler {@link Source}: imported in memory, with its weights written to a
 * working folder (the generated code reads them from there, or embeds them as a resource). This is
 * how {@code netc compile}, {@code netc run} and the Maven plugin take an {@code .onnx} file where
 * they take a {@code .nn} spec. The spec is written beside the weights, and diagnostics point into
 * it, where each statement's comment names the ONNX nodes it came from.
 */
public final class ImportedSource {
  private ImportedSource() {}

  /** Whether {@code file} is an ONNX model, by its extension. */
  public static boolean isOnnx(Path file) {
    return file.getFileName() != null && file.getFileName().toString().endsWith(".onnx");
  }

  /**
   * Imports {@code model}, writes {@code workDir/<model>.nn} and {@code workDir/<model>.safetensors},
   * and returns the spec as a source.
   *
   * @throws ImportException if the model uses what netc does not import
   * @throws OnnxFormatException if the file is not a readable ONNX model
   */
  public static Source of(Path model, Path workDir, ImportOptions options)
      throws IOException, ImportException {
    return of(OnnxReader.read(model), workDir, options);
  }

  /**
   * {@link #of(Path, Path, ImportOptions)} for a model already read: for a caller that looks at the
   * model first (the Maven plugin notes the external data files it names, as inputs of the build).
   */
  public static Source of(OnnxModel model, Path workDir, ImportOptions options)
      throws IOException, ImportException {
    String file = model.file().getFileName().toString();
    String base = file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
    OnnxImporter.Imported imported = OnnxImporter.importModel(model, options, base);
    Files.createDirectories(workDir);
    Path weights = workDir.resolve(base + ".safetensors");
    Path part = Files.createTempFile(workDir, base, ".part");
    try {
      imported.weights().write(part);
      Files.move(part, weights, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(part);
    }
    Path spec = workDir.resolve(base + ".nn");
    Files.writeString(spec, imported.spec(), StandardCharsets.UTF_8);
    return Source.text(spec.toString(), imported.spec(), spec);
  }
}
