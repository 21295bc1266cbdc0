package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.ir.IrBuilder;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.source.SourceFile;
import dev.netc.runtime.DType;
import dev.netc.runtime.weights.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parameters declared {@code bf16} or {@code i8}: where the checker accepts them, and what it says where not. */
class CompressedParamsTest {
  @TempDir Path dir;

  private static CheckResult check(String text) {
    return Frontend.check(new SourceFile("net.nn", text));
  }

  private static List<String> errors(CheckResult result) {
    return result.diagnostics().stream().filter(d -> d.severity() == dev.netc.compiler.diag.Severity.ERROR)
        .map(d -> d.code().id() + " " + d.span().line() + ":" + d.span().column() + " " + d.message() + " | "
            + d.label())
        .toList();
  }

  @Test
  @DisplayName("a bf16 or i8 matrix as the right side of @, as written or transposed, checks and keeps its type")
  void weightsCheck() {
    CheckResult result = check("""
        network Net {
          input x: f32[N, 4]
          param W1: bf16[4, 3] = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 2, 3]]
          param W2: i8[2, 3] = [[1, 2, 3], [4, 5, 6]]
          h = relu(x @ W1)
          output y = h @ W2.T + h @ W2.T
        }
        """);
    assertThat(result.diagnostics()).isEmpty();
    IrGraph ir = IrBuilder.build(result.graphs().get(0));
    assertThat(ir.param("W1").orElseThrow().type().dtype()).isEqualTo(DType.BF16);
    assertThat(ir.param("W2").orElseThrow().type().dtype()).isEqualTo(DType.I8);
  }

  @Test
  @DisplayName("any other use, a vector, and an i8 weight read both ways are NN0224 at the use, with what to do")
  void otherUses() {
    CheckResult result = check("""
        network Net {
          input x: f32[3, 3]
          param W: i8[3, 3] = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
          param B: bf16[3, 3] = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
          param v: bf16[3] = [1, 2, 3]
          h = x @ W + B
          output y = relu(h @ W.T) @ B
          output z = B @ x.T
        }
        """);
    assertThat(errors(result)).containsExactly(
        "NN0224 5:12 `v` is stored as bf16, which only a matmul's weight can be | a 1-axis parameter",
        "NN0224 6:15 `B` is stored as bf16, which only a matmul's weight can be | not the right side of `@`",
        "NN0224 7:23 `W` is stored as i8, which only a matmul's weight can be"
            + " | read here transposed, by an earlier product the other way",
        "NN0224 8:14 `B` is stored as bf16, which only a matmul's weight can be | not the right side of `@`");
    Diagnostic orientation = result.diagnostics().stream().filter(d -> d.label().startsWith("read here"))
        .findFirst().orElseThrow();
    assertThat(orientation.fixes()).anyMatch(f -> f.message().contains("use `W` here too, or declare it bf16 or f32"));
  }

  @Test
  @DisplayName("an i8 weight in a file may be F32 (quantized on load) or I8 with its scales; I8 without them is NN0403")
  void weightsFile() throws IOException {
    Path file = dir.resolve("w.safetensors");
    new SafetensorsWriter()
        .add("floats", new float[] {1, 2, 3, 4, 5, 6}, 2, 3)
        .add("quantized", new byte[] {1, 2, 3, 4, 5, 6}, 2, 3)
        .add("quantized.scale", new float[] {0.5f, 0.25f, 1}, 3)
        .add("bare", new byte[] {1, 2, 3, 4, 5, 6}, 2, 3)
        .write(file);
    String spec = """
        network Net {
          weights "w.safetensors"
          input x: f32[N, 2]
          param a: i8[2, 3] from "floats"
          param b: i8[2, 3] from "quantized"
          param c: i8[2, 3] from "bare"
          output y = x @ a + x @ b + x @ c
        }
        """;
    Path nn = dir.resolve("net.nn");
    Files.writeString(nn, spec);
    CheckResult result = Frontend.checkFile(nn, "net.nn");
    assertThat(errors(result)).singleElement().asString()
        .startsWith("NN0403 6:26 the weights file has no tensor `bare.scale`");
    assertThat(result.diagnostics().get(0).notes()).anyMatch(n -> n.contains("as `bare.scale`"));
  }
}
