package dev.netc.cli;

import static dev.netc.cli.CliTest.netc;
import static dev.netc.cli.CliTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netc graph}: formats, output files, and a user's mistakes as messages and exit codes, never stack traces. */
class GraphCommandTest {
  @Test
  @DisplayName("a clean spec is drawn as SVG on standard output, exit 0")
  void svgToStdout() {
    CliTest.Run run = netc("graph", sample("mlp.nn"));
    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains(">fc1</text>")
        .endsWith("</svg>\n");
  }

  @Test
  @DisplayName("--format dot and mermaid write text for other tools")
  void formats() {
    assertThat(netc("graph", "--format", "dot", sample("image_flip.nn")).out()).startsWith("digraph netc {")
        .contains("n0 -> n1 [label=\"[N, 4]\"]");
    assertThat(netc("graph", "--format", "MERMAID", sample("image_flip.nn")).out()).contains("flowchart TD",
        "n0 -->|\"[N, 4]\"| n1");
  }

  @Test
  @DisplayName("-o writes the file, its format from the extension unless --format says otherwise")
  void outputFile(@TempDir Path dir) throws Exception {
    Path dot = dir.resolve("pictures/net.dot");
    CliTest.Run run = netc("graph", "-o", dot.toString(), sample("mlp.nn"));
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("netc: wrote " + dot + "\n");
    assertThat(Files.readString(dot)).startsWith("digraph netc {");
    Path svg = dir.resolve("net.svg");
    assertThat(netc("graph", "--after-passes", "-o", svg.toString(), sample("transformer_encoder.nn")).exit()).isZero();
    assertThat(Files.readString(svg)).contains("kernel gemm64x64BiasResidual");
    assertThat(netc("graph", "--after-passes", "--weights", "bf16", "--format", "dot", sample("mlp.nn")).out())
        .contains("tile 12x32, GEMV for 1 row, bf16 weights");
    CliTest.Run badWeights = netc("graph", "--after-passes", "--weights", "f8", sample("mlp.nn"));
    assertThat(badWeights.exit()).isEqualTo(2);
    assertThat(badWeights.err()).startsWith("--weights f8: ");
    Path mmd = dir.resolve("net.txt");
    assertThat(netc("graph", "--format", "mermaid", "-o", mmd.toString(), sample("mlp.nn")).exit()).isZero();
    assertThat(Files.readString(mmd)).contains("flowchart TD");
  }

  @Test
  @DisplayName("a spec with errors prints its diagnostics, draws what checked and exits 1")
  void errors() {
    CliTest.Run run = netc("graph", "--format", "dot", sample("errors/matmul_chain.nn"));
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("error[NN0300]: matmul inner dimensions differ: [N, 4] @ [5, 2]",
        "netc: 1 error, 0 warnings");
    assertThat(run.out()).contains("output y\\nerror[NN0300]", "fillcolor=\"#fde2e1\"");
  }

  @Test
  @DisplayName("--network picks one network; an unknown one is a usage error that lists the others")
  void network(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("two.nn");
    Files.writeString(spec, """
        network A {
          input x: f32[N, 4]
          output y = relu(x)
        }
        network B {
          input x: f32[N, 4]
          output y = x * 2
        }
        """);
    CliTest.Run b = netc("graph", "--format", "dot", "--network", "B", spec.toString());
    assertThat(b.exit()).isZero();
    assertThat(b.out()).contains("network B").doesNotContain("relu");
    CliTest.Run unknown = netc("graph", "--network", "C", spec.toString());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("--network C: no network C in " + spec + "; its networks: A, B")
        .doesNotContain("Exception");
    assertThat(unknown.out()).isEmpty();
  }

  @Test
  @DisplayName("a format netc does not draw, a missing spec and an unwritable -o are messages, not stack traces")
  void mistakes(@TempDir Path dir) throws Exception {
    CliTest.Run format = netc("graph", "--format", "png", sample("mlp.nn"));
    assertThat(format.exit()).isEqualTo(2);
    assertThat(format.err()).startsWith("--format png: netc draws svg, dot or mermaid");

    CliTest.Run missing = netc("graph", dir.resolve("nothing.nn").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file").doesNotContain("Exception");
    assertThat(missing.out()).isEmpty();

    Path file = dir.resolve("a-file");
    Files.writeString(file, "");
    CliTest.Run unwritable = netc("graph", "-o", file.resolve("net.svg").toString(), sample("mlp.nn"));
    assertThat(unwritable.exit()).isEqualTo(1);
    assertThat(unwritable.err()).startsWith("netc: cannot write " + file.resolve("net.svg") + ": " + file
            + " is a file, not a folder")
        .doesNotContain("Exception").doesNotContain("internal error");
  }
}
