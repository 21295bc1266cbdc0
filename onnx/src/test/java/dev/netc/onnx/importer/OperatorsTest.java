package dev.netc.onnx.importer;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One ONNX operator at a time, with its attributes and their corners (graphs made with
 * {@code onnx.helper}, expected values computed with NumPy from the operator's definition): the
 * import computes the same, interpreted and compiled.
 */
class OperatorsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"gemm_all_attrs", "gemm_c_scalar", "matmul_1d_left", "matmul_1d_right", "matmul_batched",
      "softmax_axis1_rank3_op11", "softmax_axis1_rank3_op13", "logsoftmax_op13", "reshape_zero_and_minus1",
      "transpose_perm", "flatten_axis2", "squeeze_unsqueeze_op11", "squeeze_unsqueeze_op13", "concat_axis1",
      "slice_op11_attrs", "split_op13", "gather_constant_index", "gather_embedding", "cast_int_to_float", "leakyrelu_sigmoid_tanh",
      "shape_arithmetic", "identity_dedup", "layernorm_op17_axis_minus2",
      "reducemean_op13_axes_attr", "reducemean_op18_axes_input", "reducesum_op13_axes_input",
      "pow_sqrt_erf_exp_reciprocal_neg", "gelu_op20"})
  void computesWhatTheOperatorDefines(String name) throws Exception {
    Fixtures.assertMatchesReference("ops/" + name, dir);
  }
}
