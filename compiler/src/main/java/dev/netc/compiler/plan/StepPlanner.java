package dev.netc.compiler.plan;

import com.palantir.javapoet.NameAllocator;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import dev.netc.runtime.DType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The steps of {@code forward}, one per computing node in the IR's order: where each node's values
 * live (a caller's output array, a scratch buffer, or the value it is a view of), and each
 * kernel's sizes, strides and offsets, as fixed numbers where the shapes are fixed and in terms of
 * the run-time dimensions where they are not.
 */
final class StepPlanner {
  /** A step with the scratch buffers it reads or writes. */
  record Planned(Step step, List<Buffer> buffers) {}

  private static final List<Integer> SWAP_HEADS = List.of(0, 2, 1, 3);

  private final IrGraph graph;
  private final NameAllocator members;
  private final NameAllocator locals;
  private final Map<String, WeightField.Raw> raw;
  private final Map<Integer, Kernel> kernels;
  private final Map<Integer, WeightField.Packed> packed;
  private final Map<Integer, WeightField> padded;
  private final Map<Integer, Value> values = new HashMap<>();
  private final Map<DType, Integer> slots = new HashMap<>();
  private final Map<List<Long>, IntList.Constant> constants = new LinkedHashMap<>();
  private final List<Value.Constant> scalars = new ArrayList<>();
  private final List<Planned> steps = new ArrayList<>();
  private int dimsSlots;
  /** The buffers the step being planned touches. */
  private final Set<Buffer> touched = new LinkedHashSet<>();

  StepPlanner(IrGraph graph, NameAllocator members, NameAllocator locals, List<NetworkPlan.Argument> inputs,
      List<NetworkPlan.Argument> outputs, Map<String, WeightField.Raw> raw, Map<Integer, Kernel> kernels,
      Map<Integer, WeightField.Packed> packed, Map<Integer, WeightField> padded) {
    this.graph = graph;
    this.members = members;
    this.locals = locals;
    this.raw = raw;
    this.kernels = kernels;
    this.packed = packed;
    this.padded = padded;
    Map<String, NetworkPlan.Argument> inputsByName = new HashMap<>();
    inputs.forEach(in -> inputsByName.put(in.name(), in));
    // Each output's node writes straight into the caller's array; a node that is several outputs, the first.
    Map<Integer, NetworkPlan.Argument> direct = new HashMap<>();
    for (int i = 0; i < outputs.size(); i++) {
      direct.putIfAbsent(graph.outputs().get(i).node(), outputs.get(i));
    }
    for (IrNode n : graph.nodes()) {
      plan(n, inputsByName, direct);
    }
    for (int i = 0; i < outputs.size(); i++) {
      NetworkPlan.Argument o = outputs.get(i);
      IrNode node = graph.node(graph.outputs().get(i).node());
      Value out = new Value.Output(o.variable(), o.offset(), o.type().dtype());
      Value value = values.get(node.id());
      if (!value.equals(out)) {
        touched.clear();
        touch(value);
        add(new Step.Copy(o.name() + " = " + node.name(), value, out, node.shape().elementCount()));
      }
    }
  }

  List<Planned> steps() {
    return steps;
  }

  List<IntList.Constant> constants() {
    return List.copyOf(constants.values());
  }

  List<Value.Constant> scalars() {
    return scalars;
  }

  private void plan(IrNode n, Map<String, NetworkPlan.Argument> inputs, Map<Integer, NetworkPlan.Argument> direct) {
    switch (n.op()) {
      case Op.Input in -> {
        NetworkPlan.Argument a = inputs.get(in.name());
        values.put(n.id(), new Value.Input(a.variable(), a.offset(), n.dtype()));
      }
      case Op.Param p -> {
        // A parameter only the kernels read (packed, padded) has no value of its own.
        if (raw.containsKey(p.name())) {
          values.put(n.id(), new Value.Field(raw.get(p.name())));
        }
      }
      case Op.Constant c -> {
        Value.Constant constant = new Value.Constant(members.newName(n.name().toUpperCase(Locale.ROOT), "const:" + n.id()),
            c.value(), n.dtype());
        scalars.add(constant);
        values.put(n.id(), constant);
      }
      // A reshape is a view: the same elements in the same order.
      case Op.Reshape r -> values.put(n.id(), values.get(n.inputs().get(0)));
      default -> {
        touched.clear();
        NetworkPlan.Argument output = direct.get(n.id());
        Value out = output != null
            ? new Value.Output(output.variable(), output.offset(), n.dtype())
            : new Value.Scratch(buffer(locals.newName(n.name(), "node:" + n.id()), n.dtype(),
                Sum.of(n.shape().elementCount()), n.name()));
        values.put(n.id(), out);
        touch(out);
        add(step(n, out));
      }
    }
  }

  private void add(Step step) {
    steps.add(new Planned(step, List.copyOf(touched)));
  }

  private Buffer buffer(String variable, DType dtype, Sum size, String what) {
    int slot = slots.merge(dtype, 1, Integer::sum) - 1;
    return new Buffer(slot, variable, dtype, size, what);
  }

  private void touch(Value v) {
    if (v instanceof Value.Scratch s) {
      touched.add(s.buffer());
    }
  }

  /** The value of operand {@code i} of {@code n}, noted as touched by the step being planned. */
  private Value in(IrNode n, int i) {
    Value v = values.get(n.inputs().get(i));
    touch(v);
    return v;
  }

  private Shape shape(IrNode n, int i) {
    return graph.node(n.inputs().get(i)).shape();
  }

  /** {@code h = gemm(x, W1, b1)}. */
  private String comment(IrNode n) {
    return n.name() + " = " + Op.mnemonic(n.op())
        + n.inputs().stream().map(i -> graph.node(i).name()).collect(Collectors.joining(", ", "(", ")"));
  }

  private Step step(IrNode n, Value out) {
    Shape s = n.shape();
    String comment = comment(n);
    return switch (n.op()) {
      case Op.Gemm g -> {
        Shape x = shape(n, 0);
        yield new Step.Gemm(comment, kernels.get(n.id()), in(n, 0), product(x, 0, x.rank() - 1), packed.get(n.id()),
            Optional.ofNullable(padded.get(n.id())), out,
            g.hasResidual() ? Optional.of(in(n, n.inputs().size() - 1)) : Optional.empty());
      }
      case Op.MatMul m -> matmul(comment, n, out);
      case Op.Elementwise e -> new Step.Elementwise(comment, e.op(), in(n, 0), ints(strides(shape(n, 0), s)),
          in(n, 1), ints(strides(shape(n, 1), s)), out, ints(s.dims()));
      case Op.Negate x -> new Step.Negate(comment, in(n, 0), out, s.elementCount());
      case Op.Activation a -> new Step.Activation(comment, a.kind(), a.alpha(), in(n, 0), out, s.elementCount());
      case Op.Softmax sm -> new Step.Softmax(comment, in(n, 0), out, product(s, 0, sm.axis()), s.dim(sm.axis()),
          product(s, sm.axis() + 1, s.rank()), sm.log());
      case Op.LayerNorm ln -> {
        // Over the trailing axes gamma spans: rows of their product.
        int from = s.rank() - shape(n, 1).rank();
        yield new Step.LayerNorm(comment, in(n, 0), in(n, 1), in(n, 2), out, product(s, 0, from),
            product(s, from, s.rank()), ln.epsilon());
      }
      case Op.Transpose t -> {
        // Result axis i walks operand axis perm[i]: gather with the operand's strides, permuted.
        Shape from = shape(n, 0);
        List<Dim> strides = new ArrayList<>();
        for (int axis : t.permutation()) {
          strides.add(product(from, axis + 1, from.rank()));
        }
        yield new Step.Gather(comment, in(n, 0), Sum.ZERO, ints(strides), out, ints(s.dims()));
      }
      case Op.Slice sl -> {
        // The box of the slice, gathered with the operand's own strides from its first element.
        Shape from = shape(n, 0);
        Sum start = Sum.ZERO;
        List<Dim> strides = new ArrayList<>();
        List<Dim> size = new ArrayList<>();
        for (int d = 0; d < from.rank(); d++) {
          var r = sl.ranges().get(d);
          Dim stride = product(from, d + 1, from.rank());
          strides.add(stride);
          if (!r.whole() && r.start() != 0) {
            start = start.plus(Dim.of(r.start()).times(stride));
          }
          size.add(r.length(from.dim(d)));
        }
        yield new Step.Gather(comment, in(n, 0), start, ints(strides), out, ints(size));
      }
      case Op.Concat c -> {
        List<Step.Concat.Part> parts = new ArrayList<>();
        Sum at = Sum.ZERO;
        for (int i = 0; i < n.inputs().size(); i++) {
          Dim length = shape(n, i).dim(c.axis());
          parts.add(new Step.Concat.Part(in(n, i), length, at));
          at = at.plus(length);
        }
        yield new Step.Concat(comment, parts, out, product(s, 0, c.axis()), product(s, c.axis() + 1, s.rank()),
            s.dim(c.axis()));
      }
      case Op.Attention a -> attention(comment, n, a, out);
      case Op.Mse x -> new Step.Mse(comment, in(n, 0), in(n, 1), out, shape(n, 0).elementCount());
      case Op.Loss l -> {
        Shape p = shape(n, 0);
        yield l.kind().overClasses()
            ? new Step.Loss(comment, l.kind(), in(n, 0), in(n, 1), out, product(p, 0, p.rank() - 1), p.dim(-1))
            : new Step.Loss(comment, l.kind(), in(n, 0), in(n, 1), out, p.elementCount(), Dim.of(1));
      }
      case Op.Cast c -> new Step.Cast(comment, in(n, 0), out, s.elementCount());
      case Op.Gather g -> {
        Shape from = shape(n, 0);
        yield new Step.Lookup(comment, in(n, 0), in(n, 1), out, product(from, 0, g.axis()), from.dim(g.axis()),
            product(from, g.axis() + 1, from.rank()), ints(shape(n, 1).dims()), g.fromEnd(),
            graph.node(n.inputs().get(1)).name());
      }
      case Op.Reduce r -> {
        Shape from = shape(n, 0);
        yield new Step.Reduce(comment, r.kind(), in(n, 0), out, product(from, 0, r.from()),
            product(from, r.from(), r.to()), product(from, r.to(), from.rank()));
      }
      case Op.L2Normalize l -> new Step.L2Normalize(comment, in(n, 0), out, product(s, 0, l.axis()), s.dim(l.axis()),
          product(s, l.axis() + 1, s.rank()), l.epsilon());
      case Op.Input x -> throw new IllegalStateException("an input is no step");
      case Op.Param x -> throw new IllegalStateException("a parameter is no step");
      case Op.Constant x -> throw new IllegalStateException("a constant is no step");
      case Op.Reshape x -> throw new IllegalStateException("a reshape is no step");
    };
  }

  private Step matmul(String comment, IrNode n, Value out) {
    List<Dim> a = new ArrayList<>(shape(n, 0).dims());
    List<Dim> b = new ArrayList<>(shape(n, 1).dims());
    if (a.size() == 1) {
      a.add(0, Dim.of(1));
    }
    if (b.size() == 1) {
      b.add(Dim.of(1));
    }
    int batchRank = Math.max(a.size(), b.size()) - 2;
    List<Dim> batch = new ArrayList<>();
    for (int i = 0; i < batchRank; i++) {
      Dim da = axis(a, a.size() - 2, batchRank, i);
      Dim db = axis(b, b.size() - 2, batchRank, i);
      batch.add(da.isOne() ? db : da);
    }
    Dim rows = a.get(a.size() - 2);
    Dim inner = a.get(a.size() - 1);
    Dim cols = b.get(b.size() - 1);
    return new Step.BatchedMatMul(comment, in(n, 0), ints(batchStrides(a, batchRank, rows.times(inner))), in(n, 1),
        ints(batchStrides(b, batchRank, inner.times(cols))), out, ints(batch), rows, inner, cols);
  }

  private Step attention(String comment, IrNode n, Op.Attention a, Value out) {
    // The attention computes over [..., T, d]; interleaved operands and results are [N, T, h, d].
    Op.Heads heads = a.interleaved();
    Shape q = logical(shape(n, 0), heads.query());
    Shape k = logical(shape(n, 1), heads.key());
    Shape v = logical(shape(n, 2), heads.value());
    Shape s = logical(n.shape(), heads.result());
    int batchRank = s.rank() - 2;
    List<Dim> batch = s.dims().subList(0, batchRank);
    Dim tq = q.dim(-2);
    Dim tk = k.dim(-2);
    Dim d = q.dim(-1);
    Dim dv = v.dim(-1);
    Step.Attention.Operand qo = operand(n, 0, heads.query(), batchRank, tq, d);
    Step.Attention.Operand ko = operand(n, 1, heads.key(), batchRank, tk, d);
    Step.Attention.Operand vo = operand(n, 2, heads.value(), batchRank, tk, dv);
    Step.Attention.Operand oo;
    if (heads.result()) {
      // Written as [N, Tq, h, dv]: head (n, j) at n*Tq*h*dv + j*dv, rows h*dv apart.
      Dim h = s.dim(1);
      oo = new Step.Attention.Operand(out, ints(List.of(tq.times(h).times(dv), dv)), h.times(dv));
    } else {
      List<Dim> strides = new ArrayList<>();
      for (int i = 0; i < batchRank; i++) {
        strides.add(Dim.product(batch.subList(i + 1, batchRank)).times(tq).times(dv));
      }
      oo = new Step.Attention.Operand(out, ints(strides), dv);
    }
    Optional<Step.Attention.Mask> mask = Optional.empty();
    if (a.hasMask()) {
      List<Dim> md = new ArrayList<>(shape(n, 3).dims());
      while (md.size() < 2) {
        md.add(0, Dim.of(1));
      }
      Dim rows = md.get(md.size() - 2);
      Dim cols = md.get(md.size() - 1);
      mask = Optional.of(new Step.Attention.Mask(in(n, 3), ints(batchStrides(md, batchRank, rows.times(cols))),
          rows.isOne() ? Dim.of(0) : cols, cols.isOne() ? 0 : 1));
    }
    // A head's scores [tq, tk], then its keys transposed [d, tk]: see Attention.scratchSize. The second is the
    // other thread's, when the heads are split over two.
    Sum scratchSize = Sum.of(tq.times(tk), d.times(tk));
    Buffer scratch = buffer(locals.newName(n.name() + "Scratch", "scratch:" + n.id()), DType.F32, scratchSize,
        n.name() + " scratch");
    Buffer other = buffer(locals.newName(n.name() + "OtherScratch", "other-scratch:" + n.id()), DType.F32, scratchSize,
        n.name() + " scratch");
    touched.add(scratch);
    touched.add(other);
    return new Step.Attention(comment, qo, ko, vo, mask, a.causal(), oo, ints(batch), tq, tk, d, dv, a.scale(), scratch,
        other);
  }

  /** An attention operand: contiguous heads, or the heads of [N, T, h, d] read in place. */
  private Step.Attention.Operand operand(IrNode n, int i, boolean interleaved, int batchRank, Dim rows, Dim width) {
    Shape shape = shape(n, i);
    Value value = in(n, i);
    if (interleaved) {
      // Head (n, j) of [N, T, h, d] starts at n*T*h*d + j*d, and its rows are h*d apart.
      Dim seq = shape.dim(1);
      Dim h = shape.dim(2);
      return new Step.Attention.Operand(value, ints(List.of(seq.times(h).times(width), width)), h.times(width));
    }
    return new Step.Attention.Operand(value, ints(batchStrides(shape.dims(), batchRank, rows.times(width))), width);
  }

  /** {@code [N, T, h, d]} as the {@code [N, h, T, d]} it holds, when interleaved. */
  private static Shape logical(Shape s, boolean interleaved) {
    if (!interleaved) {
      return s;
    }
    List<Dim> dims = new ArrayList<>();
    for (int axis : SWAP_HEADS) {
      dims.add(s.dim(axis));
    }
    return new Shape(dims);
  }

  /** Axis {@code i} of a {@code batchRank}-axis batch, right-aligned with the first {@code lead} axes of {@code dims}. */
  private static Dim axis(List<Dim> dims, int lead, int batchRank, int i) {
    int j = i - (batchRank - lead);
    return j < 0 ? Dim.of(1) : dims.get(j);
  }

  /** Per batch axis, the operand's step in elements; 0 where it is broadcast. */
  private static List<Dim> batchStrides(List<Dim> operand, int batchRank, Dim matrix) {
    int lead = operand.size() - 2;
    List<Dim> strides = new ArrayList<>();
    for (int i = 0; i < batchRank; i++) {
      int j = i - (batchRank - lead);
      strides.add(j < 0 || operand.get(j).isOne() ? Dim.of(0) : Dim.product(operand.subList(j + 1, lead)).times(matrix));
    }
    return strides;
  }

  /** Strides of {@code operand} broadcast to {@code result}: 0 on stretched or missing axes. */
  private static List<Dim> strides(Shape operand, Shape result) {
    List<Dim> out = new ArrayList<>();
    int offset = result.rank() - operand.rank();
    for (int i = 0; i < result.rank(); i++) {
      int j = i - offset;
      out.add(j < 0 || operand.dim(j).isOne() ? Dim.of(0) : product(operand, j + 1, operand.rank()));
    }
    return out;
  }

  /** The product of {@code dims[from, to)}. */
  private static Dim product(Shape s, int from, int to) {
    return Dim.product(s.dims().subList(from, to));
  }

  /** A shared constant when every entry is fixed; else the workspace's array of a slot of this step's own. */
  private IntList ints(List<Dim> entries) {
    if (entries.stream().allMatch(Dim::isFixed)) {
      List<Long> fixed = entries.stream().map(Dim::value).toList();
      return constants.computeIfAbsent(fixed, k -> new IntList.Constant(
          members.newName("INTS_" + constants.size(), "ints:" + k), k));
    }
    return entries.size() <= IntList.Dynamic.MAX ? new IntList.Dynamic(dimsSlots++, entries) : new IntList.Fresh(entries);
  }
}
