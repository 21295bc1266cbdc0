package dev.netc.onnx.importer;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models exported from PyTorch import to specs that check clean and compute what PyTorch computed:
 * by the reference interpreter and by the generated code.
 */
class ImportedModelsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"mlp_gemm", "mlp_matmul", "encoder_post_op13", "encoder_pre_op17", "mha", "gelu_tanh",
      "embed_pool", "bert_tiny_mask"})
  void importsChecksAndMatchesPyTorch(String fixture) throws Exception {
    Fixtures.assertMatchesReference(fixture, dir);
  }
}
