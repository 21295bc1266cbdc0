package dev.netc.onnx.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.onnx.OnnxReader;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What netc does not import is refused by name, with the nodes that use it, and nothing is written. */
class RefusalsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ops/unsupported_conv | Conv, used by node",
      "ops/unsupported_lstm | LSTM, used by node",
      "ops/unsupported_if | If, used by node",
      "ops/slice_negative_step | takes every -1th element; netc slices with step 1 only",
      "ops/slice_op13_steps | takes every 2th element; netc slices with step 1 only",
      "ops/where_const_cond | mixes its two operands element by element",
      "ops/constantofshape | makes a tensor of a run-time shape; fix the sizes it depends on with --dim"})
  void refusesWithTheOperatorAndItsNodes(String fixture, String message) {
    assertThatThrownBy(() -> Fixtures.importInto(fixture, dir))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining(message);
    assertThat(dir.toFile().list()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void listsEveryUnsupportedOperatorOnce() throws Exception {
    var model = OnnxReader.read(Fixtures.ROOT.resolve("ops/unsupported_if/model.onnx"));
    assertThatThrownBy(() -> OnnxImporter.importModel(model, ImportOptions.defaults(), "m"))
        .hasMessageContaining("uses 2 operators netc does not import (opset 13)")
        .hasMessageContaining("Greater, used by node")
        .hasMessageContaining("If, used by node")
        .hasMessageNotContaining("ReduceSum");
  }

  @org.junit.jupiter.api.Test
  void aDimGivenForNoInputIsRefused() {
    ImportOptions wrong = new ImportOptions(java.util.Optional.empty(), java.util.Map.of("batch_size", "2"));
    assertThatThrownBy(() -> Fixtures.importInto("ops/shape_arithmetic", dir, wrong))
        .isInstanceOf(ImportException.class)
        .hasMessage("--dim batch_size: the model's inputs have no such dimension; they have batch");
  }
}
