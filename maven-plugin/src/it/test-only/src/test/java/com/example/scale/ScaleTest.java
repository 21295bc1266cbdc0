package com.example.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ScaleTest {
  @Test
  void scalesEachColumnByTheWeightsFromTheResource() throws Exception {
    // scale.safetensors holds [[2, 0], [0, 3]].
    float[] y = Scale.fromResource().forward(new float[] {1, 1, 2, -1}, 2);
    assertArrayEquals(new float[] {2, 3, 4, -3}, y);
  }
}
