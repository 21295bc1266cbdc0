package dev.netc.compiler.ir;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The nodes of an {@link IrGraph}: an unmodifiable list that also finds a node by its id. Passes,
 * the planner and the writers look an operand up by id for every node they visit; a search of the
 * list each time made a spec of 100,000 statements take minutes to compile.
 */
final class NodeList extends AbstractList<IrNode> implements RandomAccess {
  private final IrNode[] nodes;
  private final Map<Integer, IrNode> byId;

  private NodeList(List<IrNode> nodes) {
    this.nodes = nodes.toArray(IrNode[]::new);
    this.byId = HashMap.newHashMap(this.nodes.length);
    for (IrNode n : this.nodes) {
      byId.putIfAbsent(Objects.requireNonNull(n, "node").id(), n);
    }
  }

  /** {@code nodes} as a node list, copied unless it is one already. */
  static List<IrNode> of(List<IrNode> nodes) {
    return nodes instanceof NodeList list ? list : new NodeList(nodes);
  }

  /** The first node with {@code id}, or null. */
  IrNode byId(int id) {
    return byId.get(id);
  }

  @Override
  public IrNode get(int index) {
    return nodes[index];
  }

  @Override
  public int size() {
    return nodes.length;
  }
}
