package com.example.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScaleTest {
  @Test
  void scalesEachColumnByTheWeightsFromTheResource() throws Exception {
    // scale.safetensors holds [[2, 0], [0, 3]], stored in 8 bits as 127 times a column scale of 2/127
    // and 3/127: exact up to the float rounding of the scale. Two rows run the GEMM tiles, one the GEMV.
    Scale net = Scale.fromResource();
    assertArrayEquals(new float[] {2, 3, 4, -3}, net.forward(new float[] {1, 1, 2, -1}, 2), 1e-5f);
    assertArrayEquals(new float[] {-2, 6}, net.forward(new float[] {-1, 2}, 1), 1e-5f);
  }

  @Test
  void quantizesTheWeightsOfAFileWhenLoaded() throws Exception {
    Scale net = Scale.load(Path.of("src/test/nn/com/example/scale/scale.safetensors"));
    assertArrayEquals(new float[] {2, 3, 4, -3}, net.forward(new float[] {1, 1, 2, -1}, 2), 1e-5f);
  }
}
