package dev.netc.lsp;

import dev.netc.compiler.check.SemanticIndex;
import dev.netc.compiler.check.SemanticIndex.Symbol;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * The inferred shape at the end of each computed statement, as the user would
 * write it in a comment: {@code h = relu(x @ W1 + b1)  : f32[N, 3]}.
 */
final class InlayHints {
  private InlayHints() {}

  static List<InlayHint> of(Analysis analysis, Range range) {
    LineMap lines = analysis.lines();
    int from = lines.offset(range.getStart());
    int to = lines.offset(range.getEnd());
    List<InlayHint> out = new ArrayList<>();
    for (SemanticIndex.NetworkInfo network : analysis.index().networks()) {
      for (Symbol s : network.symbols()) {
        int end = s.statementSpan().end();
        if (s.kind() != SemanticIndex.Kind.NODE || s.type().isEmpty() || end < from || end > to) {
          continue;
        }
        InlayHint hint = new InlayHint(lines.position(end), Either.forLeft(": " + s.type().get()));
        hint.setKind(InlayHintKind.Type);
        hint.setPaddingLeft(true);
        out.add(hint);
      }
    }
    return out;
  }
}
