package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed input of any kind gets diagnostics, never an exception or an internal error. */
class RobustnessTest {
  @TempDir Path dir;

  private CheckResult checkBytes(byte[] bytes) throws IOException {
    Path file = dir.resolve("input.nn");
    Files.write(file, bytes);
    return Frontend.checkFile(file, "input.nn");
  }

  private static void assertRejectedCleanly(CheckResult result) {
    assertThat(result.hasErrors()).isTrue();
    assertThat(result.hasInternalError()).as("internal error: %s", result.diagnostics()).isFalse();
    assertThat(result.graphs()).isEmpty();
  }

  @Test
  @DisplayName("binary garbage is named as such, once")
  void binaryGarbage() throws IOException {
    byte[] bytes = new byte[4096];
    new Random(1).nextBytes(bytes);
    CheckResult result = checkBytes(bytes);
    assertRejectedCleanly(result);
    assertThat(result.diagnostics()).singleElement().extracting(Diagnostic::code).isEqualTo(Code.NOT_TEXT);
  }

  @Test
  void invalidUtf8() throws IOException {
    CheckResult result = checkBytes(new byte[] {'n', 'e', 't', (byte) 0xC3, (byte) 0x28});
    assertThat(result.diagnostics()).singleElement().satisfies(d -> {
      assertThat(d.code()).isEqualTo(Code.NOT_TEXT);
      assertThat(d.message()).contains("not valid UTF-8");
    });
  }

  @Test
  void emptyFile() throws IOException {
    CheckResult result = checkBytes(new byte[0]);
    assertThat(result.diagnostics()).singleElement().extracting(Diagnostic::code).isEqualTo(Code.NO_NETWORK);
  }

  @Test
  @DisplayName("printable garbage gives a bounded number of diagnostics")
  void printableGarbage() throws IOException {
    StringBuilder text = new StringBuilder();
    Random random = new Random(2);
    for (int i = 0; i < 200_000; i++) {
      text.append((char) (' ' + random.nextInt(95)));
    }
    CheckResult result = checkBytes(text.toString().getBytes(StandardCharsets.UTF_8));
    assertRejectedCleanly(result);
    assertThat(result.diagnostics().size()).isLessThan(200);
  }

  @Test
  @DisplayName("a 10 MB spec of inline values is read and checked")
  void tenMegabytes() throws IOException {
    int n = 1_000_000;
    StringBuilder text = new StringBuilder("network Big {\n  input x: f32[N, ").append(n).append("]\n  param w: f32[")
        .append(n).append("] = [");
    for (int i = 0; i < n; i++) {
      text.append(i == 0 ? "" : ", ").append("0.12345");
    }
    text.append("]\n  output y = x * w\n}\n");
    assertThat(text.length()).isGreaterThan(9_000_000);
    CheckResult result = checkBytes(text.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.graphs()).hasSize(1);
  }

  @Test
  void tooLarge() throws IOException {
    Path file = dir.resolve("huge.nn");
    try (var channel = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
      channel.position(Frontend.MAX_SOURCE_BYTES + 10).write(java.nio.ByteBuffer.wrap(new byte[] {'x'}));
    }
    CheckResult result = Frontend.checkFile(file, "huge.nn");
    assertThat(result.diagnostics()).singleElement().extracting(Diagnostic::code).isEqualTo(Code.TOO_LARGE);
  }

  @Test
  @DisplayName("deep nesting is refused before the parser recurses into it")
  void deepNesting() {
    String spec = "network Deep {\n  input x: f32[N, 2]\n  output y = " + "(".repeat(100_000) + "x" + ")".repeat(100_000) + "\n}\n";
    CheckResult result = Specs.check(spec);
    assertRejectedCleanly(result);
    assertThat(result.diagnostics()).singleElement().extracting(Diagnostic::code).isEqualTo(Code.TOO_DEEP);
  }

  @Test
  @DisplayName("a long flat expression (50,000 terms) checks without exhausting the stack")
  void longExpression() {
    String spec = "network Long {\n  input x: f32[N, 2]\n  output y = x" + " + x".repeat(50_000) + "\n}\n";
    CheckResult result = Specs.check(spec);
    assertThat(result.hasInternalError()).isFalse();
    assertThat(result.hasErrors()).isFalse();
  }

  @Test
  @DisplayName("random token soup never makes the compiler fail")
  void tokenSoup() {
    String[] tokens = {"network", "N", "{", "}", "input", "param", "output", "dim", "weights", "x", "W", ":", "f32",
        "[", "]", "(", ")", ",", "=", "@", "*", "+", "-", "/", ".T", "relu", "dense", "reshape", "1", "-1", "2.5",
        "\"s\"", "\n", "softmax", "axis", "from", "#c\n", "/*", "*/", "\"", "mse", "transpose", "concat", "layernorm"};
    Random random = new Random(3);
    int rounds = Integer.getInteger("netc.fuzz.rounds", 300);
    for (int round = 0; round < rounds; round++) {
      StringBuilder text = new StringBuilder("network Soup {\n input x: f32[N, 4]\n");
      int length = 5 + random.nextInt(60);
      for (int i = 0; i < length; i++) {
        text.append(tokens[random.nextInt(tokens.length)]).append(' ');
      }
      CheckResult result = Specs.check(text.toString());
      assertThat(result.hasInternalError()).as("internal error on:%n%s%n%s", text, result.diagnostics()).isFalse();
    }
  }
}
