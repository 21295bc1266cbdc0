package com.example.penguins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the generated {@link Penguins} class against the probabilities numpy computed for the same
 * weights (make_weights.py wrote them to expected.csv).
 */
class PenguinsTest {
  /** float32 arithmetic against numpy's float64: agreement to 1e-5 is all one can ask. */
  private static final float TOLERANCE = 1e-5f;

  private record Example(float[] measurements, float[] probabilities, String species) {}

  @Test
  void matchesNumpy() throws IOException {
    List<Example> examples = examples();
    int n = examples.size();
    float[] measurements = new float[n * 4];
    for (int i = 0; i < n; i++) {
      System.arraycopy(examples.get(i).measurements(), 0, measurements, i * 4, 4);
    }

    float[] probabilities = Penguins.fromResource().forward(measurements, n);

    assertEquals(n * 3, probabilities.length);
    for (int i = 0; i < n; i++) {
      Example e = examples.get(i);
      for (int j = 0; j < 3; j++) {
        assertEquals(e.probabilities()[j], probabilities[i * 3 + j], TOLERANCE,
            "penguin " + i + ", probability of " + Main.SPECIES[j]);
      }
      assertEquals(e.species(), Main.SPECIES[Main.argmax(probabilities, i * 3, 3)], "penguin " + i);
    }
  }

  @Test
  void aBatchOfOneGivesTheSameAsInABatch() throws IOException {
    Penguins network = Penguins.fromResource();
    for (Example e : examples()) {
      float[] alone = network.forward(e.measurements(), 1);
      for (int j = 0; j < 3; j++) {
        assertEquals(e.probabilities()[j], alone[j], TOLERANCE);
      }
    }
  }

  private static List<Example> examples() throws IOException {
    List<Example> examples = new ArrayList<>();
    try (InputStream in = PenguinsTest.class.getResourceAsStream("expected.csv");
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(",");
        float[] measurements = new float[4];
        float[] probabilities = new float[3];
        for (int j = 0; j < 4; j++) {
          measurements[j] = Float.parseFloat(f[j]);
        }
        for (int j = 0; j < 3; j++) {
          probabilities[j] = Float.parseFloat(f[4 + j]);
        }
        examples.add(new Example(measurements, probabilities, f[7]));
      }
    }
    return examples;
  }
}
