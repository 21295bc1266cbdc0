package dev.netc.compiler.check;

import dev.netc.compiler.ast.TypeExpr;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The names of one network, in one namespace: sizes, inputs, parameters and nodes. */
final class Scope {

  /** What a name stands for. {@code used} feeds the unused-name warning. */
  abstract static sealed class Entry {
    final String name;
    final Span span;
    boolean used;

    Entry(String name, Span span) {
      this.name = name;
      this.span = span;
    }

    abstract String kind();
  }

  /** {@code dim name = size}. */
  static final class FixedDim extends Entry {
    final Dim value;

    FixedDim(String name, Span span, Dim value) {
      super(name, span);
      this.value = value;
    }

    @Override
    String kind() {
      return "a fixed size";
    }
  }

  /** A run-time dimension introduced by an input's shape. */
  static final class RuntimeDim extends Entry {
    RuntimeDim(String name, Span span) {
      super(name, span);
    }

    @Override
    String kind() {
      return "a run-time dimension";
    }
  }

  static final class Input extends Entry {
    final Node.Input node;
    /** The type as written, where a fix rewrites it. */
    final TypeExpr declared;

    Input(Node.Input node, TypeExpr declared) {
      super(node.name(), node.span());
      this.node = node;
      this.declared = declared;
    }

    @Override
    String kind() {
      return "an input";
    }
  }

  static final class Param extends Entry {
    final Node.Param node;
    /** The type as written, where a fix rewrites it; null for the parameters {@code dense} creates. */
    final TypeExpr declared;
    /** Whether its values are written inline: a fix to its shape would leave them the old count. */
    final boolean inline;

    Param(Node.Param node, Span nameSpan, TypeExpr declared, boolean inline) {
      super(node.name(), nameSpan);
      this.node = node;
      this.declared = declared;
      this.inline = inline;
    }

    @Override
    String kind() {
      return "a parameter";
    }
  }

  /** A named node; {@code value} is its checked expression. */
  static final class Value extends Entry {
    final Node value;
    final boolean output;

    Value(String name, Span span, Node value, boolean output) {
      super(name, span);
      this.value = value;
      this.output = output;
    }

    @Override
    String kind() {
      return "a node";
    }
  }

  /** A name whose statement did not parse or check: uses of it stay quiet. */
  static final class Poisoned extends Entry {
    Poisoned(String name, Span span) {
      super(name, span);
    }

    @Override
    String kind() {
      return "a name";
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  Entry get(String name) {
    return entries.get(name);
  }

  /** Defines a name; returns the earlier entry instead when the name is taken. */
  Entry define(Entry entry) {
    Entry old = entries.putIfAbsent(entry.name, entry);
    return old;
  }

  Set<String> names() {
    return entries.keySet();
  }

  List<Entry> all() {
    return new ArrayList<>(entries.values());
  }
}
