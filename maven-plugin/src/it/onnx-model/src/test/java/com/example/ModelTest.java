package com.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ModelTest {
  // The two rows of the fixture's x.npy and the probabilities PyTorch computed for them (y.npy):
  // src/main/nn/com/example/model.onnx is onnx/src/test/resources/fixtures/mlp_gemm/model.onnx.
  static final float[] X = {
      0.93232244f, -0.13484241f, -1.0977712f, 1.2093136f, -1.520061f, -0.36590558f, 0.08753656f, -0.67352563f,
      -0.31220064f, 0.6517512f, 0.10188337f, 2.118328f, -0.1747105f, -0.053022046f, 1.1776555f, 1.0340697f,
      1.3570641f, -0.26345968f, 0.6563534f, -1.0510361f,
      -0.295157f, -0.60361457f, 0.42757273f, 1.1640912f, -0.18349347f, -0.06950723f, 0.96656024f, -0.6179201f,
      1.3071183f, -1.8092502f, -0.24609518f, 0.047437467f, -0.17262267f, -0.42653674f, -0.8613654f, -1.8845301f,
      -0.84255f, 0.49467355f, 0.44657055f, 1.8565532f};
  static final float[] Y = {
      0.1716553f, 0.2296865f, 0.24667281f, 0.15252097f, 0.19946438f,
      0.18626499f, 0.2293537f, 0.2342452f, 0.16104262f, 0.18909346f};

  @Test
  void theImportedModelComputesWhatPyTorchDid() throws Exception {
    float[] y = Model.fromResource().forward(X, 2);
    // float32 sums in another order than PyTorch's: a few units in the last place of values near 0.2.
    assertArrayEquals(Y, y, 1e-5f);
  }
}
