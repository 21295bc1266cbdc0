package dev.netc.lsp;

import java.nio.file.Path;
import org.eclipse.lsp4j.Position;

/** Specs and positions in them, for the tests. */
final class Specs {
  /** A PyTorch-style weight used as [in, out]: NN0300, fixed by transposing it. */
  static final String TORCH_LAYOUT = """
      network TorchLayout {
        input x: f32[N, 4]
        param W: f32[6, 4] = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [1, 1, 0, 0], [0, 0, 1, 1]]
        output y = relu(x @ W)
      }
      """;

  /** The README's first network: every shape known, every parameter inline. */
  static final String IMAGE_FLIP = """
      network ImageFlip {
        input  x: f32[N, 4]
        param  W1: f32[4, 3] = [[0.2, -0.5, 0.1], [-0.3, 0.4, -0.2], [0.1, 0.3, 0.5], [-0.4, 0.2, -0.1]]
        param  b1: f32[3]    = [0.1, -0.1, 0.0]
        param  W2: f32[3, 4] = [[0.3, -0.2, 0.4, 0.1], [-0.1, 0.5, -0.3, 0.2], [0.2, -0.4, 0.1, -0.5]]
        param  b2: f32[4]    = [0.0, 0.1, -0.1, 0.0]
        h = relu(x @ W1 + b1)
        output y_hat = h @ W2 + b2
      }
      """;

  /** A bias with one value per sample instead of one per neuron. */
  static final String BIAS = """
      network Bias {
        input x: f32[N, 64]
        input b: f32[32]
        output y = x + b
      }
      """;

  private Specs() {}

  /** The position of the {@code nth} (from 0) occurrence of {@code needle}, plus {@code shift} characters. */
  static Position at(String text, String needle, int nth, int shift) {
    int i = -1;
    for (int k = 0; k <= nth; k++) {
      i = text.indexOf(needle, i + 1);
      if (i < 0) {
        throw new IllegalArgumentException("no " + (nth + 1) + " occurrences of `" + needle + "`");
      }
    }
    return new LineMap(text).position(i + shift);
  }

  static Position at(String text, String needle) {
    return at(text, needle, 0, 0);
  }

  /** A {@code file:} URI for a spec in a folder of the samples, whether or not the file exists. */
  static String uri(String folder, String name) {
    return samples().resolve(folder).resolve(name).toAbsolutePath().normalize().toUri().toString();
  }

  static Path samples() {
    return Path.of(System.getProperty("netc.samples", "../samples"));
  }
}
