package com.example;

import com.example.audio.Keywords;
import com.example.vision.Digits;
import java.io.IOException;

/** Uses both generated classes, each from its own package: compiling this is the test. */
public final class App {
  private App() {}

  public static void main(String[] args) throws IOException {
    float[] scores = Digits.create().forward(new float[] {1, 0, 0, 1}, 1);
    float[] logits = Keywords.create().forward(new float[] {1, 2, 3}, 1);
    System.out.println(scores.length + " " + logits.length);
  }
}
