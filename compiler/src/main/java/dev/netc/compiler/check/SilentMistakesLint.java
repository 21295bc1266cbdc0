package dev.netc.compiler.check;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Diagnostics;
import dev.netc.compiler.diag.Edit;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Networks that check but compute something other than what was meant, each a warning with its
 * fix:
 *
 * <ul>
 *   <li>NN0341: softmax (or log_softmax) over an axis of size 1, which is always 1 (always 0):
 *       the probabilities of one class;
 *   <li>NN0342: softmax of a softmax, which pulls the first one's probabilities toward uniform;
 *   <li>NN0343: attention's heads {@code [N, H, T, D]} merged by a reshape to {@code [N, T, H*D]}
 *       without moving the head axis first, which mixes positions and heads.
 * </ul>
 *
 * Run over the bindings of a network once it is checked; a name refers to its binding's value.
 */
final class SilentMistakesLint {
  private final Map<String, Node> values = new HashMap<>();
  private final Diagnostics out;

  private SilentMistakesLint(List<Graph.Binding> bindings, Diagnostics out) {
    bindings.forEach(b -> values.put(b.name(), b.value()));
    this.out = out;
  }

  static void check(List<Graph.Binding> bindings, Diagnostics out) {
    SilentMistakesLint lint = new SilentMistakesLint(bindings, out);
    bindings.forEach(b -> lint.visit(b.value()));
  }

  private void visit(Node n) {
    switch (n) {
      case Node.Softmax s -> softmax(s);
      case Node.Reshape r -> reshape(r);
      default -> { }
    }
    children(n).forEach(this::visit);
  }

  /** A name's value, through as many names as it takes. */
  private Node resolve(Node n) {
    for (int hops = 0; n instanceof Node.Ref r && values.containsKey(r.name()) && hops < 64; hops++) {
      n = values.get(r.name());
    }
    return n;
  }

  private void softmax(Node.Softmax s) {
    String op = s.log() ? "log_softmax" : "softmax";
    Shape shape = s.operand().type().shape();
    if (shape != null && s.axis() < shape.rank() && shape.dim(s.axis()).isFixed() && shape.dim(s.axis()).value() == 1) {
      int classes = -1;
      for (int axis = shape.rank() - 1; axis >= 0 && classes < 0; axis--) {
        Dim d = shape.dim(axis);
        if (d.isFixed() && d.value() > 1) { // a run-time axis is the batch or the sequence, not the classes
          classes = axis;
        }
      }
      Diagnostic.Builder d = Diagnostic.of(Code.SOFTMAX_OF_ONE, s.span(), op, s.axis(), s.log() ? "0" : "1")
          .label("axis " + s.axis() + " of " + shape + " has size 1")
          .note(op + " normalizes over the axis it is given: over one element, that element's probability is 1");
      if (classes >= 0 && classes != s.axis()) {
        d.help("normalize over the axis that holds the classes, axis=" + (classes == shape.rank() - 1 ? -1 : classes)
            + " (size " + shape.dim(classes) + ")");
      } else {
        d.help("for one output, use sigmoid instead: it gives the probability of the positive class");
      }
      out.report(d);
    }
    Node inner = resolve(s.operand());
    if (!s.log() && inner instanceof Node.Softmax first && !first.log()) {
      String kept = s.operand().span().text();
      out.report(Diagnostic.of(Code.SOFTMAX_TWICE, s.span())
          .label("the softmax of probabilities")
          .related(first.span(), "the first softmax")
          .note("softmax of values in [0, 1] moves them toward uniform: the result is no longer the model's "
              + "probabilities")
          .fix(new Fix("use `" + kept + "` as it is", "Use `" + kept + "`", List.of(new Edit(s.span(), kept)))));
    }
  }

  private void reshape(Node.Reshape r) {
    Shape to = r.type().shape();
    Shape from = r.operand().type().shape();
    if (to == null || from == null || from.rank() != 4 || to.rank() != 3 || !(resolve(r.operand()) instanceof Node.Attention)) {
      return;
    }
    Dim heads = from.dim(1);
    Dim positions = from.dim(2);
    if (heads.equals(positions) || !to.dim(0).equals(from.dim(0)) || !to.dim(1).equals(positions)
        || !to.dim(2).equals(heads.times(from.dim(3)))) {
      return;
    }
    String operand = r.operand().span().text();
    out.report(Diagnostic.of(Code.HEADS_RESHAPED, r.span(), operand, to)
        .label("the head axis of " + from + " is still before the positions")
        .note("a reshape keeps the order of the elements: [N, H, T, D] read as [N, T, H*D] puts heads and "
            + "positions in each other's place")
        .fix(new Fix("move the head axis first: `transpose(" + operand + ", [0, 2, 1, 3])`", "Transpose " + operand
            + " first", List.of(new Edit(r.operand().span(), "transpose(" + operand + ", [0, 2, 1, 3])")))));
  }

  private static List<Node> children(Node n) {
    List<Node> c = new ArrayList<>();
    switch (n) {
      case Node.Input x -> { }
      case Node.Param x -> { }
      case Node.Ref x -> { }
      case Node.Constant x -> { }
      case Node.Invalid x -> { }
      case Node.MatMul x -> c.addAll(List.of(x.left(), x.right()));
      case Node.Elementwise x -> c.addAll(List.of(x.left(), x.right()));
      case Node.Negate x -> c.add(x.operand());
      case Node.Activation x -> c.add(x.operand());
      case Node.Softmax x -> c.add(x.operand());
      case Node.LayerNorm x -> c.addAll(List.of(x.operand(), x.gamma(), x.beta()));
      case Node.Transpose x -> c.add(x.operand());
      case Node.Reshape x -> c.add(x.operand());
      case Node.Concat x -> c.addAll(x.operands());
      case Node.Slice x -> c.add(x.operand());
      case Node.Attention x -> {
        c.addAll(List.of(x.query(), x.key(), x.value()));
        x.mask().ifPresent(c::add);
      }
      case Node.Reduce x -> c.add(x.operand());
      case Node.L2Normalize x -> c.add(x.operand());
      case Node.Mse x -> c.addAll(List.of(x.left(), x.right()));
      case Node.Loss x -> c.addAll(List.of(x.prediction(), x.target()));
      case Node.Cast x -> c.add(x.operand());
      case Node.Gather x -> c.addAll(List.of(x.operand(), x.index()));
    }
    return c;
  }
}
