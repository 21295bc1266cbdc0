package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.summary.NetworkSummary;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The valid samples check clean, against their real weights files, with the shapes and counts worked out by hand. */
class SamplesTest {
  private static Graph clean(String file) {
    Path path = Goldens.samples().resolve(file);
    CheckResult result = Frontend.checkFile(path, file);
    assertThat(result.diagnostics()).as("diagnostics of %s", file).isEmpty();
    assertThat(result.graphs()).hasSize(1);
    return result.graphs().get(0);
  }

  @Test
  @DisplayName("ImageFlip: its doc comment, one batch dimension, inline values")
  void imageFlip() {
    Graph g = clean("image_flip.nn");
    assertThat(g.name()).isEqualTo("ImageFlip");
    assertThat(g.doc()).startsWith("A two-layer perceptron small enough to check by hand");
    assertThat(g.runtimeDims()).containsExactly("N");
    assertThat(g.outputs()).containsExactly("y_hat");
    Graph.ParamDecl w1 = g.params().get(0);
    assertThat(w1.source()).isInstanceOfSatisfying(Graph.ParamSource.Inline.class,
        inline -> assertThat(inline.values()).containsExactly(0.2f, -0.5f, 0.1f, -0.3f, 0.4f, -0.2f, 0.1f, 0.3f, 0.5f, -0.4f, 0.2f, -0.1f));
  }

  @Test
  @DisplayName("Mlp: 784-128-64-10 in PyTorch layout has 109,386 parameters, all bound to the weights file")
  void mlp() {
    Graph g = clean("mlp.nn");
    assertThat(NetworkSummary.of(g).totalParams()).isEqualTo(784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);
    assertThat(g.params()).extracting(Graph.ParamDecl::name)
        .containsExactly("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias");
    assertThat(g.params().get(0).type().shape().toString()).isEqualTo("[128, 784]");
    assertThat(g.weights()).hasValueSatisfying(p -> assertThat(p.getFileName().toString()).isEqualTo("mlp.safetensors"));
  }

  @Test
  @DisplayName("EncoderBlock: multi-head attention shapes, and parameters of 4 projections, 2 layernorms and the FFN")
  void transformerEncoder() {
    Graph g = clean("transformer_encoder.nn");
    assertThat(g.runtimeDims()).containsExactly("N", "T");
    assertThat(g.nodes()).extracting(b -> b.name() + " " + b.value().type().shape())
        .contains("q [N, heads, T, d_k]", "context [N, heads, T, d_k]", "merged [N, T, d_model]", "y [N, T, d_model]");
    long d = 64;
    long ff = 256;
    assertThat(NetworkSummary.of(g).totalParams()).isEqualTo(4 * (d * d + d) + 2 * 2 * d + d * ff + ff + ff * d + d);
  }
}
