package dev.netc.compiler.check;

import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.TensorType;
import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Collects one network's {@link SemanticIndex.NetworkInfo} while the checker
 * runs. Symbols stay drafts until {@link #build}, because a node learns that it
 * is an output only when a later {@code output h} statement says so.
 */
final class IndexRecorder {
  /** A symbol in the making. */
  private static final class Draft {
    final String name;
    final SemanticIndex.Kind kind;
    final Span nameSpan;
    final Span statementSpan;
    final TensorType type;
    final Dim size;
    boolean output;

    Draft(String name, SemanticIndex.Kind kind, Span nameSpan, Span statementSpan, TensorType type, Dim size) {
      this.name = name;
      this.kind = kind;
      this.nameSpan = nameSpan;
      this.statementSpan = statementSpan;
      this.type = type;
      this.size = size;
    }
  }

  private record Use(Span span, Draft draft, boolean definition) {}

  private final String network;
  private final List<Draft> drafts = new ArrayList<>();
  private final List<Use> uses = new ArrayList<>();
  /** The draft of each scope entry, so that a use of a name finds what it refers to. */
  private final Map<Scope.Entry, Draft> byEntry = new IdentityHashMap<>();
  private final List<SemanticIndex.TypedExpr> expressions = new ArrayList<>();
  private final List<SemanticIndex.OperationUse> operations = new ArrayList<>();

  IndexRecorder(String network) {
    this.network = network;
  }

  /**
   * Records a definition. {@code entry} is what the scope holds for the name, or null when
   * the name was already taken (the duplicate still gets a symbol of its own).
   */
  void define(Scope.Entry entry, SemanticIndex.Kind kind, Span nameSpan, Span statementSpan, TensorType type, Dim size) {
    Draft d = new Draft(nameSpan.text(), kind, nameSpan, statementSpan,
        type == null || type.isUnknown() ? null : type, size);
    drafts.add(d);
    uses.add(new Use(nameSpan, d, true));
    if (entry != null) {
      byEntry.put(entry, d);
    }
  }

  /** Records a use of the name {@code entry} stands for. */
  void use(Scope.Entry entry, Span at) {
    Draft d = entry == null ? null : byEntry.get(entry);
    if (d != null) {
      uses.add(new Use(at, d, false));
    }
  }

  /** {@code output h}: the node becomes an output. */
  void markOutput(Scope.Entry entry) {
    Draft d = byEntry.get(entry);
    if (d != null) {
      d.output = true;
    }
  }

  /** The type an expression checked to; failed expressions are left out. */
  void typed(Span span, Node node) {
    if (node instanceof Node.Invalid || node.type().isUnknown()) {
      return;
    }
    OptionalDouble value = node instanceof Node.Constant c ? OptionalDouble.of(c.value()) : OptionalDouble.empty();
    expressions.add(new SemanticIndex.TypedExpr(span, node.type(), value));
  }

  void operation(Span callee, String name, boolean known) {
    operations.add(new SemanticIndex.OperationUse(callee, name, known));
  }

  SemanticIndex.NetworkInfo build(Span nameSpan, Span span, Optional<Graph> partialGraph) {
    Map<Draft, SemanticIndex.Symbol> symbols = new IdentityHashMap<>();
    List<SemanticIndex.Symbol> ordered = new ArrayList<>();
    for (Draft d : drafts) {
      SemanticIndex.Symbol s = new SemanticIndex.Symbol(network, d.name, d.kind, d.nameSpan, d.statementSpan,
          Optional.ofNullable(d.type), Optional.ofNullable(d.size), d.output);
      symbols.put(d, s);
      ordered.add(s);
    }
    List<SemanticIndex.Occurrence> occurrences = new ArrayList<>();
    for (Use u : uses) {
      occurrences.add(new SemanticIndex.Occurrence(u.span(), symbols.get(u.draft()), u.definition()));
    }
    return new SemanticIndex.NetworkInfo(network, nameSpan, span, ordered, occurrences, expressions, operations,
        partialGraph);
  }
}
