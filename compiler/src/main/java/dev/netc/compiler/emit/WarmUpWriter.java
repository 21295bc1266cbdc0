package dev.netc.compiler.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import dev.netc.compiler.plan.Kernel;
import dev.netc.compiler.plan.NetworkPlan;
import dev.netc.compiler.plan.Part;
import dev.netc.compiler.plan.Step;
import dev.netc.runtime.ops.ActivationKind;
import dev.netc.runtime.ops.ArithOp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Renders the facade's {@code warmedUp()}, which every factory returns through: the warm-up
 * calls of each distinct matmul kernel (on the weights of the first layer that uses it) and of
 * each shared kernel {@code forward} calls, run by {@code WarmUp} before the network is handed
 * to its caller.
 */
final class WarmUpWriter {
  private static final ClassName EXERCISES = ClassName.get("dev.netc.runtime.kernels", "Exercises");

  private WarmUpWriter() {}

  /** The method, or empty when {@code forward} calls no vector kernel at all. */
  static Optional<MethodSpec> render(NetworkPlan plan) {
    ClassName facade = ClassName.get(plan.packageName(), plan.className());
    ClassName kernels = ClassName.get(plan.packageName(), plan.kernelsClass());
    Map<Kernel, Step.Gemm> firstUse = new LinkedHashMap<>();
    Set<CodeBlock> shared = new LinkedHashSet<>();
    for (Part part : plan.parts()) {
      for (Part.Line line : part.lines()) {
        switch (line.step()) {
          case Step.Gemm g -> firstUse.putIfAbsent(g.kernel(), g);
          case Step.Elementwise e -> shared.add(CodeBlock.of("$T.elementwise($T.$L)", EXERCISES,
              ClassName.get(ArithOp.class), e.op().name()));
          case Step.Negate n -> shared.add(CodeBlock.of("$T.negate()", EXERCISES));
          case Step.Activation a -> shared.add(CodeBlock.of("$T.activation($T.$L)", EXERCISES,
              ClassName.get(ActivationKind.class), a.kind().name()));
          case Step.Softmax s -> shared.add(CodeBlock.of("$T.softmax()", EXERCISES));
          case Step.LayerNorm l -> shared.add(CodeBlock.of("$T.layerNorm()", EXERCISES));
          case Step.BatchedMatMul b -> shared.add(CodeBlock.of("$T.matMul()", EXERCISES));
          case Step.Attention a -> shared.add(CodeBlock.of("$T.attention()", EXERCISES));
          case Step.Reduce r -> shared.add(CodeBlock.of("$T.reduce()", EXERCISES));
          case Step.L2Normalize l -> shared.add(CodeBlock.of("$T.l2Normalize()", EXERCISES));
          // Scalar loops: compiled in milliseconds, and as fast in C1's code as they will be.
          case Step.Gather g -> { }
          case Step.Concat c -> { }
          case Step.Mse m -> { }
          case Step.Loss l -> { }
          case Step.Copy c -> { }
          case Step.Cast c -> { }
          case Step.Lookup l -> { }
        }
      }
    }
    if (firstUse.isEmpty() && shared.isEmpty()) {
      return Optional.empty();
    }
    ClassName exercise = GemmKernelWriter.EXERCISE;
    MethodSpec.Builder m = MethodSpec.methodBuilder("warmedUp")
        .addModifiers(Modifier.PRIVATE)
        .returns(facade)
        .addJavadoc("This network, once its kernels have been driven through the JIT ({@link $T}): each distinct "
            + "kernel once per JVM (per loaded class), on this network's weights and small scratch arrays, so that {@code forward} "
            + "runs compiled code from its first call. {@code -Dnetc.warmup=false} leaves them to warm up on the "
            + "first calls instead.\n", GemmKernelWriter.WARM_UP)
        .addStatement("$T exercises = new $T<>()", ParameterizedTypeName.get(ClassName.get(List.class), exercise),
            ClassName.get(ArrayList.class));
    firstUse.forEach((kernel, g) -> {
      List<CodeBlock> args = new ArrayList<>(List.of(CodeBlock.of("$N", g.weight().field())));
      g.columns().ifPresent(b -> args.add(CodeBlock.of("$N", b.field())));
      m.addStatement("exercises.addAll($T.$LExercises($L))", kernels, kernel.name(), CodeBlock.join(args, ", "));
    });
    for (CodeBlock s : shared) {
      m.addStatement("exercises.add($L)", s);
    }
    return Optional.of(m.addStatement("$T.run(exercises)", GemmKernelWriter.WARM_UP)
        .addStatement("return this")
        .build());
  }
}
