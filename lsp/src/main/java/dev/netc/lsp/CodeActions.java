package dev.netc.lsp;

import dev.netc.compiler.PreferredFixes;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Edit;
import dev.netc.compiler.diag.Fix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * The compiler's fixes that carry edits, as quick fixes: insert {@code .T},
 * redeclare a bias per neuron, correct a misspelled name. A fix without edits
 * is advice, already in the diagnostic's message. A quick fix is marked
 * preferred (applied by a single key press, or with others at once) only when
 * checking the edited spec showed it works: see {@link PreferredFixes}.
 */
final class CodeActions {
  private CodeActions() {}

  /**
   * The quick fixes of the diagnostics that touch {@code range}.
   *
   * @param versioned whether the client takes versioned document edits, which it refuses to
   *     apply to a text that changed since: the safe kind when it is offered
   */
  static List<Either<Command, CodeAction>> at(Analysis analysis, Range range, boolean versioned) {
    int from = analysis.lines().offset(range.getStart());
    int to = analysis.lines().offset(range.getEnd());
    List<Either<Command, CodeAction>> out = new ArrayList<>();
    List<Diagnostic> diagnostics = analysis.compilerDiagnostics();
    Map<Diagnostic, Fix> preferred = null;
    for (int i = 0; i < diagnostics.size(); i++) {
      Diagnostic d = diagnostics.get(i);
      if (d.span().start() > to || d.span().end() < from) {
        continue;
      }
      for (Fix fix : d.fixes()) {
        if (fix.edits().isEmpty()) {
          continue;
        }
        if (preferred == null) {
          preferred = analysis.preferredFixes();
        }
        CodeAction action = new CodeAction(fix.title());
        action.setKind(CodeActionKind.QuickFix);
        action.setDiagnostics(List.of(analysis.diagnostics().get(i)));
        action.setEdit(edit(analysis, fix, versioned));
        action.setIsPreferred(preferred.get(d) == fix);
        out.add(Either.forRight(action));
      }
    }
    return out;
  }

  private static WorkspaceEdit edit(Analysis analysis, Fix fix, boolean versioned) {
    List<TextEdit> edits = new ArrayList<>();
    for (Edit e : fix.edits()) {
      edits.add(new TextEdit(analysis.lines().range(e.span()), e.replacement()));
    }
    String uri = analysis.document().uri();
    if (versioned) {
      TextDocumentEdit change = new TextDocumentEdit(new VersionedTextDocumentIdentifier(uri, analysis.version()), edits);
      return new WorkspaceEdit(List.of(Either.forLeft(change)));
    }
    return new WorkspaceEdit(Map.of(uri, edits));
  }
}
