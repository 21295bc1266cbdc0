package dev.netc.lsp;

import static dev.netc.lsp.Connection.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

/** The compiler's fixes as quick fixes: applied as an editor applies them, the spec checks clean. */
class CodeActionTest {
  private static final String URI = "untitled:fix.nn";

  /** The quick fixes offered for the first diagnostic of the document's first version. */
  private static List<CodeAction> actions(Connection c, String text) throws Exception {
    c.open(URI, text);
    Diagnostic d = c.diagnostics(URI, 1).getDiagnostics().get(0);
    CodeActionParams params = new CodeActionParams(new TextDocumentIdentifier(URI), d.getRange(),
        new CodeActionContext(List.of(d)));
    return get(c.server.getTextDocumentService().codeAction(params)).stream().map(e -> e.getRight()).toList();
  }

  /** The text with the action's edits applied, last first, as an editor does. */
  private static String apply(String text, CodeAction action, int version) {
    TextDocumentEdit change = action.getEdit().getDocumentChanges().get(0).getLeft();
    assertThat(change.getTextDocument().getUri()).isEqualTo(URI);
    assertThat(change.getTextDocument().getVersion()).isEqualTo(version);
    LineMap lines = new LineMap(text);
    StringBuilder out = new StringBuilder(text);
    change.getEdits().stream()
        .sorted(Comparator.comparingInt((TextEdit e) -> lines.offset(e.getRange().getStart())).reversed())
        .forEach(e -> out.replace(lines.offset(e.getRange().getStart()), lines.offset(e.getRange().getEnd()), e.getNewText()));
    return out.toString();
  }

  @Test
  void theTransposeFixIsAppliedAndTheSpecThenChecksClean() throws Exception {
    try (Connection c = new Connection()) {
      List<CodeAction> actions = actions(c, Specs.TORCH_LAYOUT);
      assertThat(actions).singleElement().satisfies(a -> {
        assertThat(a.getTitle()).isEqualTo("Transpose W");
        assertThat(a.getKind()).isEqualTo(CodeActionKind.QuickFix);
        assertThat(a.getIsPreferred()).isTrue();
        assertThat(a.getDiagnostics()).extracting(d -> d.getCode().getLeft()).containsExactly("NN0300");
      });
      String fixed = apply(Specs.TORCH_LAYOUT, actions.get(0), 1);
      assertThat(fixed).contains("relu(x @ W.T)");
      c.change(URI, 2, fixed);
      assertThat(c.diagnostics(URI, 2).getDiagnostics()).isEmpty();
    }
  }

  @Test
  void aBiasOfTheWrongLengthIsRedeclaredPerNeuron() throws Exception {
    try (Connection c = new Connection()) {
      List<CodeAction> actions = actions(c, Specs.BIAS);
      assertThat(actions).singleElement().satisfies(a -> assertThat(a.getTitle()).isEqualTo("Declare b as f32[64]"));
      String fixed = apply(Specs.BIAS, actions.get(0), 1);
      assertThat(fixed).contains("input b: f32[64]");
      c.change(URI, 2, fixed);
      assertThat(c.diagnostics(URI, 2).getDiagnostics()).isEmpty();
    }
  }

  @Test
  void adviceWithoutEditsIsNoCodeAction() throws Exception {
    // Two networks of one name: the fix is to choose another name, which no edit can do.
    String text = """
        network Advice {
          input x: f32[N, 4]
          output y = x
        }
        network Advice {
          input x: f32[N, 4]
          output y = x
        }
        """;
    try (Connection c = new Connection()) {
      assertThat(actions(c, text)).isEmpty();
    }
  }

  @Test
  void noFixIsOfferedForATextThatChangedSinceItWasChecked() throws Exception {
    // A pause long enough that the second version is still waiting when the fixes are asked for.
    try (Connection c = new Connection(new ServerOptions(5_000, 0), null)) {
      c.open(URI, Specs.TORCH_LAYOUT);
      Diagnostic d = c.diagnostics(URI, 1).getDiagnostics().get(0);
      c.change(URI, 2, "\n" + Specs.TORCH_LAYOUT);
      CodeActionParams params = new CodeActionParams(new TextDocumentIdentifier(URI), d.getRange(),
          new CodeActionContext(List.of(d)));
      assertThat(get(c.server.getTextDocumentService().codeAction(params))).isEmpty();
    }
  }

  @Test
  void aFixThatWouldLeaveANewErrorIsOfferedButNotPreferred() throws Exception {
    // The bias has 32 inline values: redeclaring it f32[64] would trade NN0302 for NN0400, so that is
    // advice; reshaping it to a column is an edit, which fits but changes what it means: not preferred.
    Path sample = Specs.samples().resolve("errors/bias_per_sample.nn");
    String text = Files.readString(sample);
    String uri = sample.toAbsolutePath().normalize().toUri().toString();
    try (Connection c = new Connection()) {
      c.open(uri, text);
      Diagnostic d = c.diagnostics(uri, 1).getDiagnostics().get(0);
      assertThat(d.getCode().getLeft()).isEqualTo("NN0302");
      List<CodeAction> actions = get(c.server.getTextDocumentService().codeAction(new CodeActionParams(
          new TextDocumentIdentifier(uri), d.getRange(), new CodeActionContext(List.of(d)))))
          .stream().map(e -> e.getRight()).toList();
      assertThat(actions).extracting(CodeAction::getTitle).containsExactly("Reshape b to [32, 1]");
      assertThat(actions).extracting(CodeAction::getIsPreferred).containsOnly(false);
    }
  }
}
