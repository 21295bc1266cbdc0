package dev.netc.graph;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.check.SemanticIndex;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.shape.TensorType;
import dev.netc.compiler.source.Span;
import dev.netc.compiler.summary.NetworkSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The picture of a network as checked: one box per input and per statement that computes a
 * node, arrows labelled with the shapes that flow. A spec with errors draws what checked (the
 * checker's partial graph) and each statement that did not: red with its diagnostic when the error
 * is its own, dashed when it only reads one that failed.
 */
final class CheckedPictures {
  private CheckedPictures() {}

  /** Adds the network {@code info} of {@code result} to {@code picture}, inside {@code cluster} if given. */
  static void add(PictureBuilder picture, CheckResult result, SemanticIndex.NetworkInfo info,
      Optional<String> cluster) {
    String scope = info.name();
    Optional<Graph> graph = result.graphs().stream().filter(g -> g.name().equals(info.name())).findFirst()
        .or(info::partialGraph);
    Map<String, Graph.Binding> bindings = new HashMap<>();
    Map<String, TensorType> inputs = new HashMap<>();
    Map<String, NetworkSummary.Row> rows = new HashMap<>();
    graph.ifPresent(g -> {
      g.nodes().forEach(b -> bindings.put(b.name(), b));
      g.inputs().forEach(in -> inputs.put(in.name(), in.type()));
      NetworkSummary.of(g).rows().forEach(r -> rows.put(r.name(), r));
    });

    List<SemanticIndex.Symbol> drawn = info.symbols().stream()
        .filter(s -> s.kind() == SemanticIndex.Kind.INPUT || s.kind() == SemanticIndex.Kind.NODE
            || s.kind() == SemanticIndex.Kind.UNRESOLVED)
        .toList();
    Map<String, String> blocks = Blocks.of(drawn.stream().map(SemanticIndex.Symbol::name).toList());
    Map<String, SemanticIndex.Symbol> symbols = new LinkedHashMap<>();
    for (SemanticIndex.Symbol s : drawn) {
      symbols.putIfAbsent(s.name(), s);
    }

    for (SemanticIndex.Symbol s : symbols.values()) {
      Optional<String> in = blocks.containsKey(s.name())
          ? Optional.of(picture.cluster(scope + "/" + blocks.get(s.name()), blocks.get(s.name()), cluster))
          : cluster;
      String tooltip = Texts.oneLine(s.statementSpan().text());
      if (s.kind() == SemanticIndex.Kind.INPUT && inputs.containsKey(s.name())) {
        picture.box(scope, s.name(), Picture.Kind.INPUT,
            List.of(Blocks.shortName(s.name(), blocks), "input", Texts.shape(inputs.get(s.name()))), tooltip, in);
      } else if (bindings.containsKey(s.name())) {
        Graph.Binding b = bindings.get(s.name());
        NetworkSummary.Row row = rows.get(s.name());
        List<String> lines = new ArrayList<>();
        String name = Blocks.shortName(s.name(), blocks);
        lines.add(b.output() ? "output " + name : name);
        lines.add(operation(s, row, blocks));
        lines.add(Texts.shape(b.value().type()));
        if (row.params() > 0) {
          lines.add(Texts.params(row.params()));
        }
        picture.box(scope, s.name(), b.output() ? Picture.Kind.OUTPUT : Picture.Kind.NODE, lines, tooltip, in);
      } else {
        picture.box(scope, s.name(), Picture.Kind.UNCHECKED,
            List.of((s.output() ? "output " : "") + Blocks.shortName(s.name(), blocks), "not checked"), tooltip, in);
      }
    }

    for (SemanticIndex.Symbol s : symbols.values()) {
      String to = picture.idOf(scope, s.name()).orElseThrow();
      if (bindings.containsKey(s.name())) {
        Map<String, TensorType> read = new LinkedHashMap<>();
        reads(bindings.get(s.name()).value(), read);
        read.forEach((name, type) -> picture.idOf(scope, name)
            .ifPresent(from -> picture.arrow(from, to, Texts.shape(type))));
      } else if (s.kind() != SemanticIndex.Kind.INPUT) {
        Set<SemanticIndex.Symbol> read = new LinkedHashSet<>();
        for (SemanticIndex.Occurrence o : info.occurrences()) {
          if (!o.definition() && within(o.span(), s.statementSpan()) && !o.symbol().name().equals(s.name())) {
            read.add(o.symbol());
          }
        }
        for (SemanticIndex.Symbol r : read) {
          picture.idOf(scope, r.name()).ifPresent(from ->
              picture.arrow(from, to, r.type().map(Texts::shape).orElse("")));
        }
      }
    }

    markFailures(picture, result, info, symbols);
  }

  /**
   * Marks each statement with an error of its own; an error no drawn statement holds (in a
   * parameter's declaration, say) becomes a note under the picture.
   */
  private static void markFailures(PictureBuilder picture, CheckResult result, SemanticIndex.NetworkInfo info,
      Map<String, SemanticIndex.Symbol> symbols) {
    Map<String, List<Diagnostic>> byName = new LinkedHashMap<>();
    for (Diagnostic d : result.diagnostics()) {
      if (!d.isError() || !within(d.span(), info.span())) {
        continue;
      }
      SemanticIndex.Symbol holder = null;
      for (SemanticIndex.Symbol s : symbols.values()) {
        if (within(d.span(), s.statementSpan())) {
          holder = s;
        }
      }
      if (holder == null) {
        picture.note(describe(d));
      } else {
        byName.computeIfAbsent(holder.name(), n -> new ArrayList<>()).add(d);
      }
    }
    byName.forEach((name, diagnostics) -> {
      SemanticIndex.Symbol s = symbols.get(name);
      Diagnostic first = diagnostics.get(0);
      List<String> lines = new ArrayList<>();
      // The name as the box wrote it, without a block's prefix; with "output" when it is one.
      String title = picture.boxOf(info.name(), name).orElseThrow().lines().get(0);
      lines.add(title);
      lines.add("error[" + first.code().id() + "]");
      lines.addAll(wrap(first.message(), Texts.MAX_LINE, 2));
      StringBuilder tooltip = new StringBuilder();
      for (Diagnostic d : diagnostics) {
        tooltip.append(describe(d)).append('\n');
      }
      tooltip.append(Texts.oneLine(s.statementSpan().text()));
      picture.replace(info.name(), name, Picture.Kind.FAILED, lines, tooltip.toString());
    });
  }

  /**
   * What a statement computes: its expression as written when it fits a box ({@code dense(x, 128,
   * relu)}), else the operations it lowers to ({@code matmul -> add -> reshape -> transpose}).
   */
  private static String operation(SemanticIndex.Symbol s, NetworkSummary.Row row, Map<String, String> blocks) {
    String statement = Blocks.shortNames(Texts.oneLine(s.statementSpan().text()), s.name(), blocks);
    int eq = statement.indexOf('=');
    String expression = eq < 0 ? "" : statement.substring(eq + 1).strip();
    int comment = expression.indexOf("//");
    if (comment >= 0 || expression.contains("#")) {
      expression = "";
    }
    return !expression.isEmpty() && expression.length() <= Texts.MAX_LINE ? expression
        : Texts.cut(row.operation(), Texts.MAX_LINE);
  }

  /** {@code 12:9: error[NN0301]: matmul inner dimensions differ}. */
  static String describe(Diagnostic d) {
    return d.span().line() + ":" + d.span().column() + ": " + d.severity().word() + "[" + d.code().id() + "]: "
        + d.message();
  }

  /** {@code text} in lines of at most {@code width}, broken at spaces, at most {@code max} lines. */
  static List<String> wrap(String text, int width, int max) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : words(Texts.oneLine(text))) {
      if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.isEmpty() ? "" : " ").append(word);
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    if (lines.size() > max) {
      List<String> kept = new ArrayList<>(lines.subList(0, max));
      kept.set(max - 1, Texts.cut(kept.get(max - 1) + " \u2026", width));
      return kept;
    }
    return lines.stream().map(l -> Texts.cut(l, width)).toList();
  }

  /** The words of {@code text}, a bracketed shape ({@code [N, 4]}) kept as one. */
  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '[' || c == '(') {
        depth++;
      } else if ((c == ']' || c == ')') && depth > 0) {
        depth--;
      } else if (c == ' ' && depth == 0) {
        words.add(text.substring(start, i));
        start = i + 1;
      }
    }
    words.add(text.substring(start));
    return words;
  }

  private static boolean within(Span inner, Span outer) {
    return outer.start() <= inner.start() && inner.start() < Math.max(outer.end(), outer.start() + 1);
  }

  /** The inputs and earlier nodes {@code n} reads, each once, in the order it reads them. */
  private static void reads(Node n, Map<String, TensorType> read) {
    switch (n) {
      case Node.Input i -> read.putIfAbsent(i.name(), i.type());
      case Node.Ref r -> read.putIfAbsent(r.name(), r.type());
      case Node.Param p -> { }
      case Node.Constant c -> { }
      case Node.Invalid i -> { }
      case Node.MatMul m -> {
        reads(m.left(), read);
        reads(m.right(), read);
      }
      case Node.Elementwise e -> {
        reads(e.left(), read);
        reads(e.right(), read);
      }
      case Node.Negate x -> reads(x.operand(), read);
      case Node.Activation a -> reads(a.operand(), read);
      case Node.Softmax s -> reads(s.operand(), read);
      case Node.LayerNorm l -> {
        reads(l.operand(), read);
        reads(l.gamma(), read);
        reads(l.beta(), read);
      }
      case Node.Transpose t -> reads(t.operand(), read);
      case Node.Reshape r -> reads(r.operand(), read);
      case Node.Concat c -> c.operands().forEach(o -> reads(o, read));
      case Node.Slice s -> reads(s.operand(), read);
      case Node.Attention a -> {
        reads(a.query(), read);
        reads(a.key(), read);
        reads(a.value(), read);
        a.mask().ifPresent(m -> reads(m, read));
      }
      case Node.Reduce r -> reads(r.operand(), read);
      case Node.L2Normalize l -> reads(l.operand(), read);
      case Node.Mse m -> {
        reads(m.left(), read);
        reads(m.right(), read);
      }
      case Node.Loss l -> {
        reads(l.prediction(), read);
        reads(l.target(), read);
      }
      case Node.Cast c -> reads(c.operand(), read);
      case Node.Gather g -> {
        reads(g.operand(), read);
        reads(g.index(), read);
      }
    }
  }
}
