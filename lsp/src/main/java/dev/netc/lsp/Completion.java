package dev.netc.lsp;

import dev.netc.compiler.check.Operations;
import dev.netc.compiler.check.SemanticIndex;
import dev.netc.compiler.check.SemanticIndex.Symbol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;

/**
 * Completion of the names a network has defined before the cursor, of the
 * operations, and of the keywords. The editor filters by what has been typed;
 * this only decides what is in scope.
 *
 * <p>It answers from the latest check even when the text has moved on since,
 * rather than wait: while typing, the names rarely change between keystrokes,
 * and a late list of suggestions is worse than a slightly old one.
 */
final class Completion {
  private static final List<String> STATEMENT_KEYWORDS = List.of("dim", "weights", "input", "param", "output", "from");

  private Completion() {}

  static List<CompletionItem> at(Optional<Analysis> analysis, int offset) {
    List<CompletionItem> out = new ArrayList<>();
    Optional<SemanticIndex.NetworkInfo> network = analysis.flatMap(a -> a.index().networkAt(offset));
    if (network.isEmpty()) {
      out.add(keyword("network"));
      return out;
    }
    Set<String> seen = new HashSet<>();
    for (Symbol s : network.get().symbols()) {
      boolean typing = s.nameSpan().start() <= offset && offset <= s.nameSpan().end();
      if (s.statementSpan().start() < offset && !typing && seen.add(s.name())) {
        out.add(name(s));
      }
    }
    for (String op : Operations.names()) {
      CompletionItem item = new CompletionItem(op);
      item.setKind(CompletionItemKind.Function);
      item.setDetail(Operations.usage(op).orElse(op));
      out.add(item);
    }
    STATEMENT_KEYWORDS.forEach(k -> out.add(keyword(k)));
    CompletionItem f32 = new CompletionItem("f32");
    f32.setKind(CompletionItemKind.TypeParameter);
    f32.setDetail("32-bit float, the element type");
    out.add(f32);
    return out;
  }

  private static CompletionItem name(Symbol s) {
    CompletionItem item = new CompletionItem(s.name());
    item.setKind(switch (s.kind()) {
      case DIM -> CompletionItemKind.Constant;
      case RUNTIME_DIM -> CompletionItemKind.TypeParameter;
      case INPUT, NODE, UNRESOLVED -> CompletionItemKind.Variable;
      case PARAM -> CompletionItemKind.Field;
    });
    item.setDetail(s.type().map(Object::toString)
        .or(() -> s.size().map(d -> s.kind().word() + " " + d.valueText()))
        .orElse(s.kind().word()));
    // Names first, then operations, then keywords.
    item.setSortText("0" + s.name());
    return item;
  }

  private static CompletionItem keyword(String word) {
    CompletionItem item = new CompletionItem(word);
    item.setKind(CompletionItemKind.Keyword);
    item.setSortText("2" + word);
    return item;
  }
}
