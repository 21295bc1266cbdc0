package dev.netc.lsp;

import static dev.netc.lsp.Connection.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;

/** Whatever a client sends, the server keeps answering. */
class RobustnessTest {
  /** Answers with the right shape for a normal document: the server is alive and well. */
  private static void stillServes(Connection c) throws Exception {
    String uri = "untitled:healthy.nn";
    c.open(uri, Specs.IMAGE_FLIP);
    c.diagnostics(uri, p -> true);
    Position h = Specs.at(Specs.IMAGE_FLIP, "h @ W2");
    assertThat(c.hover(uri, h.getLine(), h.getCharacter()).getContents().getRight().getValue()).contains("f32[N, 3]");
  }

  @Test
  void garbageGivesDiagnosticsAndAnswersNotFailures() throws Exception {
    Random random = new Random(42);
    StringBuilder garbage = new StringBuilder();
    String[] pieces = {"network", "{", "}", "(", ")", "[", "]", "@", "=", ":", "f32", "\"", "/*", "#", "\n", "-", ".T",
        "dense(", "1e999", "\u0000", "\uFFFF", "\uD835\uDD01", "'", ";"};
    for (int i = 0; i < 20_000; i++) {
      garbage.append(random.nextInt(4) == 0 ? pieces[random.nextInt(pieces.length)] : (char) (32 + random.nextInt(95)));
    }
    String uri = "untitled:garbage.nn";
    try (Connection c = new Connection()) {
      c.open(uri, garbage.toString());
      assertThat(c.diagnostics(uri, 1).getDiagnostics()).isNotEmpty();
      LineMap lines = new LineMap(garbage.toString());
      for (int i = 0; i < 50; i++) {
        Position p = lines.position(random.nextInt(garbage.length()));
        c.hover(uri, p.getLine(), p.getCharacter());
      }
      get(c.server.getTextDocumentService().documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri))));
      stillServes(c);
    }
  }

  @Test
  void nestingTooDeepIsADiagnostic() throws Exception {
    String uri = "untitled:deep.nn";
    try (Connection c = new Connection()) {
      c.open(uri, "network Deep {\n  input x: f32[N]\n  output y = " + "(".repeat(200_000) + "x\n}\n");
      assertThat(c.diagnostics(uri, 1).getDiagnostics()).extracting(d -> d.getCode().getLeft()).contains("NN0103");
      stillServes(c);
    }
  }

  @Test
  void anEnormousDocumentDelaysNoOtherRequest() throws Exception {
    String enormous = SpecGenerator.generate(300_000, true);
    String uri = "untitled:enormous.nn";
    // Requests wait at most a second for a check before answering from what there is.
    try (Connection c = new Connection(new ServerOptions(50, 1_000), null)) {
      c.open(uri, enormous);
      // Asked at once, while the enormous check is running or queued: answered all the same.
      Position p = Specs.at(enormous, "h1 =");
      c.hover(uri, p.getLine(), p.getCharacter());
      assertThat(c.diagnostics(uri, 1).getDiagnostics()).hasSizeGreaterThan(1000);
      stillServes(c);
    }
  }

  @Test
  void aStormOfEditsEndsWithTheDiagnosticsOfTheLastText() throws Exception {
    Random random = new Random(7);
    String uri = "untitled:storm.nn";
    String text = Specs.IMAGE_FLIP;
    try (Connection c = new Connection(new ServerOptions(20, 10_000), null)) {
      c.open(uri, text);
      int version = 1;
      for (int i = 0; i < 300; i++) {
        LineMap lines = new LineMap(text);
        int start = random.nextInt(text.length() + 1);
        int end = Math.min(text.length(), start + random.nextInt(4));
        String insert = random.nextBoolean() ? "" : String.valueOf("x@W1()[]{},.T\n ".charAt(random.nextInt(15)));
        List<TextDocumentContentChangeEvent> change = new ArrayList<>();
        change.add(new TextDocumentContentChangeEvent(new Range(lines.position(start), lines.position(end)), insert));
        text = text.substring(0, start) + insert + text.substring(end);
        c.change(uri, ++version, change);
      }
      // Back to the clean text in one edit: its check must be the one that is published last.
      c.change(uri, ++version, Specs.IMAGE_FLIP);
      assertThat(c.diagnostics(uri, version).getDiagnostics()).isEmpty();
      stillServes(c);
    }
  }

  @Test
  void shutdownThenExitEndsWithStatusZero() throws Exception {
    try (Connection c = new Connection()) {
      assertThat(c.shutdown()).isZero();
    }
  }

  @Test
  void exitWithoutShutdownEndsWithStatusOne() throws Exception {
    try (Connection c = new Connection()) {
      c.server.exit();
      long deadline = System.currentTimeMillis() + 10_000;
      while (c.exitStatus.get() < 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(5);
      }
      assertThat(c.exitStatus.get()).isEqualTo(1);
    }
  }
}
