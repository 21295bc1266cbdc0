package dev.netc.compiler.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes the {@code forward} methods: argument checks, then one kernel call
 * per IR node in order, each node's result in a workspace buffer (or straight
 * in the caller's output array), shapes and strides as constants where they
 * are fixed and from the workspace where they depend on run-time dimensions,
 * so that a call allocates nothing.
 */
final class ForwardWriter {
  private static final ClassName ELEMENTWISE = ClassName.get("dev.netc.runtime.kernels", "Elementwise");
  private static final ClassName NORMALIZE = ClassName.get("dev.netc.runtime.kernels", "Normalize");
  private static final ClassName ACTIVATIONS = ClassName.get("dev.netc.runtime.kernels", "Activations");
  private static final ClassName ACTIVATION_KIND = ClassName.get(dev.netc.runtime.ops.ActivationKind.class);
  private static final ClassName ARITH_OP = ClassName.get(dev.netc.runtime.ops.ArithOp.class);
  private static final ClassName MATMUL = ClassName.get("dev.netc.runtime.kernels", "MatMul");
  private static final ClassName ATTENTION = ClassName.get("dev.netc.runtime.kernels", "Attention");

  private final IrGraph graph;
  private final ClassName facade;
  private final ClassName kernels;
  private final NameAllocator names;
  private final Map<String, String> paramFields;
  private final Map<String, String> packedFields;
  private final Map<String, String> paddedFields;
  private final Map<String, GemmKernelEmitter.Plan> plans;
  private final Map<String, String> dimVars = new LinkedHashMap<>();
  private final Map<String, String> inputVars = new LinkedHashMap<>();
  private final Map<String, String> outputVars = new LinkedHashMap<>();
  private final JavaDims dims;
  private final List<FieldSpec> constants = new ArrayList<>();
  private final Map<String, String> intConstants = new HashMap<>();
  /** The Java expression holding each node's values. */
  private final Map<Integer, String> values = new HashMap<>();
  private final NameAllocator locals;
  /** Each node's value goes straight into the caller's array when it is an output. */
  private final Map<Integer, String> directOutputs = new LinkedHashMap<>();

  /** Workspace slot and size of each node held in a workspace buffer. */
  private final Map<Integer, Integer> slots = new HashMap<>();
  /** The buffers the method being written has fetched: each part of a split forward fetches its own. */
  private final java.util.Set<Integer> declared = new java.util.HashSet<>();
  private int bufferSlots;
  private int intSlots;
  /**
   * Nodes per forward method. A kernel call costs at most a few hundred bytes of
   * bytecode, so 24 of them keep every method well under HotSpot's 8,000-byte
   * limit for JIT compilation.
   */
  static final int NODES_PER_METHOD = 24;

  ForwardWriter(IrGraph graph, ClassName facade, ClassName kernels, NameAllocator names,
      Map<String, String> paramFields, Map<String, String> packedFields, Map<String, String> paddedFields,
      Map<String, GemmKernelEmitter.Plan> plans) {
    this.graph = graph;
    this.facade = facade;
    this.kernels = kernels;
    this.names = names;
    this.paramFields = paramFields;
    this.packedFields = packedFields;
    this.paddedFields = paddedFields;
    this.plans = plans;
    this.locals = names.clone();
    for (IrGraph.Input in : graph.inputs()) {
      inputVars.put(in.name(), locals.newName(in.name(), "input:" + in.name()));
    }
    for (String d : graph.runtimeDims()) {
      dimVars.put(d, locals.newName(d.toLowerCase(java.util.Locale.ROOT), "dim:" + d));
    }
    for (IrGraph.Output o : graph.outputs()) {
      outputVars.put(o.name(), locals.newName(o.name(), "output:" + o.name()));
    }
    this.dims = new JavaDims(dimVars);
  }

  Map<String, String> inputVars() {
    return inputVars;
  }

  Map<String, String> dimVars() {
    return dimVars;
  }

  Map<String, String> outputVars() {
    return outputVars;
  }

  void addTo(TypeSpec.Builder type) {
    MethodSpec core = core();
    constants.forEach(type::addField);
    type.addMethod(withoutWorkspace());
    type.addMethod(core);
    type.addMethod(allocating());
    extraMethods.forEach(type::addMethod);
  }

  private void addInputsAndDims(MethodSpec.Builder m) {
    for (IrGraph.Input in : graph.inputs()) {
      m.addParameter(NetworkEmitter.FLOATS, inputVars.get(in.name()));
    }
    for (String d : graph.runtimeDims()) {
      m.addParameter(TypeName.INT, dimVars.get(d));
    }
  }

  private String argumentList(boolean outputs, boolean workspace) {
    List<String> args = new ArrayList<>(inputVars.values());
    args.addAll(dimVars.values());
    if (outputs) {
      args.addAll(outputVars.values());
    }
    if (workspace) {
      args.add("workspace");
    }
    return String.join(", ", args);
  }

  private MethodSpec withoutWorkspace() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PUBLIC)
        .addJavadoc("Runs the network into the caller's output arrays, with this thread's scratch memory. "
            + "Allocates nothing once the thread has run a batch this large.\n\n"
            + "@throws IllegalArgumentException if a dimension is below 1 or an array's length does not match its "
            + "shape\n");
    addInputsAndDims(m);
    for (String o : outputVars.values()) {
      m.addParameter(NetworkEmitter.FLOATS, o);
    }
    m.addStatement("forward($L, $T.local())", argumentList(true, false), NetworkEmitter.WORKSPACE);
    return m.build();
  }

  private MethodSpec allocating() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PUBLIC);
    addInputsAndDims(m);
    for (IrGraph.Output o : graph.outputs()) {
      IrNode node = graph.node(o.node());
      m.addStatement("float[] $N = new float[$T.size($S, $L)]", outputVars.get(o.name()), NetworkEmitter.CHECKS,
          o.name(), dims.ofLong(node.shape().elementCount()));
    }
    m.addStatement("forward($L)", argumentList(true, false));
    if (graph.outputs().size() == 1) {
      m.returns(NetworkEmitter.FLOATS)
          .addJavadoc("Runs the network and returns its output, {@code $L}, in a new array.\n",
              graph.outputs().get(0).name())
          .addStatement("return $N", outputVars.values().iterator().next());
    } else {
      m.returns(com.palantir.javapoet.ArrayTypeName.of(NetworkEmitter.FLOATS))
          .addJavadoc("Runs the network and returns its outputs in new arrays, in declaration order: $L.\n",
              graph.outputs().stream().map(IrGraph.Output::name).collect(Collectors.joining(", ")))
          .addStatement("return new float[][] {$L}", String.join(", ", outputVars.values()));
    }
    return m.build();
  }

  private MethodSpec core() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PUBLIC)
        .addJavadoc("Runs the network into the caller's output arrays with scratch memory from {@code workspace}, "
            + "which must not be used by another thread during the call.\n");
    addInputsAndDims(m);
    for (String o : outputVars.values()) {
      m.addParameter(NetworkEmitter.FLOATS, o);
    }
    m.addParameter(NetworkEmitter.WORKSPACE, "workspace");
    for (Map.Entry<String, String> d : dimVars.entrySet()) {
      m.addStatement("$T.dimension($S, $N)", NetworkEmitter.CHECKS, d.getKey(), d.getValue());
    }
    for (IrGraph.Input in : graph.inputs()) {
      lengthCheck(m, in.name(), inputVars.get(in.name()), in.shape());
    }
    for (IrGraph.Output o : graph.outputs()) {
      lengthCheck(m, o.name(), outputVars.get(o.name()), graph.node(o.node()).shape());
    }
    for (IrGraph.Output o : graph.outputs()) {
      directOutputs.putIfAbsent(o.node(), outputVars.get(o.name()));
    }
    List<List<IrNode>> parts = partition(graph.nodes());
    if (parts.size() == 1) {
      for (IrNode n : parts.get(0)) {
        node(m, n, directOutputs.get(n.id()));
      }
      copyOutputs(m);
      return m.build();
    }
    // A long network: each part is its own method, so each stays small enough for the JIT.
    for (int i = 0; i < parts.size(); i++) {
      String name = "forwardPart" + i;
      m.addStatement("$N($L)", name, argumentList(true, true));
      MethodSpec.Builder part = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
          .addJavadoc("Part $L of $L of {@link #forward}: nodes {@code $L} to {@code $L}.\n", i + 1, parts.size(),
              parts.get(i).get(0).name(), parts.get(i).get(parts.get(i).size() - 1).name());
      addInputsAndDims(part);
      for (String o : outputVars.values()) {
        part.addParameter(NetworkEmitter.FLOATS, o);
      }
      part.addParameter(NetworkEmitter.WORKSPACE, "workspace");
      declared.clear();
      for (IrNode n : parts.get(i)) {
        node(part, n, directOutputs.get(n.id()));
      }
      if (i == parts.size() - 1) {
        copyOutputs(part);
      }
      extraMethods.add(part.build());
    }
    return m.build();
  }

  private final List<MethodSpec> extraMethods = new ArrayList<>();

  private static List<List<IrNode>> partition(List<IrNode> nodes) {
    List<List<IrNode>> parts = new ArrayList<>();
    List<IrNode> current = new ArrayList<>();
    int computing = 0;
    for (IrNode n : nodes) {
      boolean computes = !(n.op() instanceof Op.Input || n.op() instanceof Op.Param || n.op() instanceof Op.Constant
          || n.op() instanceof Op.Reshape);
      if (computes && computing == NODES_PER_METHOD) {
        parts.add(current);
        current = new ArrayList<>();
        computing = 0;
      }
      current.add(n);
      computing += computes ? 1 : 0;
    }
    parts.add(current);
    return parts;
  }

  private void copyOutputs(MethodSpec.Builder m) {
    for (IrGraph.Output o : graph.outputs()) {
      String target = outputVars.get(o.name());
      String value = value(m, o.node());
      if (!value.equals(target)) {
        m.addStatement("$T.arraycopy($N, 0, $N, 0, $N.length)", System.class, value, target, target);
      }
    }
  }

  /**
   * The Java expression for a node's values in the method being written,
   * fetching its workspace buffer first when this method has not yet.
   */
  private String value(MethodSpec.Builder m, int id) {
    IrNode n = graph.node(id);
    if (n.op() instanceof Op.Reshape) {
      return value(m, n.inputs().get(0));
    }
    Integer slot = slots.get(id);
    if (slot != null && declared.add(id)) {
      m.addStatement("float[] $N = workspace.floats($L, $T.size($S, $L))", values.get(id), slot, NetworkEmitter.CHECKS,
          n.name(), dims.ofLong(n.shape().elementCount()));
    }
    return values.get(id);
  }

  /** Checks an argument's length; the message, with the shape for this call, is built only when it fails. */
  private void lengthCheck(MethodSpec.Builder m, String name, String variable, Shape shape) {
    String expected = dims.ofLong(shape.elementCount());
    m.beginControlFlow("if ($N == null || $N.length != $L)", variable, variable, expected)
        .addStatement("throw $T.wrongLength($S, $N, $L, $L)", NetworkEmitter.CHECKS, name, variable, expected,
            shapeText(shape))
        .endControlFlow();
  }

  /** {@code "[" + n + ", 4]"}: the shape for this call, for messages. */
  private String shapeText(Shape s) {
    List<String> parts = new ArrayList<>();
    for (Dim d : s.dims()) {
      parts.add(d.isFixed() ? d.valueText() : "\" + " + dims.of(d) + " + \"");
    }
    return ("\"[" + String.join(", ", parts) + "]\"").replace(" + \"\"", "").replace("\"\" + ", "");
  }

  private void node(MethodSpec.Builder m, IrNode n, String directOutput) {
    switch (n.op()) {
      case Op.Input in -> values.put(n.id(), inputVars.get(in.name()));
      case Op.Param p -> values.put(n.id(), "this." + paramFields.get(p.name()));
      case Op.Constant c -> {
        String field = names.newName(n.name().toUpperCase(java.util.Locale.ROOT), "const:" + n.id());
        constants.add(FieldSpec.builder(NetworkEmitter.FLOATS, field, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("{$L}", GemmKernelEmitter.floatLiteral(c.value()))
            .build());
        values.put(n.id(), field);
      }
      case Op.Reshape r -> { }
      default -> {
        String out;
        if (directOutput != null) {
          out = directOutput;
          values.put(n.id(), out);
        } else {
          out = buffer(m, n);
        }
        m.addCode("// $L = $L$L\n", n.name(), dev.netc.compiler.ir.Op.mnemonic(n.op()),
            n.inputs().stream().map(i -> graph.node(i).name()).collect(Collectors.joining(", ", "(", ")")));
        compute(m, n, out);
      }
    }
  }

  private String buffer(MethodSpec.Builder m, IrNode n) {
    String local = locals.newName(n.name(), "node:" + n.id());
    slots.put(n.id(), bufferSlots++);
    values.put(n.id(), local);
    return value(m, n.id());
  }

  private String in(IrNode n, int i) {
    return value(currentMethod, n.inputs().get(i));
  }

  /** The method whose body {@link #compute} is writing: where operand buffers are fetched. */
  private MethodSpec.Builder currentMethod;

  private Shape shape(IrNode n, int i) {
    return graph.node(n.inputs().get(i)).shape();
  }

  private void compute(MethodSpec.Builder m, IrNode n, String out) {
    currentMethod = m;
    Shape s = n.shape();
    switch (n.op()) {
      case Op.Gemm g -> {
        GemmKernelEmitter.Plan plan = plans.get(n.name());
        String w = ((Op.Param) graph.node(n.inputs().get(1)).op()).name();
        String packed = packedFields.get(w + (g.transposed() ? ":T" : "") + ":" + plan.panelWidth());
        Shape x = shape(n, 0);
        String rows = dims.of(JavaDims.product(x, 0, x.rank() - 1));
        List<String> args = new ArrayList<>(List.of(in(n, 0), "0", rows, "this." + packed));
        if (g.hasBias()) {
          String b = ((Op.Param) graph.node(n.inputs().get(2)).op()).name();
          args.add("this." + paddedFields.get(b + ":" + plan.panels() * plan.panelWidth()));
        }
        args.add(out);
        args.add("0");
        if (g.hasResidual()) {
          args.add(in(n, n.inputs().size() - 1));
          args.add("0");
        }
        args.add("this.executor");
        m.addStatement("$T.$L($L)", kernels, plan.name(), String.join(", ", args));
      }
      case Op.MatMul mm -> matmul(m, n, out);
      case Op.Elementwise e -> {
        m.addStatement("$T.apply($T.$L, $L, 0, $L, $L, 0, $L, $N, 0, $L)", ELEMENTWISE, ARITH_OP, e.op().name(),
            in(n, 0), strides(shape(n, 0), s),
            in(n, 1), strides(shape(n, 1), s), out, ints(s.dims()));
      }
      case Op.Negate x -> m.addStatement("$T.negate($L, 0, $N, 0, $L)", ELEMENTWISE, in(n, 0), out, size(s));
      case Op.Activation a -> m.addStatement("$T.apply($T.$L, $L, 0, $N, 0, $L, $L)", ACTIVATIONS, ACTIVATION_KIND,
          a.kind().name(), in(n, 0), out, size(s), GemmKernelEmitter.floatLiteral(a.alpha()));
      case Op.Softmax sm -> m.addStatement("$T.softmax($L, 0, $N, 0, $L, $L, $L, $L)", NORMALIZE, in(n, 0), out,
          dims.of(JavaDims.product(s, 0, sm.axis())), dims.of(s.dim(sm.axis())),
          dims.of(JavaDims.product(s, sm.axis() + 1, s.rank())), sm.log());
      case Op.LayerNorm ln -> m.addStatement("$T.layerNorm($L, 0, $L, 0, $L, 0, $N, 0, $L, $L, $L)", NORMALIZE,
          in(n, 0), in(n, 1), in(n, 2), out, dims.of(JavaDims.product(s, 0, s.rank() - 1)), dims.of(s.dim(-1)),
          GemmKernelEmitter.floatLiteral(ln.epsilon()));
      case Op.Transpose t -> {
        // Result axis i walks operand axis perm[i]: gather with the operand's strides, permuted.
        Shape from = shape(n, 0);
        List<String> strides = new ArrayList<>();
        for (int axis : t.permutation()) {
          strides.add(dims.of(JavaDims.product(from, axis + 1, from.rank())));
        }
        m.addStatement("$T.gather($L, 0, $L, $N, 0, $L)", NetworkEmitter.LAYOUT, in(n, 0), ints(strides), out,
            ints(s.dims()));
      }
      case Op.Concat c -> {
        String total = dims.of(s.dim(c.axis()));
        String outer = dims.of(JavaDims.product(s, 0, c.axis()));
        String inner = dims.of(JavaDims.product(s, c.axis() + 1, s.rank()));
        List<String> offset = new ArrayList<>();
        for (int i = 0; i < n.inputs().size(); i++) {
          Dim len = shape(n, i).dim(c.axis());
          m.addStatement("$T.concatPart($L, 0, $N, 0, $L, $L, $L, $L, $L)", NetworkEmitter.LAYOUT, in(n, i), out, outer,
              dims.of(len), inner, offset.isEmpty() ? "0" : String.join(" + ", offset), total);
          offset.add(dims.of(len));
        }
      }
      case Op.Slice sl -> {
        // The box of the slice, gathered with the operand's own strides from its first element.
        Shape from = shape(n, 0);
        List<String> offset = new ArrayList<>();
        List<String> strides = new ArrayList<>();
        List<String> size = new ArrayList<>();
        for (int d = 0; d < from.rank(); d++) {
          var r = sl.ranges().get(d);
          String stride = dims.of(JavaDims.product(from, d + 1, from.rank()));
          strides.add(stride);
          if (!r.whole() && r.start() != 0) {
            offset.add(r.start() + " * " + stride);
          }
          size.add(r.whole() ? dims.of(from.dim(d)) : Long.toString(r.end() - r.start()));
        }
        m.addStatement("$T.gather($L, $L, $L, $N, 0, $L)", NetworkEmitter.LAYOUT, in(n, 0),
            offset.isEmpty() ? "0" : String.join(" + ", offset), ints(strides), out, ints(size));
      }
      case Op.Attention a -> attention(m, n, a, out);
      case Op.Mse x -> m.addStatement("$T.mse($L, 0, $L, 0, $N, 0, $L)", ELEMENTWISE, in(n, 0), in(n, 1), out,
          size(shape(n, 0)));
      case Op.Input x -> throw new IllegalStateException();
      case Op.Param x -> throw new IllegalStateException();
      case Op.Constant x -> throw new IllegalStateException();
      case Op.Reshape x -> throw new IllegalStateException();
    }
  }

  private String size(Shape s) {
    return dims.of(s.elementCount());
  }

  private void matmul(MethodSpec.Builder m, IrNode n, String out) {
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
    m.addStatement("$T.batched($L, 0, $L, $L, 0, $L, $N, 0, $L, $L, $L, $L)", MATMUL, in(n, 0),
        batchStrides(a, batchRank, rows.times(inner)), in(n, 1), batchStrides(b, batchRank, inner.times(cols)), out,
        ints(batch), dims.of(rows), dims.of(inner), dims.of(cols));
  }

  /** Axis {@code i} of a {@code batchRank}-axis batch, right-aligned with the first {@code lead} axes of {@code dims}. */
  private static Dim axis(List<Dim> dims, int lead, int batchRank, int i) {
    int j = i - (batchRank - lead);
    return j < 0 ? Dim.of(1) : dims.get(j);
  }

  /** Per batch axis, the operand's offset step in floats; 0 where it is broadcast. */
  private String batchStrides(List<Dim> operand, int batchRank, Dim matrix) {
    int lead = operand.size() - 2;
    List<String> strides = new ArrayList<>();
    for (int i = 0; i < batchRank; i++) {
      int j = i - (batchRank - lead);
      if (j < 0 || operand.get(j).isOne()) {
        strides.add("0");
      } else {
        strides.add(dims.of(Dim.product(operand.subList(j + 1, lead)).times(matrix)));
      }
    }
    return ints(strides);
  }

  /** An attention operand as the kernel reads it: array, batch strides and row stride. */
  private record HeadOperand(String array, String batchStrides, String row) {}

  private HeadOperand operand(IrNode n, int i, int batchRank, Dim rows, Dim width) {
    IrNode t = graph.node(n.inputs().get(i));
    if (((Op.Attention) n.op()).interleaved().operand(i)) {
      // The heads of [N, T, h, d]: head (n, j) starts at n*T*h*d + j*d, and its rows are h*d apart.
      Shape src = t.shape();
      Dim seq = src.dim(1);
      Dim heads = src.dim(2);
      return new HeadOperand(in(n, i),
          ints(List.of(dims.of(seq.times(heads).times(width)), dims.of(width))), dims.of(heads.times(width)));
    }
    return new HeadOperand(in(n, i), batchStrides(t.shape().dims(), batchRank, rows.times(width)), dims.of(width));
  }

  private void attention(MethodSpec.Builder m, IrNode n, Op.Attention a, String out) {
    // The attention computes over [..., T, d]; interleaved operands and results are [N, T, h, d].
    Shape q = logical(shape(n, 0), a.interleaved().query());
    Shape k = logical(shape(n, 1), a.interleaved().key());
    Shape v = logical(shape(n, 2), a.interleaved().value());
    Shape s = logical(n.shape(), a.interleaved().result());
    int batchRank = s.rank() - 2;
    List<Dim> batch = s.dims().subList(0, batchRank);
    Dim tq = q.dim(-2);
    Dim tk = k.dim(-2);
    Dim d = q.dim(-1);
    Dim dv = v.dim(-1);
    HeadOperand qo = operand(n, 0, batchRank, tq, d);
    HeadOperand ko = operand(n, 1, batchRank, tk, d);
    HeadOperand vo = operand(n, 2, batchRank, tk, dv);
    String outStrides;
    String outRow;
    if (a.interleaved().result()) {
      // Written as [N, Tq, h, dv]: head (n, j) at n*Tq*h*dv + j*dv, rows h*dv apart.
      Dim heads = s.dim(1);
      outStrides = ints(List.of(dims.of(tq.times(heads).times(dv)), dims.of(dv)));
      outRow = dims.of(heads.times(dv));
    } else {
      List<String> strides = new ArrayList<>();
      for (int i = 0; i < batchRank; i++) {
        strides.add(dims.of(Dim.product(batch.subList(i + 1, batchRank)).times(tq).times(dv)));
      }
      outStrides = ints(strides);
      outRow = dims.of(dv);
    }
    String scale = Double.isNaN(a.scale())
        ? "(float) (1 / Math.sqrt(" + dims.of(d) + "))" : GemmKernelEmitter.floatLiteral(a.scale());
    // A head's scores [tq, tk], then its keys transposed [d, tk]: see Attention.scratchSize.
    String scratchSize = dims.of(tq.times(tk)) + " + " + dims.of(d.times(tk));
    String scores = "workspace.floats(" + bufferSlots++ + ", " + scratchSize + ")";
    // The other thread's, when the heads are split over two.
    String otherScores = "workspace.floats(" + bufferSlots++ + ", " + scratchSize + ")";
    String mask = "null";
    String maskStrides = ints(List.of());
    String rowStride = "0";
    String colStride = "0";
    if (a.hasMask()) {
      Shape ms = shape(n, 3);
      List<Dim> md = new ArrayList<>(ms.dims());
      while (md.size() < 2) {
        md.add(0, Dim.of(1));
      }
      Dim mRows = md.get(md.size() - 2);
      Dim mCols = md.get(md.size() - 1);
      mask = in(n, 3);
      maskStrides = batchStrides(md, batchRank, mRows.times(mCols));
      rowStride = mRows.isOne() ? "0" : dims.of(mCols);
      colStride = mCols.isOne() ? "0" : "1";
    }
    m.addStatement("$T.forward($L, 0, $L, $L, $L, 0, $L, $L, $L, 0, $L, $L, $L, 0, $L, $L, $L, $N, 0, $L, $L, $L, $L,"
            + " $L, $L, $L, $L, $L, this.executor, $L)", ATTENTION, qo.array(), qo.batchStrides(), qo.row(), ko.array(),
        ko.batchStrides(), ko.row(), vo.array(), vo.batchStrides(), vo.row(), mask, maskStrides, rowStride, colStride,
        out, outStrides, outRow, ints(batch), dims.of(tq), dims.of(tk), dims.of(d), dims.of(dv), scale, scores,
        otherScores);
  }


  /** {@code [N, T, h, d]} as the {@code [N, h, T, d]} it holds, when interleaved. */
  private static Shape logical(Shape s, boolean interleaved) {
    return interleaved ? new Shape(List.of(s.dim(0), s.dim(2), s.dim(1), s.dim(3))) : s;
  }

  /** Strides of {@code operand} broadcast to {@code result}: 0 on stretched or missing axes. */
  private String strides(Shape operand, Shape result) {
    List<String> out = new ArrayList<>();
    int offset = result.rank() - operand.rank();
    for (int i = 0; i < result.rank(); i++) {
      int j = i - offset;
      if (j < 0 || operand.dim(j).isOne()) {
        out.add("0");
      } else {
        out.add(dims.of(JavaDims.product(operand, j + 1, operand.rank())));
      }
    }
    return ints(out);
  }

  private String ints(List<?> values) {
    List<String> exprs = values.stream().map(v -> v instanceof Dim d ? dims.of(d) : v.toString()).toList();
    if (exprs.stream().allMatch(e -> e.matches("-?\\d+"))) {
      return intConstant(exprs);
    }
    if (exprs.size() <= 6) {
      return "workspace.dims(" + intSlots++ + ", " + String.join(", ", exprs) + ")";
    }
    return "new int[] {" + String.join(", ", exprs) + "}";
  }

  /** A shared {@code static final int[]} for a fixed list of ints. */
  private String intConstant(List<String> literals) {
    String key = String.join(",", literals);
    return intConstants.computeIfAbsent(key, k -> {
      String name = names.newName("INTS_" + intConstants.size(), "ints:" + k);
      constants.add(FieldSpec.builder(int[].class, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer("{$L}", String.join(", ", literals))
          .build());
      return name;
    });
  }

  /** How to call the network, for the class Javadoc. */
  CodeBlock usage(String factory) {
    List<String> args = new ArrayList<>(inputVars.values());
    args.addAll(dimVars.values());
    return CodeBlock.of("$T net = $T.$L;\n$L = net.forward($L);\n", facade, facade, factory,
        graph.outputs().size() == 1 ? "float[] " + outputVars.values().iterator().next() : "float[][] outputs",
        String.join(", ", args));
  }
}
