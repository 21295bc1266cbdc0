package dev.netc.lsp;

import dev.netc.compiler.check.SemanticIndex;
import dev.netc.compiler.check.SemanticIndex.Symbol;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.SymbolKind;

/** The outline: each network, and inside it its sizes, inputs, parameters and nodes in order. */
final class DocumentSymbols {
  private DocumentSymbols() {}

  static List<DocumentSymbol> of(Analysis analysis) {
    LineMap lines = analysis.lines();
    List<DocumentSymbol> out = new ArrayList<>();
    for (SemanticIndex.NetworkInfo network : analysis.index().networks()) {
      List<DocumentSymbol> children = new ArrayList<>();
      for (Symbol s : network.symbols()) {
        DocumentSymbol child = new DocumentSymbol(s.name(), kind(s), lines.range(s.statementSpan()), lines.range(s.nameSpan()));
        child.setDetail(detail(s));
        children.add(child);
      }
      DocumentSymbol symbol = new DocumentSymbol(network.name(), SymbolKind.Class, lines.range(network.span()),
          lines.range(network.nameSpan()));
      symbol.setDetail("network");
      symbol.setChildren(children);
      out.add(symbol);
    }
    return out;
  }

  static SymbolKind kind(Symbol s) {
    return switch (s.kind()) {
      case DIM -> SymbolKind.Constant;
      case RUNTIME_DIM -> SymbolKind.TypeParameter;
      case INPUT -> SymbolKind.Variable;
      case PARAM -> SymbolKind.Field;
      case NODE -> s.output() ? SymbolKind.Event : SymbolKind.Function;
      case UNRESOLVED -> SymbolKind.Null;
    };
  }

  /** What an outline shows beside the name: the type, or the size of a {@code dim}. */
  private static String detail(Symbol s) {
    String what = s.kind() == SemanticIndex.Kind.NODE && s.output() ? "output" : s.kind().word();
    return s.type().map(t -> what + " " + t)
        .or(() -> s.size().filter(d -> s.kind() == SemanticIndex.Kind.DIM).map(d -> what + " = " + d.valueText()))
        .orElse(what);
  }
}
