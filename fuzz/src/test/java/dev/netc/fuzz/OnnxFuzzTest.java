package dev.netc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Compiler;
import dev.netc.compiler.Source;
import dev.netc.onnx.OnnxFormatException;
import dev.netc.onnx.OnnxModel;
import dev.netc.onnx.OnnxReader;
import dev.netc.onnx.importer.ImportException;
import dev.netc.onnx.importer.ImportOptions;
import dev.netc.onnx.importer.OnnxImporter;
import java.nio.file.Path;

/**
 * An ONNX model as bytes from anywhere, read and imported. The documented failures are {@link
 * OnnxFormatException} (the bytes are not a model netc can read) and {@link ImportException} (the
 * model uses what netc does not import); anything else is a finding. A model that imports must
 * give a spec that checks: the importer answers for what it writes.
 *
 * <p>Seeds: {@code src/test/resources/dev/netc/fuzz/OnnxFuzzTestInputs/model/}, the importer's
 * operator fixtures among them.
 */
class OnnxFuzzTest {
  private static final Path FILE = Path.of("fuzz.onnx");

  @FuzzTest
  void model(byte[] bytes) throws Exception {
    OnnxImporter.Imported imported;
    try {
      OnnxModel model = OnnxReader.read(FILE, bytes);
      imported = OnnxImporter.importModel(model, ImportOptions.defaults(), "fuzz");
    } catch (OnnxFormatException | ImportException expected) {
      return;
    }
    Path weights = Scratch.dir().resolve("fuzz.safetensors");
    imported.weights().write(weights);
    CheckResult check = Compiler.check(Source.text("fuzz.nn", imported.spec(), weights.resolveSibling("fuzz.nn")));
    if (check.hasErrors()) {
      throw new AssertionError("the imported spec does not check: " + check.diagnostics() + "\n" + imported.spec());
    }
  }
}
