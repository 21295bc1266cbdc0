package dev.netc.lsp;

import dev.netc.compiler.check.Operations;
import dev.netc.compiler.check.SemanticIndex;
import dev.netc.compiler.check.SemanticIndex.Kind;
import dev.netc.compiler.check.SemanticIndex.Symbol;
import dev.netc.compiler.check.SemanticIndex.TypedExpr;
import dev.netc.compiler.source.Span;
import dev.netc.compiler.summary.NetworkSummary;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;

/**
 * What hovering shows: for a name, what it is and its type; for a layer (a
 * computed node), also its operations, parameter count and FLOPs per sample,
 * as {@code netc check}'s summary counts them; for an operation, its usage and
 * the call's type; anywhere else in an expression, the type of the innermost
 * expression there.
 *
 * <p>The text is Markdown, or plain text for an editor that prefers it (eglot
 * without {@code markdown-mode}), which would otherwise show the code fences.
 */
final class HoverProvider {
  private static final int MAX_EXPRESSION_TEXT = 48;

  private HoverProvider() {}

  /** @param markdown whether the editor takes Markdown; otherwise the hover is plain text */
  static Optional<Hover> hover(Analysis analysis, Position position, boolean markdown) {
    return hover(analysis, position).map(h -> markdown ? h : plain(h));
  }

  static Optional<Hover> hover(Analysis analysis, Position position) {
    int offset = analysis.lines().offset(position);
    SemanticIndex index = analysis.index();
    Optional<SemanticIndex.Occurrence> name = index.occurrenceAt(offset);
    if (name.isPresent()) {
      return Optional.of(hover(analysis, describe(analysis, name.get().symbol()), name.get().span()));
    }
    Optional<TypedExpr> expression = index.expressionAt(offset);
    Optional<SemanticIndex.OperationUse> operation = index.operationAt(offset);
    if (operation.isPresent()) {
      SemanticIndex.OperationUse op = operation.get();
      StringBuilder text = new StringBuilder(code(Operations.usage(op.name()).orElse(op.name())));
      if (!op.known()) {
        text.append("\nnot an operation of netc");
      }
      expression.ifPresent(e -> text.append("\nthe call is `").append(e.type()).append('`'));
      return Optional.of(hover(analysis, text.toString(), op.span()));
    }
    return expression.map(e -> hover(analysis, describe(analysis, e), e.span()));
  }

  private static Hover hover(Analysis analysis, String markdown, Span span) {
    return new Hover(new MarkupContent(MarkupKind.MARKDOWN, markdown), analysis.lines().range(span));
  }

  /** A fenced code block: editors highlight it and show it in the editor's font. */
  private static String code(String text) {
    return FENCE_OPEN + text + FENCE_CLOSE;
  }

  private static final String FENCE_OPEN = "```netc\n";
  private static final String FENCE_CLOSE = "\n```";

  /**
   * The same hover as plain text: without its fences the code block is a line of its own.
   * Inline code keeps its backticks, which read as quotes in plain text too.
   */
  private static Hover plain(Hover markdown) {
    String text = markdown.getContents().getRight().getValue().replace(FENCE_OPEN, "").replace(FENCE_CLOSE, "");
    return new Hover(new MarkupContent(MarkupKind.PLAINTEXT, text), markdown.getRange());
  }

  static String describe(Analysis analysis, Symbol s) {
    String type = s.type().map(Object::toString).orElse("?");
    return switch (s.kind()) {
      case DIM -> code("dim " + s.name() + s.size().map(d -> " = " + d.valueText()).orElse(""))
          + "\nfixed size";
      case RUNTIME_DIM -> code(s.name()) + "\nrun-time dimension, known when the network runs"
          + (isBatch(analysis, s) ? ": the batch" : "");
      case INPUT -> code(s.name() + ": " + type) + "\ninput" + unknown(s);
      case PARAM -> code(s.name() + ": " + type) + "\nparameter"
          + s.type().map(t -> " · " + grouped(t.shape().elementCount().value()) + " values").orElse("") + unknown(s);
      case NODE -> code(s.name() + ": " + type) + "\n" + (s.output() ? "output" : "node") + layer(analysis, s)
          + unknown(s);
      case UNRESOLVED -> code(s.name()) + "\nits statement does not parse yet";
    };
  }

  private static String unknown(Symbol s) {
    return s.type().isPresent() ? "" : " · its type is unknown: see the errors";
  }

  /** {@code · matmul -> add -> relu · 15 parameters · 30 FLOPs per sample}, from the network's summary. */
  private static String layer(Analysis analysis, Symbol s) {
    Optional<SemanticIndex.NetworkInfo> network = analysis.index().networkAt(s.nameSpan().start());
    Optional<NetworkSummary> summary = network.flatMap(analysis::summary);
    if (summary.isEmpty()) {
      return "";
    }
    Optional<NetworkSummary.Row> row = summary.get().rows().stream()
        .filter(r -> r.name().equals(s.name()) && !r.operation().equals("input"))
        .findFirst();
    return row.map(r -> " · " + r.operation() + " · " + grouped(r.params()) + (r.params() == 1 ? " parameter" : " parameters")
        + " · " + r.flops() + " FLOPs per " + (summary.get().batch() == null ? "forward pass" : "sample")).orElse("");
  }

  private static boolean isBatch(Analysis analysis, Symbol s) {
    return analysis.index().networkAt(s.nameSpan().start())
        .flatMap(SemanticIndex.NetworkInfo::partialGraph)
        .flatMap(g -> g.batchDim())
        .filter(s.name()::equals)
        .isPresent();
  }

  static String describe(Analysis analysis, TypedExpr e) {
    String text = e.span().text().replaceAll("\\s+", " ").strip();
    if (text.length() > MAX_EXPRESSION_TEXT) {
      text = text.substring(0, MAX_EXPRESSION_TEXT - 3) + "...";
    }
    StringBuilder out = new StringBuilder(code(text + ": " + e.type()));
    if (e.value().isPresent()) {
      out.append("\na constant, ").append(number(e.value().getAsDouble()));
    }
    statementOf(analysis, e).ifPresent(node -> out.append("\n`").append(node.name()).append("`").append(layer(analysis, node)));
    return out.toString();
  }

  /** The node whose whole right-hand side {@code e} is: hovering a layer's call describes the layer. */
  private static Optional<Symbol> statementOf(Analysis analysis, TypedExpr e) {
    return analysis.index().networkAt(e.span().start()).stream()
        .flatMap(n -> n.symbols().stream())
        .filter(s -> s.kind() == Kind.NODE)
        .filter(s -> s.statementSpan().end() == e.span().end() && s.nameSpan().end() <= e.span().start())
        .findFirst();
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
