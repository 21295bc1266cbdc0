package dev.netc.compiler.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.plan.Buffer;
import dev.netc.compiler.plan.NetworkPlan;
import dev.netc.compiler.plan.Part;
import dev.netc.compiler.plan.Step;
import dev.netc.compiler.plan.Value;
import dev.netc.runtime.ops.LossKind;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Renders the {@code forward} methods of a plan: the overloads a caller picks from (a new array
 * per output, the caller's arrays, the caller's arrays from offsets, each with this thread's
 * workspace or the caller's), the argument checks, and one call per step.
 */
final class ForwardWriter {
  private static final ClassName ELEMENTWISE = ClassName.get("dev.netc.runtime.kernels", "Elementwise");
  private static final ClassName LOSSES = ClassName.get("dev.netc.runtime.kernels", "Losses");
  private static final ClassName NORMALIZE = ClassName.get("dev.netc.runtime.kernels", "Normalize");
  private static final ClassName ACTIVATIONS = ClassName.get("dev.netc.runtime.kernels", "Activations");
  private static final ClassName MATMUL = ClassName.get("dev.netc.runtime.kernels", "MatMul");
  private static final ClassName ATTENTION = ClassName.get("dev.netc.runtime.kernels", "Attention");
  private static final ClassName LAYOUT = ClassName.get("dev.netc.runtime.kernels", "Layout");
  private static final ClassName CONVERT = ClassName.get("dev.netc.runtime.kernels", "Convert");
  private static final ClassName LOOKUP = ClassName.get("dev.netc.runtime.kernels", "Lookup");
  private static final ClassName REDUCE = ClassName.get("dev.netc.runtime.kernels", "Reduce");
  private static final ClassName REDUCTION = ClassName.get(dev.netc.runtime.ops.Reduction.class);
  private static final ClassName ACTIVATION_KIND = ClassName.get(dev.netc.runtime.ops.ActivationKind.class);
  private static final ClassName ARITH_OP = ClassName.get(dev.netc.runtime.ops.ArithOp.class);

  private final NetworkPlan plan;
  private final ClassName kernels;
  private final JavaCode code;

  ForwardWriter(NetworkPlan plan) {
    this.plan = plan;
    this.kernels = ClassName.get(plan.packageName(), plan.kernelsClass());
    this.code = new JavaCode(plan.dims());
  }

  /** Every method of {@code forward}, public ones first. */
  List<MethodSpec> methods() {
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(allocating());
    methods.add(intoArrays(false, false));
    methods.add(intoArrays(false, true));
    methods.add(intoArrays(true, false));
    methods.add(core());
    if (plan.parts().size() > 1) {
      for (Part part : plan.parts()) {
        methods.add(part(part));
      }
    }
    return methods;
  }

  private void inputsAndDims(MethodSpec.Builder m, boolean offsets) {
    for (NetworkPlan.Argument in : plan.inputs()) {
      m.addParameter(JavaCode.arrayOf(in.type().dtype()), in.variable());
      if (offsets) {
        m.addParameter(TypeName.INT, in.offset());
      }
    }
    for (NetworkPlan.Dimension d : plan.dims()) {
      m.addParameter(TypeName.INT, d.variable());
    }
  }

  private void outputs(MethodSpec.Builder m, boolean offsets) {
    for (NetworkPlan.Argument o : plan.outputs()) {
      m.addParameter(JavaCode.arrayOf(o.type().dtype()), o.variable());
      if (offsets) {
        m.addParameter(TypeName.INT, o.offset());
      }
    }
  }

  /** The arguments of a call to the core {@code forward}: offsets 0 where the caller gave none. */
  private CodeBlock coreArguments(boolean offsets, CodeBlock workspace) {
    List<CodeBlock> args = new ArrayList<>();
    for (NetworkPlan.Argument in : plan.inputs()) {
      args.add(CodeBlock.of("$N", in.variable()));
      args.add(offsets ? CodeBlock.of("$N", in.offset()) : CodeBlock.of("0"));
    }
    for (NetworkPlan.Dimension d : plan.dims()) {
      args.add(CodeBlock.of("$N", d.variable()));
    }
    for (NetworkPlan.Argument o : plan.outputs()) {
      args.add(CodeBlock.of("$N", o.variable()));
      args.add(offsets ? CodeBlock.of("$N", o.offset()) : CodeBlock.of("0"));
    }
    args.add(workspace);
    return CodeBlock.join(args, ", ");
  }

  private MethodSpec allocating() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PUBLIC);
    inputsAndDims(m, false);
    for (NetworkPlan.Argument o : plan.outputs()) {
      m.addStatement("$T $N = new $T[$T.size($S, $L)]", JavaCode.arrayOf(o.type().dtype()), o.variable(),
          ((ArrayTypeName) JavaCode.arrayOf(o.type().dtype())).componentType(), JavaCode.CHECKS, o.name(),
          code.ofLong(o.type().shape().elementCount()));
    }
    m.addStatement("forward($L)", coreArguments(false, CodeBlock.of("$T.local()", JavaCode.WORKSPACE)));
    if (plan.outputs().size() == 1) {
      NetworkPlan.Argument only = plan.outputs().get(0);
      m.returns(JavaCode.arrayOf(only.type().dtype()))
          .addJavadoc("Runs the network and returns its output, {@code $L}, in a new array.\n", only.name())
          .addStatement("return $N", only.variable());
    } else if (plan.outputs().stream().map(o -> o.type().dtype()).distinct().count() == 1) {
      m.returns(ArrayTypeName.of(JavaCode.arrayOf(plan.outputs().get(0).type().dtype())))
          .addJavadoc("Runs the network and returns its outputs in new arrays, in declaration order: $L.\n",
              plan.outputs().stream().map(NetworkPlan.Argument::name).collect(Collectors.joining(", ")))
          .addStatement("return new $T {$L}", ArrayTypeName.of(JavaCode.arrayOf(plan.outputs().get(0).type().dtype())),
              plan.outputs().stream().map(NetworkPlan.Argument::variable).collect(Collectors.joining(", ")));
    } else {
      // Outputs of different element types (ids and scores) share no array type but Object.
      m.returns(ArrayTypeName.of(Object.class))
          .addJavadoc("Runs the network and returns its outputs in new arrays, in declaration order, each of its own "
              + "element type: $L.\n", plan.outputs().stream()
                  .map(o -> o.name() + " ({@code " + JavaCode.arrayOf(o.type().dtype()) + "})")
                  .collect(Collectors.joining(", ")))
          .addStatement("return new $T[] {$L}", Object.class,
              plan.outputs().stream().map(NetworkPlan.Argument::variable).collect(Collectors.joining(", ")));
    }
    return m.build();
  }

  /** A {@code forward} into the caller's arrays, from offsets or not, with this thread's workspace or the caller's. */
  private MethodSpec intoArrays(boolean offsets, boolean workspace) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PUBLIC);
    inputsAndDims(m, offsets);
    outputs(m, offsets);
    if (workspace) {
      m.addParameter(JavaCode.WORKSPACE, "workspace");
      m.addJavadoc("Runs the network into the caller's arrays with scratch memory from {@code workspace}, which must "
          + "not be used by another thread during the call.\n");
    } else if (offsets) {
      m.addJavadoc("Runs the network on arrays that hold the batch from an offset, each at least as long as its shape "
          + "needs from there (a batch inside larger buffers), with this thread's scratch memory.\n");
    } else {
      m.addJavadoc("Runs the network into the caller's arrays, each at least as long as its shape needs (buffers "
          + "allocated once for the largest batch serve every smaller one), with this thread's scratch memory. "
          + "Allocates nothing once the thread has run a batch this large.\n");
    }
    m.addJavadoc("\n@throws IllegalArgumentException if a dimension is below 1 or an array is too short for its shape$L\n",
        lookups());
    m.addStatement("forward($L)", coreArguments(offsets, workspace ? CodeBlock.of("workspace")
        : CodeBlock.of("$T.local()", JavaCode.WORKSPACE)));
    return m.build();
  }

  /**
   * {@code ; or if an id or index is outside ...} when the network looks values up by integer
   * inputs, and {@code ; or if a run-time dimension ...} when it slices a fixed axis at one.
   */
  private String lookups() {
    boolean any = plan.parts().stream().flatMap(p -> p.lines().stream()).anyMatch(l -> l.step() instanceof Step.Lookup);
    String ends = plan.sliceEnds().isEmpty() ? "" : "; or if a run-time dimension makes a slice longer than its axis ("
        + plan.sliceEnds().stream().map(e -> "{@code " + e.slice() + "}").distinct().collect(Collectors.joining(", "))
        + ")";
    return (any ? "; or if an id or index (of {@code embedding} or {@code gather}) is outside its axis: the message "
        + "names its position and value" : "") + ends;
  }

  /** The one that does the work: checks, then the steps, or calls to the parts that hold them. */
  private MethodSpec core() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PUBLIC)
        .addJavadoc("Runs the network on arrays that hold the batch from an offset, each at least as long as its shape "
            + "needs from there, with scratch memory from {@code workspace}, which must not be used by another "
            + "thread during the call. Allocates nothing once the workspace has served a batch this large.\n\n"
            + "@throws IllegalArgumentException if a dimension is below 1, an offset is negative, or an array is too "
            + "short for its shape$L\n", lookups());
    inputsAndDims(m, true);
    outputs(m, true);
    m.addParameter(JavaCode.WORKSPACE, "workspace");
    for (NetworkPlan.Dimension d : plan.dims()) {
      m.addStatement("$T.dimension($S, $N)", JavaCode.CHECKS, d.symbol(), d.variable());
    }
    for (IrGraph.SliceEnd e : plan.sliceEnds()) {
      m.addStatement("$T.sliceEnd($S, $S, $L, $S, $L, $LL)", JavaCode.CHECKS, e.slice(), e.end().valueText(),
          code.ofLong(e.end()), e.tensor(), e.axis(), e.size());
    }
    for (NetworkPlan.Argument in : plan.inputs()) {
      lengthCheck(m, in);
    }
    for (NetworkPlan.Argument o : plan.outputs()) {
      lengthCheck(m, o);
    }
    if (plan.parts().size() == 1) {
      lines(m, plan.parts().get(0));
    } else {
      for (Part part : plan.parts()) {
        m.addStatement("$N($L)", part.method(), coreArguments(true, CodeBlock.of("workspace")));
      }
    }
    return m.build();
  }

  /** A part of a long network's {@code forward}, in a method of its own so each stays small enough for the JIT. */
  private MethodSpec part(Part part) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(part.method()).addModifiers(Modifier.PRIVATE)
        .addJavadoc("Part $L of $L of {@link #forward}: $L.\n", plan.parts().indexOf(part) + 1, plan.parts().size(),
            part.lines().get(0).step().comment().split(" = ")[0] + " to "
                + part.lines().get(part.lines().size() - 1).step().comment().split(" = ")[0]);
    inputsAndDims(m, true);
    outputs(m, true);
    m.addParameter(JavaCode.WORKSPACE, "workspace");
    lines(m, part);
    return m.build();
  }

  /**
   * Checks an argument's length from its offset; the message, with the shape for this call, is
   * built only when it fails, so a call that passes its checks allocates nothing.
   */
  private void lengthCheck(MethodSpec.Builder m, NetworkPlan.Argument a) {
    CodeBlock needed = code.ofLong(a.type().shape().elementCount());
    m.beginControlFlow("if ($N == null || $N < 0 || $N.length - (long) $N < $L)", a.variable(), a.offset(),
            a.variable(), a.offset(), needed)
        .addStatement("throw $T.tooShort($S, $N, $N, $L, $L)", JavaCode.CHECKS, a.name(), a.variable(), a.offset(),
            needed, code.shapeText(a.type().shape()))
        .endControlFlow();
  }

  private void lines(MethodSpec.Builder m, Part part) {
    for (Part.Line line : part.lines()) {
      for (Buffer b : line.fetch()) {
        m.addStatement("$T $N = workspace.$L($L, $T.size($S, $L))", JavaCode.arrayOf(b.dtype()), b.variable(),
            JavaCode.workspaceBuffer(b.dtype()), b.slot(), JavaCode.CHECKS, b.what(), code.ofLong(b.size()));
      }
      m.addCode("// $L\n", line.step().comment());
      m.addCode(call(line.step()));
    }
  }

  private CodeBlock call(Step step) {
    return switch (step) {
      case Step.Gemm g -> {
        List<CodeBlock> args = new ArrayList<>(List.of(JavaCode.operand(g.x()), code.of(g.rows()),
            CodeBlock.of("this.$N", g.weight().field())));
        g.columns().ifPresent(b -> args.add(CodeBlock.of("this.$N", b.field())));
        args.add(JavaCode.operand(g.out()));
        g.residual().ifPresent(r -> args.add(JavaCode.operand(r)));
        args.add(CodeBlock.of("this.executor"));
        yield CodeBlock.builder().addStatement("$T.$N($L)", kernels, g.kernel().name(), CodeBlock.join(args, ", "))
            .build();
      }
      case Step.Elementwise e -> CodeBlock.builder().addStatement("$T.apply($T.$L, $L, $L, $L, $L, $L, $L)", ELEMENTWISE,
          ARITH_OP, e.op().name(), JavaCode.operand(e.a()), code.of(e.aStrides()), JavaCode.operand(e.b()),
          code.of(e.bStrides()), JavaCode.operand(e.out()), code.of(e.shape())).build();
      case Step.Negate n -> CodeBlock.builder().addStatement("$T.negate($L, $L, $L)", ELEMENTWISE,
          JavaCode.operand(n.x()), JavaCode.operand(n.out()), code.of(n.count())).build();
      case Step.Activation a -> CodeBlock.builder().addStatement("$T.apply($T.$L, $L, $L, $L, $L)", ACTIVATIONS,
          ACTIVATION_KIND, a.kind().name(), JavaCode.operand(a.x()), JavaCode.operand(a.out()), code.of(a.count()),
          JavaCode.floatLiteral(a.alpha())).build();
      case Step.Softmax s -> CodeBlock.builder().addStatement("$T.softmax($L, $L, $L, $L, $L, $L)", NORMALIZE,
          JavaCode.operand(s.x()), JavaCode.operand(s.out()), code.of(s.outer()), code.of(s.length()),
          code.of(s.inner()), s.log()).build();
      case Step.LayerNorm l -> CodeBlock.builder().addStatement("$T.layerNorm($L, $L, $L, $L, $L, $L, $L)", NORMALIZE,
          JavaCode.operand(l.x()), JavaCode.operand(l.gamma()), JavaCode.operand(l.beta()), JavaCode.operand(l.out()),
          code.of(l.rows()), code.of(l.length()), JavaCode.floatLiteral(l.epsilon())).build();
      case Step.Gather g -> CodeBlock.builder().addStatement("$T.gather($L, $L, $L, $L, $L)", LAYOUT,
          JavaCode.array(g.x()), plus(JavaCode.offset(g.x()), code.of(g.from())), code.of(g.strides()),
          JavaCode.operand(g.out()), code.of(g.shape())).build();
      case Step.Concat c -> {
        CodeBlock.Builder b = CodeBlock.builder();
        for (Step.Concat.Part part : c.parts()) {
          b.addStatement("$T.concatPart($L, $L, $L, $L, $L, $L, $L)", LAYOUT, JavaCode.operand(part.value()),
              JavaCode.operand(c.out()), code.of(c.outer()), code.of(part.length()), code.of(c.inner()),
              code.of(part.at()), code.of(c.total()));
        }
        yield b.build();
      }
      case Step.BatchedMatMul mm -> CodeBlock.builder().addStatement("$T.batched($L, $L, $L, $L, $L, $L, $L, $L, $L)",
          MATMUL, JavaCode.operand(mm.a()), code.of(mm.aStrides()), JavaCode.operand(mm.b()), code.of(mm.bStrides()),
          JavaCode.operand(mm.out()), code.of(mm.batch()), code.of(mm.rows()), code.of(mm.inner()),
          code.of(mm.columns())).build();
      case Step.Attention a -> attention(a);
      case Step.Mse s -> CodeBlock.builder().addStatement("$T.mse($L, $L, $L, $L)", ELEMENTWISE,
          JavaCode.operand(s.a()), JavaCode.operand(s.b()), JavaCode.operand(s.out()), code.of(s.count())).build();
      case Step.Loss l -> loss(l);
      case Step.Cast c -> CodeBlock.builder().addStatement("$T.cast($L, $L, $L)", CONVERT, JavaCode.operand(c.x()),
          JavaCode.operand(c.out()), code.of(c.count())).build();
      case Step.Lookup l -> CodeBlock.builder().addStatement("$T.take($L, $L, $L, $L, $L, $L, $L, $S, $S, $L)", LOOKUP,
          JavaCode.operand(l.x()), code.of(l.outer()), code.of(l.length()), code.of(l.inner()),
          JavaCode.operand(l.index()), code.of(l.indexShape()), l.fromEnd(), l.comment(), l.indexName(),
          JavaCode.operand(l.out())).build();
      case Step.Reduce r -> CodeBlock.builder().addStatement("$T.apply($T.$L, $L, $L, $L, $L, $L)", REDUCE, REDUCTION,
          r.kind().name(), JavaCode.operand(r.x()), JavaCode.operand(r.out()), code.of(r.outer()), code.of(r.length()),
          code.of(r.inner())).build();
      case Step.L2Normalize l -> CodeBlock.builder().addStatement("$T.l2($L, $L, $L, $L, $L, $L)", NORMALIZE,
          JavaCode.operand(l.x()), JavaCode.operand(l.out()), code.of(l.outer()), code.of(l.length()),
          code.of(l.inner()), JavaCode.floatLiteral(l.epsilon())).build();
      case Step.Copy c -> CodeBlock.builder().addStatement("$T.arraycopy($L, $L, $L)", System.class,
          JavaCode.operand(c.from()), JavaCode.operand(c.to()), code.of(c.count())).build();
    };
  }

  /** {@code offset + more}, leaving out a zero. */
  private static CodeBlock plus(CodeBlock offset, CodeBlock more) {
    if (more.toString().equals("0")) {
      return offset;
    }
    return offset.toString().equals("0") ? more : CodeBlock.of("$L + $L", offset, more);
  }

  /** A loss's one call: {@code Losses.crossEntropy}, {@code sparseCrossEntropy} or {@code binaryCrossEntropy}. */
  private CodeBlock loss(Step.Loss l) {
    CodeBlock operands = CodeBlock.of("$L, $L, $L", JavaCode.operand(l.prediction()), JavaCode.operand(l.target()),
        JavaCode.operand(l.out()));
    return switch (l.kind()) {
      case CROSS_ENTROPY -> CodeBlock.builder().addStatement("$T.crossEntropy($L, $L, $L)", LOSSES, operands,
          code.of(l.rows()), code.of(l.classes())).build();
      case SPARSE_CROSS_ENTROPY -> CodeBlock.builder().addStatement("$T.sparseCrossEntropy($L, $L, $L)", LOSSES,
          operands, code.of(l.rows()), code.of(l.classes())).build();
      case BINARY_CROSS_ENTROPY, BINARY_CROSS_ENTROPY_WITH_LOGITS -> CodeBlock.builder()
          .addStatement("$T.binaryCrossEntropy($T.$L, $L, $L)", LOSSES, ClassName.get(LossKind.class), l.kind().name(),
              operands, code.of(l.rows())).build();
    };
  }

  private CodeBlock attention(Step.Attention a) {
    CodeBlock scale = Double.isNaN(a.scale())
        ? CodeBlock.of("(float) (1 / Math.sqrt($L))", code.of(a.d())) : CodeBlock.of("$L", JavaCode.floatLiteral(a.scale()));
    CodeBlock mask = a.mask().map(mk -> CodeBlock.of("$L, $L, $L, $L, $L", JavaCode.operand(mk.value()),
            code.of(mk.batchStrides()), code.of(mk.row()), mk.column(), a.causal()))
        .orElse(CodeBlock.of("null, 0, null, 0, 0, $L", a.causal()));
    return CodeBlock.builder().addStatement("$T.forward($L,\n$L,\n$L,\n$L,\n$L, $L, $L, $L, $L, $L, $L, $L, "
            + "this.executor, $L)", ATTENTION,
        operand(a.q()), operand(a.k()), operand(a.v()), mask, operand(a.out()), code.of(a.batch()), code.of(a.tq()),
        code.of(a.tk()), code.of(a.d()), code.of(a.dv()), scale, a.scratch().variable(), a.otherScratch().variable())
        .build();
  }

  private CodeBlock operand(Step.Attention.Operand o) {
    return CodeBlock.of("$L, $L, $L", JavaCode.operand(o.value()), code.of(o.batchStrides()), code.of(o.row()));
  }

  /** How to call the network, for the class Javadoc. */
  CodeBlock usage(String factory) {
    ClassName facade = ClassName.get(plan.packageName(), plan.className());
    List<String> args = new ArrayList<>();
    plan.inputs().forEach(in -> args.add(in.variable()));
    plan.dims().forEach(d -> args.add(d.variable()));
    return CodeBlock.of("$T net = $T.$L;\n$L = net.forward($L);\n", facade, facade, factory,
        plan.outputs().size() == 1 ? JavaCode.arrayOf(plan.outputs().get(0).type().dtype()) + " "
            + plan.outputs().get(0).variable()
            : plan.outputs().stream().map(o -> o.type().dtype()).distinct().count() == 1
                ? JavaCode.arrayOf(plan.outputs().get(0).type().dtype()) + "[] outputs" : "Object[] outputs",
        String.join(", ", args));
  }
}
