package dev.netc.lsp;

import static dev.netc.lsp.Specs.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;

/** Diagnostics on open and on change, over real JSON-RPC. */
class DiagnosticsTest {
  private static final String URI = "untitled:net.nn";

  @Test
  void openingASpecWithAShapeErrorPublishesItAtTheOffendingOperand() throws Exception {
    try (Connection c = new Connection()) {
      c.open(URI, Specs.TORCH_LAYOUT);
      PublishDiagnosticsParams published = c.diagnostics(URI, 1);
      assertThat(published.getDiagnostics()).singleElement().satisfies(d -> {
        assertThat(d.getCode().getLeft()).isEqualTo("NN0300");
        assertThat(d.getSource()).isEqualTo("netc");
        assertThat(d.getSeverity()).isEqualTo(DiagnosticSeverity.Error);
        Position w = at(Specs.TORCH_LAYOUT, "W)");
        assertThat(d.getRange()).isEqualTo(new Range(w, new Position(w.getLine(), w.getCharacter() + 1)));
        assertThat(d.getMessage()).startsWith("matmul inner dimensions differ: [N, 4] @ [6, 4]\nW has 6 rows")
            .contains("help: transposing W ([6, 4] -> [4, 6]) would fit");
        assertThat(d.getRelatedInformation()).extracting(DiagnosticRelatedInformation::getMessage)
            .containsExactly("the 4 comes from x's shape", "the 6 comes from W's shape");
        assertThat(d.getRelatedInformation().get(1).getLocation().getRange().getStart())
            .isEqualTo(at(Specs.TORCH_LAYOUT, "6, 4]"));
        assertThat(d.getRelatedInformation().get(1).getLocation().getUri()).isEqualTo(URI);
      });
    }
  }

  @Test
  void fixingTheErrorPublishesAnEmptyList() throws Exception {
    try (Connection c = new Connection()) {
      c.open(URI, Specs.TORCH_LAYOUT);
      assertThat(c.diagnostics(URI, 1).getDiagnostics()).hasSize(1);
      c.change(URI, 2, Specs.TORCH_LAYOUT.replace("x @ W)", "x @ W.T)"));
      assertThat(c.diagnostics(URI, 2).getDiagnostics()).isEmpty();
    }
  }

  @Test
  void incrementalEditsAreAppliedAtTheirRange() throws Exception {
    try (Connection c = new Connection()) {
      c.open(URI, Specs.TORCH_LAYOUT);
      c.diagnostics(URI, 1);
      Position afterW = at(Specs.TORCH_LAYOUT, "W)", 0, 1);
      c.change(URI, 2, List.of(new TextDocumentContentChangeEvent(new Range(afterW, afterW), ".T")));
      assertThat(c.diagnostics(URI, 2).getDiagnostics()).isEmpty();
      c.change(URI, 3, List.of(new TextDocumentContentChangeEvent(
          new Range(afterW, new Position(afterW.getLine(), afterW.getCharacter() + 2)), "")));
      assertThat(c.diagnostics(URI, 3).getDiagnostics()).extracting(d -> d.getCode().getLeft()).containsExactly("NN0300");
    }
  }

  @Test
  void aHalfTypedStatementKeepsTheShapeErrorsOfWhatStillParses() throws Exception {
    String text = Specs.TORCH_LAYOUT.replace("  output y = relu(x @ W)\n", "  output y = relu(x @ W)\n  z = softmax(y,\n");
    try (Connection c = new Connection()) {
      c.open(URI, text);
      List<Diagnostic> found = c.diagnostics(URI, 1).getDiagnostics();
      assertThat(found).extracting(d -> d.getCode().getLeft()).containsExactly("NN0300", "NN0100");
      // The syntax error sits where the typing stopped, at the end of the half-typed line, not on the `}`.
      assertThat(found.get(1).getRange().getStart()).isEqualTo(Specs.at(text, "softmax(y,", 0, "softmax(y,".length()));
    }
  }

  @Test
  void theLastEditWins() throws Exception {
    // A long pause, so that the edits below all arrive within it whatever the machine's load.
    try (Connection c = new Connection(new ServerOptions(1_000, 10_000), null)) {
      c.open(URI, Specs.TORCH_LAYOUT);
      c.diagnostics(URI, 1);
      c.change(URI, 2, Specs.TORCH_LAYOUT.replace("relu(x @ W)", "relu(x @ Q)"));
      c.change(URI, 3, Specs.TORCH_LAYOUT.replace("relu(x @ W)", "relu(x @@ W)"));
      c.change(URI, 4, Specs.TORCH_LAYOUT.replace("relu(x @ W)", "relux(x @ W)"));
      c.change(URI, 5, Specs.TORCH_LAYOUT.replace("relu(x @ W)", "relu(x @ W.T)"));
      List<Integer> versions = new ArrayList<>();
      PublishDiagnosticsParams last;
      do {
        last = c.client.diagnostics.poll(Connection.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(last).isNotNull();
        versions.add(last.getVersion());
      } while (last.getVersion() != 5);
      assertThat(versions).containsExactly(5);
      assertThat(last.getDiagnostics()).isEmpty();
    }
  }

  @Test
  void rangesCountUtf16UnitsNotCodePoints() throws Exception {
    // Two characters outside the BMP before the error: two code points, four UTF-16 units.
    String text = Specs.TORCH_LAYOUT.replace("relu(x @ W)", "relu(/* \uD835\uDD01\uD835\uDD01 */ x @ W)");
    try (Connection c = new Connection()) {
      c.open(URI, text);
      Diagnostic d = c.diagnostics(URI, 1).getDiagnostics().get(0);
      String line = text.lines().toList().get(d.getRange().getStart().getLine());
      assertThat(d.getRange().getStart().getCharacter()).isEqualTo(line.indexOf("W)"));
      assertThat(d.getRange().getEnd().getCharacter()).isEqualTo(line.indexOf("W)") + 1);
    }
  }

  @Test
  void closingADocumentClearsItsDiagnostics() throws Exception {
    try (Connection c = new Connection()) {
      c.open(URI, Specs.TORCH_LAYOUT);
      c.diagnostics(URI, 1);
      c.server.getTextDocumentService().didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(URI)));
      assertThat(c.diagnostics(URI, p -> true).getDiagnostics()).isEmpty();
    }
  }

  @Test
  void aWeightsFileNamedInTheSpecIsComparedWithTheDeclarations() throws Exception {
    String uri = Specs.uri("errors", "weights_mismatch.nn");
    String text = Files.readString(Specs.samples().resolve("errors/weights_mismatch.nn"));
    try (Connection c = new Connection()) {
      c.open(uri, text);
      assertThat(c.diagnostics(uri, 1).getDiagnostics()).extracting(d -> d.getCode().getLeft())
          .containsExactly("NN0402", "NN0402", "NN0403", "NN0302");
    }
  }

  @Test
  void aMissingWeightsFileIsAWarning() throws Exception {
    String text = """
        network Missing {
          weights "no_such_file.safetensors"
          input x: f32[N, 4]
          param W: f32[4, 2]
          output y = x @ W
        }
        """;
    String uri = Specs.uri("errors", "no_such_spec.nn");
    try (Connection c = new Connection()) {
      c.open(uri, text);
      assertThat(c.diagnostics(uri, 1).getDiagnostics()).singleElement().satisfies(d -> {
        assertThat(d.getCode().getLeft()).isEqualTo("NN0405");
        assertThat(d.getSeverity()).isEqualTo(DiagnosticSeverity.Warning);
      });
    }
  }
}
