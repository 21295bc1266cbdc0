package dev.netc.lsp;

import dev.netc.compiler.check.SemanticIndex;
import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensLegend;

/**
 * Colors names by what the checker resolved them to (an input, a parameter,
 * a run-time dimension, ...), which a grammar cannot know: the TextMate
 * grammar colors keywords, numbers and strings, and this adds the meaning.
 * It is cheap: one pass over the index the check already built.
 */
final class SemanticTokensProvider {
  /** Token types, indexed by position in this list. */
  static final List<String> TYPES = List.of("class", "parameter", "property", "variable", "typeParameter", "function");
  static final List<String> MODIFIERS = List.of("declaration", "readonly", "defaultLibrary");

  private static final int CLASS = 0;
  private static final int PARAMETER = 1;
  private static final int PROPERTY = 2;
  private static final int VARIABLE = 3;
  private static final int TYPE_PARAMETER = 4;
  private static final int FUNCTION = 5;
  private static final int DECLARATION = 1;
  private static final int READONLY = 1 << 1;
  private static final int DEFAULT_LIBRARY = 1 << 2;

  private record Token(Span span, int type, int modifiers) {}

  private SemanticTokensProvider() {}

  static SemanticTokensLegend legend() {
    return new SemanticTokensLegend(TYPES, MODIFIERS);
  }

  static SemanticTokens of(Analysis analysis) {
    List<Token> tokens = new ArrayList<>();
    for (SemanticIndex.NetworkInfo network : analysis.index().networks()) {
      tokens.add(new Token(network.nameSpan(), CLASS, DECLARATION));
      for (SemanticIndex.OperationUse op : network.operations()) {
        if (op.known()) {
          tokens.add(new Token(op.span(), FUNCTION, DEFAULT_LIBRARY));
        }
      }
    }
    for (SemanticIndex.Occurrence o : analysis.index().occurrences()) {
      int declaration = o.definition() ? DECLARATION : 0;
      switch (o.symbol().kind()) {
        case DIM -> tokens.add(new Token(o.span(), VARIABLE, READONLY | declaration));
        case RUNTIME_DIM -> tokens.add(new Token(o.span(), TYPE_PARAMETER, declaration));
        case INPUT -> tokens.add(new Token(o.span(), PARAMETER, declaration));
        case PARAM -> tokens.add(new Token(o.span(), PROPERTY, READONLY | declaration));
        case NODE -> tokens.add(new Token(o.span(), VARIABLE, declaration));
        case UNRESOLVED -> {}
      }
    }
    tokens.sort(Comparator.comparingInt((Token t) -> t.span().start()));
    return new SemanticTokens(encode(tokens, analysis.lines()));
  }

  /** The protocol's relative encoding: five integers per token, each position relative to the previous token. */
  private static List<Integer> encode(List<Token> tokens, LineMap lines) {
    List<Integer> data = new ArrayList<>(tokens.size() * 5);
    int line = 0;
    int character = 0;
    int lastEnd = -1;
    for (Token t : tokens) {
      Position start = lines.position(t.span().start());
      Position end = lines.position(t.span().end());
      // Tokens may not overlap or span lines; names never do, but a broken parse may produce odd spans.
      if (t.span().start() < lastEnd || end.getLine() != start.getLine() || t.span().end() == t.span().start()) {
        continue;
      }
      data.add(start.getLine() - line);
      data.add(start.getLine() == line ? start.getCharacter() - character : start.getCharacter());
      data.add(t.span().end() - t.span().start());
      data.add(t.type());
      data.add(t.modifiers());
      line = start.getLine();
      character = start.getCharacter();
      lastEnd = t.span().end();
    }
    return data;
  }
}
