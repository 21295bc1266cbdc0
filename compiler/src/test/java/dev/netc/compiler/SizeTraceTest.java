package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Fix;
import dev.netc.runtime.weights.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mismatch at a loss traced to the layer that caused it: a forgotten {@code flatten} two and
 * three layers up, and a last layer with the wrong units. Each fix is applied as an editor applies
 * it, and the spec, with weights of the shapes it then declares, checks clean.
 */
class SizeTraceTest {
  @TempDir Path dir;

  private CheckResult check(String spec, Map<String, long[]> weights) throws IOException {
    SafetensorsWriter writer = new SafetensorsWriter();
    weights.forEach((name, shape) -> {
      long count = 1;
      for (long d : shape) {
        count *= d;
      }
      writer.add(name, new float[(int) count], shape);
    });
    writer.write(dir.resolve("w.safetensors"));
    Path file = dir.resolve("net.nn");
    Files.writeString(file, spec);
    return Frontend.checkFile(file, "net.nn");
  }

  private static Diagnostic only(CheckResult result, String code) {
    var found = result.diagnostics().stream().filter(d -> d.code().id().equals(code)).toList();
    assertThat(found).as("%s in %s", code, result.diagnostics()).hasSize(1);
    return found.get(0);
  }

  private static String apply(String text, Diagnostic d) {
    Fix fix = d.fixes().stream().filter(f -> !f.edits().isEmpty()).findFirst().orElseThrow();
    return FixEditsTest.apply(text, fix);
  }

  private static final String THREE_LAYERS = """
      network Flatten {
        weights "w.safetensors"
        input images: f32[N, 28, 28]
        input target: f32[N, 10]
        h1 = dense(images, 32, relu)
        h2 = dense(h1, 16, relu)
        logits = dense(h2, 10)
        output loss = mse(logits, target)
      }
      """;

  @Test
  @DisplayName("a flatten forgotten three layers up: reported at the loss, pointing at the first dense, fixed there")
  void missingFlattenThreeLayersUp() throws IOException {
    CheckResult result = check(THREE_LAYERS, Map.of("h1.weight", new long[] {28, 32}, "h1.bias", new long[] {32},
        "h2.weight", new long[] {32, 16}, "h2.bias", new long[] {16}, "logits.weight", new long[] {16, 10},
        "logits.bias", new long[] {10}));
    Diagnostic d = only(result, "NN0313");
    assertThat(d.related()).anyMatch(l -> l.span().line() == 5
        && l.message().equals("`dense` layer `h1` kept the axes of its input [N, 28, 28]: it maps only the last one"));
    String fixed = apply(THREE_LAYERS, d);
    assertThat(fixed).contains("h1 = dense(flatten(images), 32, relu)");
    CheckResult after = check(fixed, Map.of("h1.weight", new long[] {784, 32}, "h1.bias", new long[] {32},
        "h2.weight", new long[] {32, 16}, "h2.bias", new long[] {16}, "logits.weight", new long[] {16, 10},
        "logits.bias", new long[] {10}));
    assertThat(after.diagnostics()).isEmpty();
  }

  @Test
  @DisplayName("two layers up, at a sparse cross-entropy: the same dense and the same fix")
  void missingFlattenTwoLayersUp() throws IOException {
    String spec = """
        network Flatten {
          weights "w.safetensors"
          input images: f32[N, 8, 8]
          input labels: i64[N]
          h = dense(images, 16, relu)
          logits = dense(h, 10)
          output loss = sparse_cross_entropy(logits, labels)
        }
        """;
    CheckResult result = check(spec, Map.of("h.weight", new long[] {8, 16}, "h.bias", new long[] {16},
        "logits.weight", new long[] {16, 10}, "logits.bias", new long[] {10}));
    Diagnostic d = only(result, "NN0345");
    assertThat(d.related()).anyMatch(l -> l.span().line() == 5 && l.message().contains("`dense` layer `h` kept"));
    assertThat(apply(spec, d)).contains("h = dense(flatten(images), 16, relu)");
  }

  @Test
  @DisplayName("a last layer of 4 units against a target [N, 1]: the fix is the units, never a reshape of the target")
  void wrongUnits() throws IOException {
    String spec = """
        network Units {
          weights "w.safetensors"
          input x: f32[N, 8]
          input y: f32[N, 1]
          h = dense(x, 16, relu)
          prediction = dense(h, 4)
          output loss = mse(prediction, y)
        }
        """;
    Map<String, long[]> weights = Map.of("h.weight", new long[] {8, 16}, "h.bias", new long[] {16},
        "prediction.weight", new long[] {16, 4}, "prediction.bias", new long[] {4});
    Diagnostic d = only(check(spec, weights), "NN0313");
    assertThat(d.related()).anyMatch(l -> l.span().line() == 6 && l.message().startsWith("the 4 comes from the units"));
    assertThat(d.fixes()).noneMatch(f -> f.message().contains("reshape"));
    String fixed = apply(spec, d);
    assertThat(fixed).contains("prediction = dense(h, 1)");
    assertThat(check(fixed, Map.of("h.weight", new long[] {8, 16}, "h.bias", new long[] {16},
        "prediction.weight", new long[] {16, 1}, "prediction.bias", new long[] {1})).diagnostics()).isEmpty();
  }

  @Test
  @DisplayName("a weight made for flattened images under [N, 28, 28]: the fix flattens the images and checks clean")
  void flattenBeforeTheProduct() throws IOException {
    String spec = """
        network Images {
          input images: f32[N, 28, 28]
          input W: f32[784, 10]
          output logits = images @ W
        }
        """;
    Diagnostic d = only(check(spec, Map.of()), "NN0300");
    String fixed = apply(spec, d);
    assertThat(fixed).contains("output logits = flatten(images) @ W");
    assertThat(check(fixed, Map.of()).diagnostics()).isEmpty();
  }
}
