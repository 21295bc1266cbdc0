package dev.netc.compiler.passes;

import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The edits one pass makes to one immutable {@link IrGraph}, applied together
 * by {@link #result()}. Questions ({@link #users}, {@link #singleUse}) are about
 * the graph the pass started from; edits never change the answers, so a pass
 * decides on a consistent view and only has to avoid claiming a node twice.
 *
 * <p>Four edits: {@link #replace} a node in place (same id, so its users need no
 * change), {@link #forward} a node's uses to another node and drop it,
 * {@link #insertBefore} a new node, {@link #addParam} a new parameter. Nodes
 * that lose their last user through an edit are pruned, transitively; nodes that
 * were dead already are left to {@link DeadCodeElimination}, so a pass only
 * removes what it made useless.
 */
final class GraphEditor {
  private final IrGraph graph;
  private final Map<Integer, IrNode> byId;
  private final Map<Integer, List<Integer>> users = new HashMap<>();
  private final Set<Integer> outputNodes = new HashSet<>();
  private final Map<Integer, IrNode> replaced = new HashMap<>();
  private final Map<Integer, Integer> forwarded = new HashMap<>();
  private final Map<Integer, String> renamed = new HashMap<>();
  private final Map<Integer, List<IrNode>> inserted = new HashMap<>();
  private final Map<Integer, IrNode> added = new HashMap<>();
  private final List<IrGraph.Param> addedParams = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private int nextId;

  GraphEditor(IrGraph graph) {
    this.graph = graph;
    this.byId = graph.byId();
    this.nextId = graph.nextId();
    for (IrNode n : graph.nodes()) {
      names.add(n.name());
      for (int in : n.inputs()) {
        users.computeIfAbsent(in, k -> new ArrayList<>()).add(n.id());
      }
    }
    graph.params().forEach(p -> names.add(p.name()));
    graph.inputs().forEach(i -> names.add(i.name()));
    graph.outputs().forEach(o -> outputNodes.add(o.node()));
  }

  IrGraph graph() {
    return graph;
  }

  /** The node as the pass started from it. */
  IrNode node(int id) {
    return byId.get(id);
  }

  /** The node as edited so far: its replacement if it has one, or a node the pass inserted. */
  IrNode current(int id) {
    IrNode n = replaced.get(id);
    return n != null ? n : byId.containsKey(id) ? byId.get(id) : added.get(id);
  }

  /** The node an id stands for now, following forwards. */
  int resolve(int id) {
    Integer to = forwarded.get(id);
    while (to != null) {
      id = to;
      to = forwarded.get(id);
    }
    return id;
  }

  /** The users of {@code id}, once per operand slot: {@code x * x} uses x twice. */
  List<Integer> users(int id) {
    return users.getOrDefault(id, List.of());
  }

  boolean isOutput(int id) {
    return outputNodes.contains(id);
  }

  /** Whether exactly one operand slot of one node uses {@code id}, and no output does. */
  boolean singleUse(int id) {
    return users(id).size() == 1 && !isOutput(id);
  }

  /** The one user of a {@link #singleUse} node. */
  Optional<IrNode> soleUser(int id) {
    return singleUse(id) ? Optional.of(current(users(id).get(0))) : Optional.empty();
  }

  void replace(IrNode n) {
    replaced.put(n.id(), n);
  }

  /**
   * Sends every use of {@code from} (operands and outputs) to {@code to} and drops
   * {@code from}. When {@code to} exists only to feed {@code from} and carries a name
   * generated for {@code from}'s statement ({@code h_add} for {@code h}), it takes
   * over {@code from}'s name, so the name the user wrote survives.
   */
  void forward(int from, int to) {
    to = resolve(to);
    forwarded.put(from, to);
    String fromName = renamed.getOrDefault(from, node(from).name());
    IrNode target = current(to);
    boolean computed = !(target.op() instanceof Op.Input || target.op() instanceof Op.Param);
    String toName = renamed.getOrDefault(to, target.name());
    if (computed && singleUse(to) && users(to).get(0) == from && toName.startsWith(fromName + "_")) {
      renamed.put(to, fromName);
    }
  }

  /** Adds {@code n} just before the node {@code anchor}; its operands must come before {@code anchor}. */
  void insertBefore(int anchor, IrNode n) {
    inserted.computeIfAbsent(anchor, k -> new ArrayList<>()).add(n);
    added.put(n.id(), n);
  }

  void addParam(IrGraph.Param p) {
    addedParams.add(p);
    names.add(p.name());
  }

  int newId() {
    return nextId++;
  }

  /** {@code base}, or {@code base_2}, {@code base_3}, ...: a name no node, input or parameter has. */
  String uniqueName(String base) {
    String candidate = base;
    for (int i = 2; names.contains(candidate); i++) {
      candidate = base + "_" + i;
    }
    names.add(candidate);
    return candidate;
  }

  /** The edited graph, without the nodes the edits left unused. */
  IrGraph result() {
    Map<Integer, IrNode> kept = new LinkedHashMap<>();
    Deque<Integer> orphans = new ArrayDeque<>();
    for (IrNode n : graph.nodes()) {
      for (IrNode extra : inserted.getOrDefault(n.id(), List.of())) {
        kept.put(extra.id(), remap(extra));
      }
      boolean gone = forwarded.containsKey(n.id());
      if (gone || replaced.containsKey(n.id())) {
        // Every operand the old node had may have lost its last user.
        orphans.addAll(n.inputs());
      }
      if (!gone) {
        kept.put(n.id(), remap(replaced.getOrDefault(n.id(), n)));
      }
    }
    List<IrGraph.Output> outputs = graph.outputs().stream()
        .map(o -> new IrGraph.Output(o.name(), resolve(o.node()))).toList();
    prune(kept, orphans, outputs);
    List<IrGraph.Param> params = new ArrayList<>(graph.params());
    params.addAll(addedParams);
    return graph.withParams(params).withNodes(List.copyOf(kept.values()), outputs);
  }

  private IrNode remap(IrNode n) {
    List<Integer> inputs = n.inputs().stream().map(this::resolve).toList();
    return new IrNode(n.id(), renamed.getOrDefault(n.id(), n.name()), n.op(), inputs, n.type());
  }

  /** Drops the candidates nothing uses any more, and then their operands in turn. */
  private static void prune(Map<Integer, IrNode> kept, Deque<Integer> candidates, List<IrGraph.Output> outputs) {
    Map<Integer, Integer> uses = new HashMap<>();
    for (IrNode n : kept.values()) {
      n.inputs().forEach(i -> uses.merge(i, 1, Integer::sum));
    }
    outputs.forEach(o -> uses.merge(o.node(), 1, Integer::sum));
    while (!candidates.isEmpty()) {
      int id = candidates.pop();
      IrNode n = kept.get(id);
      if (n != null && uses.getOrDefault(id, 0) == 0) {
        kept.remove(id);
        for (int in : n.inputs()) {
          uses.merge(in, -1, Integer::sum);
          candidates.push(in);
        }
      }
    }
  }
}
