package dev.netc.compiler.check;

import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.TensorType;
import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the checker learned about a source, by place: where each name is
 * defined and used, the type of each expression, and the operations called.
 * Editors read it for hover, inlay hints, go to definition, references and
 * document symbols; the compiler itself never needs it.
 *
 * <p>It is built on every check, including checks of specs with errors: what
 * failed to check is simply absent (an expression whose type is unknown has no
 * entry; a name whose declaration failed has a symbol without a type), so a
 * half-typed file still answers for the parts that make sense.
 */
public final class SemanticIndex {
  /** An index that knows nothing: for a source that could not be parsed at all. */
  public static final SemanticIndex EMPTY = new SemanticIndex(List.of());

  /** What a name of a network stands for. */
  public enum Kind {
    /** {@code dim d = 64}. */
    DIM("fixed size"),
    /** A run-time dimension, introduced by an input's shape. */
    RUNTIME_DIM("run-time dimension"),
    INPUT("input"),
    PARAM("parameter"),
    /** A computed node, {@code h = ...} or {@code output y = ...}. */
    NODE("node"),
    /** A name whose statement did not parse: what it was meant to be is unknown. */
    UNRESOLVED("name");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    /** How messages and hovers call it: {@code input}, {@code fixed size}. */
    public String word() {
      return word;
    }
  }

  /**
   * A name defined in a network.
   *
   * @param network the name of the network it belongs to
   * @param nameSpan where the name is written in its definition
   * @param statementSpan the whole statement that defines it (for a run-time dimension, the
   *     size that introduced it)
   * @param type its tensor type; empty for sizes and for names whose checking failed
   * @param size the value of a fixed size or run-time dimension
   * @param output whether the node is an output of the network
   */
  public record Symbol(
      String network,
      String name,
      Kind kind,
      Span nameSpan,
      Span statementSpan,
      Optional<TensorType> type,
      Optional<Dim> size,
      boolean output) {}

  /** One place a symbol's name is written: its definition, or a use. */
  public record Occurrence(Span span, Symbol symbol, boolean definition) {}

  /**
   * An expression and its static type.
   *
   * @param value the value of a scalar folded at compile time ({@code sqrt(d_k)}), if it is one
   */
  public record TypedExpr(Span span, TensorType type, OptionalDouble value) {}

  /** A call's operation name as written; {@code known} when netc has that operation. */
  public record OperationUse(Span span, String name, boolean known) {}

  /**
   * One network of the source.
   *
   * @param symbols its names, in the order they are defined
   * @param partialGraph the network's graph made of every declaration and node that checked,
   *     even when others did not; for summaries in an editor, never for the back end (a
   *     parameter may lack its values)
   */
  public record NetworkInfo(
      String name,
      Span nameSpan,
      Span span,
      List<Symbol> symbols,
      List<Occurrence> occurrences,
      List<TypedExpr> expressions,
      List<OperationUse> operations,
      Optional<Graph> partialGraph) {
    public NetworkInfo {
      symbols = List.copyOf(symbols);
      occurrences = List.copyOf(occurrences);
      expressions = List.copyOf(expressions);
      operations = List.copyOf(operations);
    }
  }

  private static final Comparator<Occurrence> BY_START =
      Comparator.comparingInt((Occurrence o) -> o.span().start()).thenComparingInt(o -> o.span().end());

  private final List<NetworkInfo> networks;
  /** Every occurrence of the source, by start offset, for lookups by position. */
  private final List<Occurrence> occurrences;
  private final Map<Symbol, List<Occurrence>> bySymbol = new HashMap<>();

  public SemanticIndex(List<NetworkInfo> networks) {
    this.networks = List.copyOf(networks);
    List<Occurrence> all = new ArrayList<>();
    for (NetworkInfo n : this.networks) {
      all.addAll(n.occurrences());
    }
    all.sort(BY_START);
    this.occurrences = List.copyOf(all);
    for (Occurrence o : occurrences) {
      bySymbol.computeIfAbsent(o.symbol(), s -> new ArrayList<>()).add(o);
    }
  }

  public List<NetworkInfo> networks() {
    return networks;
  }

  /** Every occurrence of every name, in source order. */
  public List<Occurrence> occurrences() {
    return occurrences;
  }

  /** The network whose block holds {@code offset}, if any. */
  public Optional<NetworkInfo> networkAt(int offset) {
    return networks.stream().filter(n -> n.span().start() <= offset && offset <= n.span().end()).findFirst();
  }

  /**
   * The name written at {@code offset}. A position just past a name counts as on it, as
   * a cursor at the end of a word does in an editor.
   */
  public Optional<Occurrence> occurrenceAt(int offset) {
    int lo = 0;
    int hi = occurrences.size() - 1;
    // The last occurrence that starts at or before the offset; names never overlap.
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (occurrences.get(mid).span().start() <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found >= 0 && offset <= occurrences.get(found).span().end()) {
      return Optional.of(occurrences.get(found));
    }
    return Optional.empty();
  }

  /** The definition and every use of a symbol, in source order. */
  public List<Occurrence> occurrencesOf(Symbol symbol) {
    return bySymbol.getOrDefault(symbol, List.of());
  }

  /** The innermost typed expression that covers {@code offset}. */
  public Optional<TypedExpr> expressionAt(int offset) {
    TypedExpr best = null;
    for (NetworkInfo n : networks) {
      if (offset < n.span().start() || offset > n.span().end()) {
        continue;
      }
      for (TypedExpr e : n.expressions()) {
        Span s = e.span();
        if (s.start() <= offset && offset < s.end()
            && (best == null || s.end() - s.start() < best.span().end() - best.span().start())) {
          best = e;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** The operation name written at {@code offset}, if any. */
  public Optional<OperationUse> operationAt(int offset) {
    for (NetworkInfo n : networks) {
      for (OperationUse op : n.operations()) {
        if (op.span().start() <= offset && offset <= op.span().end()) {
          return Optional.of(op);
        }
      }
    }
    return Optional.empty();
  }
}
