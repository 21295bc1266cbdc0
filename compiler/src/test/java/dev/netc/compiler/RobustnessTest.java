package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  @DisplayName("words and a period typed into a call, before a complete line: the parser's recovery at the line's "
      + "end gives syntax errors, not a failure (a fuzzing find)")
  void recoveryAtAnInsertedLineEnd() throws IOException {
    String spec = """
        network Typing {
          input column: f32[100, 1]
          input row: f32[100]
          output outer = column / reshape(row words, then a period.
          output ratio = column / reshape(row, [1, 100])
        }
        """;
    CheckResult result = checkBytes(spec.getBytes(StandardCharsets.UTF_8));
    assertRejectedCleanly(result);
    assertThat(result.diagnostics()).allSatisfy(d -> assertThat(d.span().line()).isEqualTo(4));
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

  @Test
  @DisplayName("a spec of 100,000 statements checks and compiles in bounded time")
  void hundredThousandStatements() {
    StringBuilder text = new StringBuilder("network Many {\n  input x: f32[N, 4]\n  h0 = x\n");
    for (int i = 1; i < 100_000; i++) {
      text.append("  h").append(i).append(" = h").append(i - 1).append(i % 2 == 0 ? " * 0.5\n" : " + 1\n");
    }
    text.append("  output y = h99999\n}\n");
    long start = System.nanoTime();
    CompileResult result = Compiler.compile(new CompileRequest(List.of(Source.text("many.nn", text.toString(), null)),
        CompileOptions.builder().packageName("many").build()));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.files()).isNotEmpty();
    // 25 to 80 s on a 2-core machine, as busy as it gets with other builds (it took four minutes when
    // every lookup of a node searched the list); a pass that went quadratic again would take far longer.
    assertThat(seconds).as("seconds to compile").isLessThan(300);
  }

  @Test
  @DisplayName("a 1,000-deep expression is refused by name, whichever brackets it nests")
  void thousandDeepExpression() {
    for (String[] nesting : new String[][] {{"(", ")"}, {"relu(", ")"}, {"softmax(x + ", ")"}, {"[", "]"}}) {
      String spec = "network Deep {\n  input x: f32[N, 2]\n  output y = " + nesting[0].repeat(1_000) + "x"
          + nesting[1].repeat(1_000) + "\n}\n";
      CheckResult result = Specs.check(spec);
      assertThat(result.hasInternalError()).as("%s", nesting[0]).isFalse();
      assertThat(result.diagnostics()).as("%s", nesting[0]).singleElement().satisfies(d -> {
        assertThat(d.code()).isEqualTo(Code.TOO_DEEP);
        assertThat(d.message()).contains("more than " + dev.netc.compiler.syntax.SpecParser.MAX_DEPTH + " levels");
      });
    }
  }

  @Test
  @DisplayName("signs nest without brackets, and without recursion: 1,000 compile and 100,000 check")
  void deepSigns() {
    String thousand = "network Signs {\n  input x: f32[N, 2]\n  output y = " + "-".repeat(1_000) + "x\n}\n";
    CompileResult compiled = Compiler.compile(new CompileRequest(List.of(Source.text("signs.nn", thousand, null)),
        CompileOptions.builder().packageName("signs").build()));
    assertThat(compiled.diagnostics()).isEmpty();
    String many = thousand.replace("-".repeat(1_000), "-".repeat(100_000));
    assertThat(Specs.check(many).diagnostics()).isEmpty();
  }

  @Test
  @DisplayName("a weights path no file can have (a NUL in it) is an error on the path, not a crash")
  void weightsPathWithNul() {
    CheckResult result = Specs.check("network W {\n  weights \"w\0.safetensors\"\n  input x: f32[N, 2]\n"
        + "  output y = x\n}\n");
    assertThat(result.hasInternalError()).isFalse();
    assertThat(result.diagnostics()).singleElement().satisfies(d -> {
      assertThat(d.code()).isEqualTo(Code.WEIGHTS_UNREADABLE);
      assertThat(d.message()).contains("is not a valid file name");
    });
  }

  @Test
  @DisplayName("a weights file declaring 10^12 elements is refused from its header, without reading or allocating")
  void weightsDeclaringATrillionElements() throws IOException {
    // A 20-byte file whose header claims 4 TB: 10^12 floats.
    byte[] header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1000000,1000000],\"data_offsets\":[0,4000000000000]}}"
        .getBytes(StandardCharsets.US_ASCII);
    byte[] file = java.nio.ByteBuffer.allocate(8 + header.length).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putLong(header.length).put(header).array();
    Files.write(dir.resolve("huge.safetensors"), file);
    Files.writeString(dir.resolve("huge.nn"), """
        network Huge {
          weights "huge.safetensors"
          input x: f32[N, 1000000]
          param w: f32[1000000, 1000000]
          output y = x @ w
        }
        """);
    CheckResult result = Frontend.checkFile(dir.resolve("huge.nn"), "huge.nn");
    assertThat(result.hasInternalError()).isFalse();
    assertThat(result.diagnostics()).singleElement().satisfies(d -> {
      assertThat(d.code()).isEqualTo(Code.WEIGHTS_UNREADABLE);
      assertThat(d.message()).contains("huge.safetensors").contains("has 1000000000000 elements");
    });
  }

  @Test
  @DisplayName("integer weights bound to an f32 parameter are refused by name, from .npy and safetensors alike")
  void integerWeightsForAFloatParameter() throws IOException {
    dev.netc.runtime.weights.NpyWriter.write(dir.resolve("ids.npy"), new long[] {1, 2, 3, 4}, 2, 2);
    new dev.netc.runtime.weights.SafetensorsWriter().add("ids", new int[] {1, 2, 3, 4}, 2, 2)
        .write(dir.resolve("ids.safetensors"));
    for (String weights : List.of("ids.npy", "ids.safetensors")) {
      Files.writeString(dir.resolve("ints.nn"), """
          network Ints {
            weights "%s"
            input x: f32[N, 2]
            param ids: f32[2, 2]
            output y = x @ ids
          }
          """.formatted(weights));
      CheckResult result = Frontend.checkFile(dir.resolve("ints.nn"), "ints.nn");
      assertThat(result.diagnostics()).as(weights).singleElement().satisfies(d -> {
        assertThat(d.code()).isEqualTo(Code.WEIGHTS_DTYPE);
        assertThat(d.message()).isEqualTo("`ids` is declared f32[2, 2], but the weights file holds "
            + (weights.endsWith(".npy") ? "I64" : "I32") + " values");
      });
    }
  }
}
