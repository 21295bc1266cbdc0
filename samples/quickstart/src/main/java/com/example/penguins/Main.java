package com.example.penguins;

import java.io.IOException;
import java.util.Locale;

/**
 * Classifies a few penguins with the network compiled from {@code src/main/nn/com/example/penguins/penguins.nn}.
 *
 * <p>With no arguments it classifies three sample penguins; otherwise each four numbers are one
 * penguin: bill length (mm), bill depth (mm), flipper length (mm), body mass (g).
 */
public final class Main {
  static final String[] SPECIES = {"Adelie", "Chinstrap", "Gentoo"};

  private static final float[][] SAMPLES = {
      {39.1f, 18.7f, 181f, 3750f},
      {49.5f, 19.0f, 200f, 3800f},
      {46.1f, 13.2f, 211f, 4500f},
  };

  private Main() {}

  public static void main(String[] args) throws IOException {
    float[][] penguins = args.length == 0 ? SAMPLES : parse(args);
    int n = penguins.length;

    // The network's input is one row-major array: n penguins of 4 measurements each.
    float[] measurements = new float[n * 4];
    for (int i = 0; i < n; i++) {
      System.arraycopy(penguins[i], 0, measurements, i * 4, 4);
    }

    // Penguins is the class netc generated; fromResource() reads the weights packaged beside it.
    Penguins network = Penguins.fromResource();
    float[] probabilities = network.forward(measurements, n);

    for (int i = 0; i < n; i++) {
      int best = argmax(probabilities, i * 3, 3);
      System.out.printf(Locale.ROOT, "bill %.1f x %.1f mm, flipper %.0f mm, %.0f g: %s (%.1f%%)%n",
          penguins[i][0], penguins[i][1], penguins[i][2], penguins[i][3],
          SPECIES[best], 100 * probabilities[i * 3 + best]);
    }
  }

  /** The index, from 0 to {@code length - 1}, of the largest of {@code length} values from {@code offset}. */
  static int argmax(float[] values, int offset, int length) {
    int best = 0;
    for (int j = 1; j < length; j++) {
      if (values[offset + j] > values[offset + best]) {
        best = j;
      }
    }
    return best;
  }

  private static float[][] parse(String[] args) {
    if (args.length % 4 != 0) {
      throw new IllegalArgumentException(
          "give four numbers per penguin: bill length (mm), bill depth (mm), flipper length (mm), body mass (g)");
    }
    float[][] penguins = new float[args.length / 4][4];
    for (int i = 0; i < args.length; i++) {
      penguins[i / 4][i % 4] = Float.parseFloat(args[i]);
    }
    return penguins;
  }
}
