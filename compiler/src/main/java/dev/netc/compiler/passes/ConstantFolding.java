package dev.netc.compiler.passes;

import dev.netc.runtime.ops.ArithOp;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.shape.Shape;
import dev.netc.compiler.shape.TensorType;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Evaluates what is known at compile time and removes arithmetic that does nothing:
 *
 * <ul>
 *   <li>arithmetic, negation and activations whose operands are all scalar
 *       {@code Constant}s become one {@code Constant}, under the folded node's name;
 *   <li>{@code x * 1}, {@code 1 * x}, {@code x / 1}, {@code x + 0}, {@code 0 + x},
 *       {@code x - 0} become {@code x} when that does not change the shape (a scalar
 *       {@code x} times a 1 of shape {@code [3]} would);
 *   <li>a scale of a scale, {@code (x * a) / b}, becomes {@code x * (a / b)}, and
 *       {@code -(-x)} becomes {@code x}.
 * </ul>
 *
 * <p>Nodes are visited in order, so a folded node is already a constant when its
 * users are looked at: {@code -(2 * 3)} folds in one run. The front end already
 * folds constant expressions of the spec; this pass catches those that other
 * passes, or a graph built by hand, produce.
 */
public final class ConstantFolding implements Pass {
  /** No node: ids are never negative. */
  private static final int NONE = -1;

  @Override
  public String name() {
    return "constant-folding";
  }

  @Override
  public IrGraph apply(IrGraph g) {
    GraphEditor e = new GraphEditor(g);
    for (IrNode n : g.nodes()) {
      List<Integer> in = n.inputs().stream().map(e::resolve).toList();
      switch (n.op()) {
        case Op.Elementwise w -> arithmetic(e, n, w.op(), in.get(0), in.get(1));
        case Op.Negate x -> {
          OptionalDouble c = constant(e, in.get(0));
          if (c.isPresent()) {
            e.replace(constantNode(n, -c.getAsDouble()));
          } else if (e.current(in.get(0)).op() instanceof Op.Negate) {
            e.forward(n.id(), e.current(in.get(0)).inputs().get(0));
          }
        }
        case Op.Activation a -> {
          OptionalDouble c = constant(e, in.get(0));
          if (c.isPresent()) {
            e.replace(constantNode(n, a.kind().apply(c.getAsDouble(), a.alpha())));
          }
        }
        // Nothing else has a scalar form to evaluate (softmax, layernorm and the
        // shape ops need a rank of at least 1), and a Gemm's operands are parameters.
        case Op.Input i -> {}
        case Op.Param p -> {}
        case Op.Constant c -> {}
        case Op.MatMul m -> {}
        case Op.Gemm gemm -> {}
        case Op.Softmax s -> {}
        case Op.LayerNorm l -> {}
        case Op.Transpose t -> {}
        case Op.Reshape r -> {}
        case Op.Concat c -> {}
        case Op.Slice s -> {}
        case Op.Attention a -> {}
        case Op.Mse m -> {}
        case Op.Loss l -> {}
        case Op.Cast c -> {}
        case Op.Gather gather -> {}
        case Op.Reduce r -> {}
        case Op.L2Normalize l -> {}
      }
    }
    return e.result();
  }

  private static void arithmetic(GraphEditor e, IrNode n, ArithOp op, int a, int b) {
    OptionalDouble ca = constant(e, a);
    OptionalDouble cb = constant(e, b);
    if (ca.isPresent() && cb.isPresent() && n.shape().rank() == 0) {
      e.replace(constantNode(n, op.apply(ca.getAsDouble(), cb.getAsDouble())));
      return;
    }
    // Which operand, if any, the op leaves unchanged: x op identity, or identity op x.
    int survivor = switch (op) {
      case ADD -> is(cb, 0) ? a : is(ca, 0) ? b : NONE;
      case SUB -> is(cb, 0) ? a : NONE;
      case MUL -> is(cb, 1) ? a : is(ca, 1) ? b : NONE;
      case DIV -> is(cb, 1) ? a : NONE;
    };
    if (survivor != NONE && e.current(survivor).shape().equals(n.shape())) {
      e.forward(n.id(), survivor);
      return;
    }
    if (op == ArithOp.MUL || op == ArithOp.DIV) {
      scaleOfScale(e, n, op, a, b, ca, cb);
    }
  }

  /** {@code (x * c1) * c2}, {@code (x / c1) / c2} and the like: one multiplication by {@code c1 * c2}. */
  private static void scaleOfScale(
      GraphEditor e, IrNode n, ArithOp op, int a, int b, OptionalDouble ca, OptionalDouble cb) {
    // n = inner * k2 or inner / c2 (constant on the right), or c2 * inner.
    int innerId = cb.isPresent() ? a : ca.isPresent() && op == ArithOp.MUL ? b : NONE;
    if (innerId == NONE || !e.singleUse(innerId)) {
      return;
    }
    double k2 = cb.isPresent() ? (op == ArithOp.DIV ? 1 / cb.getAsDouble() : cb.getAsDouble()) : ca.getAsDouble();
    IrNode inner = e.current(innerId);
    if (!(inner.op() instanceof Op.Elementwise w) || (w.op() != ArithOp.MUL && w.op() != ArithOp.DIV)) {
      return;
    }
    int ia = e.resolve(inner.inputs().get(0));
    int ib = e.resolve(inner.inputs().get(1));
    OptionalDouble c1a = constant(e, ia);
    OptionalDouble c1b = constant(e, ib);
    int x;
    double k1;
    if (c1b.isPresent()) {
      x = ia;
      k1 = w.op() == ArithOp.DIV ? 1 / c1b.getAsDouble() : c1b.getAsDouble();
    } else if (c1a.isPresent() && w.op() == ArithOp.MUL) {
      x = ib;
      k1 = c1a.getAsDouble();
    } else {
      return;
    }
    double k = k1 * k2;
    IrNode xNode = e.current(x);
    if (!Double.isFinite(k) || k == 0 || !xNode.shape().equals(n.shape())) {
      return;
    }
    if (k == 1) {
      e.forward(n.id(), x);
      return;
    }
    // The constant n multiplied by takes the product, when nothing else reads it; else a new one does.
    int own = cb.isPresent() ? b : a;
    int c;
    if (e.singleUse(own)) {
      c = own;
      e.replace(constantNode(e.current(own), k));
    } else {
      IrNode fresh = new IrNode(e.newId(), e.uniqueName(n.name() + "_const"), new Op.Constant(k), List.of(),
          TensorType.f32(Shape.SCALAR));
      e.insertBefore(n.id(), fresh);
      c = fresh.id();
    }
    e.replace(new IrNode(n.id(), n.name(), new Op.Elementwise(ArithOp.MUL), List.of(x, c), n.type()));
  }

  private static boolean is(OptionalDouble c, double v) {
    return c.isPresent() && c.getAsDouble() == v;
  }

  /** The value of a node that is, or has been folded into, a constant. */
  private static OptionalDouble constant(GraphEditor e, int id) {
    return e.current(id).op() instanceof Op.Constant c ? OptionalDouble.of(c.value()) : OptionalDouble.empty();
  }

  /** {@code n} as a constant: same id and name, so users and outputs still find it. */
  private static IrNode constantNode(IrNode n, double value) {
    return new IrNode(n.id(), n.name(), new Op.Constant(value), List.of(), n.type().withShape(Shape.SCALAR));
  }
}
