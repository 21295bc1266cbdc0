package dev.netc.lsp;

import static dev.netc.lsp.Connection.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server as each editor meets it: the {@code initialize} each one sends
 * ({@code clients/*.json}, the capabilities that matter here as each client's
 * source declares them: VS Code's vscode-languageclient 9, Neovim 0.7.2's and
 * 0.10's {@code make_client_capabilities}, eglot 1.9's (Emacs 28, without
 * {@code markdown-mode}) and 1.17's (Emacs 30, with it) {@code
 * eglot-client-capabilities}), then what that editor will show: the message
 * with the secondary spans folded in where related information is not shown,
 * the hover's format, and a quick fix's edits in the form the editor applies.
 */
class EditorClientsTest {
  private static final String URI = "untitled:clients.nn";

  static InitializeParams client(String name) throws IOException {
    try (InputStream in = EditorClientsTest.class.getResourceAsStream("/clients/" + name + ".json")) {
      assertThat(in).as("clients/%s.json", name).isNotNull();
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new MessageJsonHandler(Map.of()).getGson().fromJson(json, InitializeParams.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("each editor gets diagnostics, hovers and fixes in the form it shows")
  @CsvSource({
      // client,   related information sent, hover format, versioned edits
      "vscode,      true,  markdown,  true",
      // Neovim declares related information but never shows it: it gets the spans in the message.
      "neovim-0.7,  false, markdown,  false",
      "neovim-0.10, false, markdown,  false",
      "eglot-1.9,   false, plaintext, true",
      "eglot-1.17,  false, markdown,  true",
  })
  void eachEditorGetsWhatItShows(String name, boolean related, String hoverFormat, boolean versioned) throws Exception {
    try (Connection c = new Connection(client(name), new ServerOptions(50, 10_000))) {
      c.open(URI, Specs.TORCH_LAYOUT);
      Diagnostic d = c.diagnostics(URI, 1).getDiagnostics().get(0);
      assertThat(d.getCode().getLeft()).isEqualTo("NN0300");
      String[] lines = d.getMessage().split("\n");
      assertThat(lines[0]).isEqualTo("matmul inner dimensions differ: [N, 4] @ [6, 4]");
      if (related) {
        assertThat(d.getRelatedInformation()).extracting(DiagnosticRelatedInformation::getMessage)
            .containsExactly("the 4 comes from x's shape", "the 6 comes from W's shape");
        assertThat(d.getMessage()).doesNotContain("comes from");
      } else {
        assertThat(d.getRelatedInformation()).isNull();
        assertThat(lines).contains("line 2: the 4 comes from x's shape", "line 3: the 6 comes from W's shape");
      }

      Hover hover = c.hover(URI, 3, Specs.at(Specs.TORCH_LAYOUT, "W)").getCharacter());
      assertThat(hover.getContents().getRight().getKind()).isEqualTo(hoverFormat);
      String hoverText = hover.getContents().getRight().getValue();
      assertThat(hoverText).startsWith(hoverFormat.equals(MarkupKind.MARKDOWN) ? "```netc\nW: f32[6, 4]\n```" : "W: f32[6, 4]\n");
      if (!hoverFormat.equals(MarkupKind.MARKDOWN)) {
        assertThat(hoverText).doesNotContain("```");
      }

      CodeAction transpose = get(c.server.getTextDocumentService().codeAction(new CodeActionParams(
          new TextDocumentIdentifier(URI), d.getRange(), new CodeActionContext(List.of(d))))).get(0).getRight();
      assertThat(transpose.getTitle()).isEqualTo("Transpose W");
      assertThat(transpose.getIsPreferred()).isTrue();
      WorkspaceEdit edit = transpose.getEdit();
      // An editor applies documentChanges when it takes them, and changes otherwise.
      assertThat(edit.getDocumentChanges() != null).as("versioned edits").isEqualTo(versioned);
      assertThat(edit.getChanges() != null && !edit.getChanges().isEmpty()).as("plain edits").isEqualTo(!versioned);
      c.change(URI, 2, apply(Specs.TORCH_LAYOUT, edit));
      assertThat(c.diagnostics(URI, 2).getDiagnostics()).isEmpty();
    }
  }

  /** The text with a workspace edit for {@link #URI} applied, in either form, last edit first. */
  static String apply(String text, WorkspaceEdit edit) {
    List<TextEdit> edits = edit.getDocumentChanges() != null
        ? edit.getDocumentChanges().stream().flatMap(e -> e.getLeft().getEdits().stream()).toList()
        : edit.getChanges().get(URI);
    LineMap lines = new LineMap(text);
    StringBuilder out = new StringBuilder(text);
    edits.stream()
        .sorted(Comparator.comparingInt((TextEdit e) -> lines.offset(e.getRange().getStart())).reversed())
        .forEach(e -> out.replace(lines.offset(e.getRange().getStart()), lines.offset(e.getRange().getEnd()), e.getNewText()));
    return out.toString();
  }
}
