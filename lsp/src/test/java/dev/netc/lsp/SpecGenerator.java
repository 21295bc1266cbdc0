package dev.netc.lsp;

/**
 * Large specs for the robustness tests and the re-check benchmark: many
 * networks of the kind people write (sizes, a weights file, a stack of dense
 * layers as explicit matmuls), about 50 lines each.
 */
public final class SpecGenerator {
  private static final int LAYERS = 40;

  private SpecGenerator() {}

  /**
   * A spec of at least {@code lines} lines. With {@code errors}, the last layer of every
   * network multiplies by a weight of the wrong shape (NN0300).
   */
  public static String generate(int lines, boolean errors) {
    StringBuilder out = new StringBuilder(lines * 40);
    int written = 0;
    for (int n = 0; written < lines; n++) {
      out.append("/** Block ").append(n).append(": a stack of ").append(LAYERS).append(" layers. */\n");
      out.append("network Block").append(n).append(" {\n");
      out.append("  weights \"block").append(n).append(".safetensors\"\n");
      out.append("  dim d = 64\n");
      out.append("  dim h = 2 * d\n");
      out.append("  input x: f32[N, d]\n");
      out.append("  param W_in: f32[d, h]\n");
      out.append("  param W: f32[h, h]\n");
      out.append("  param b: f32[h]\n");
      out.append("  param W_out: f32[").append(errors ? "d" : "h").append(", d]\n");
      written += 10;
      out.append("  h0 = relu(x @ W_in)\n");
      for (int i = 1; i < LAYERS; i++) {
        out.append("  h").append(i).append(" = relu(h").append(i - 1).append(" @ W + b)   # [N, h]\n");
      }
      out.append("  output y = softmax(h").append(LAYERS - 1).append(" @ W_out)\n");
      out.append("}\n");
      written += LAYERS + 2;
    }
    return out.toString();
  }
}
