package dev.netc.onnx.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.CompiledNetwork;
import dev.netc.compiler.interp.Interpreter;
import dev.netc.compiler.interp.Tensor;
import dev.netc.compiler.ir.IrGraph;
import java.nio.file.Path;
import java.util.Map;
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
  @ValueSource(strings = {"mlp_gemm", "mlp_matmul", "encoder_post_op13", "encoder_pre_op17", "mha", "gelu_tanh", "embed_pool", "bert_tiny_mask"})
  void importsChecksAndMatchesPyTorch(String fixture) throws Exception {
    Path spec = Fixtures.importInto(fixture, dir);
    CompiledNetwork network = Fixtures.compile(spec);
    IrGraph ir = network.stages().get(0).graph();
    Map<String, Tensor> given = Fixtures.inputs(fixture, ir);
    Map<String, Tensor> interpreted = Interpreter.run(ir, given);
    Map<String, Tensor> compiled = Fixtures.runCompiled(network, spec, given);
    for (IrGraph.Output o : ir.outputs()) {
      Tensor expected = Fixtures.read(Fixtures.ROOT.resolve(fixture).resolve(o.name() + ".npy"));
      Fixtures.assertClose(fixture + " interpreted " + o.name(), interpreted.get(o.name()), expected);
      Fixtures.assertClose(fixture + " compiled " + o.name(), compiled.get(o.name()), expected);
    }
    assertThat(ir.outputs()).isNotEmpty();
  }
}
