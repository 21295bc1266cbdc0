package dev.netc.compiler.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.plan.Kernel;
import dev.netc.compiler.plan.NetworkPlan;
import dev.netc.runtime.DType;
import javax.lang.model.element.Modifier;

/**
 * Renders a plan's package-private kernels class: the species its vectors use, and each distinct
 * matmul kernel once ({@link GemmKernelWriter}), however many layers call it.
 */
final class KernelsWriter {
  private static final ClassName BYTE_ORDER = ClassName.get("java.nio", "ByteOrder");

  private KernelsWriter() {}

  static TypeSpec render(NetworkPlan plan) {
    ClassName facade = ClassName.get(plan.packageName(), plan.className());
    TypeSpec.Builder type = TypeSpec.classBuilder(ClassName.get(plan.packageName(), plan.kernelsClass()))
        .addModifiers(Modifier.FINAL)
        .addJavadoc("The matmul kernels of {@link $T}, specialized to its shapes for $L-bit vectors$L: $L distinct "
                + "kernel(s) for its $L dense layer(s), each shared by every layer of the same shapes and epilogue.\n",
            facade, plan.vectorBits(), plan.offHeap()
                ? ", reading packed weights from off-heap memory aligned to cache lines (Java "
                    + CompileOptions.OFF_HEAP_RELEASE + " or later)" : "",
            plan.kernels().size(), plan.kernels().stream().mapToInt(k -> k.uses().size()).sum())
        .addAnnotation(generated(plan))
        .addField(FieldSpec.builder(species(Float.class), "S", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("$T.SPECIES_$L", GemmKernelWriter.FLOAT_VECTOR, plan.vectorBits())
            .build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    boolean bf16 = plan.kernels().stream().anyMatch(k -> k.plan().storage() == DType.BF16);
    boolean i8 = plan.kernels().stream().anyMatch(k -> k.plan().storage() == DType.I8);
    if (bf16) {
      type.addField(FieldSpec.builder(species(Short.class), "SH", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("bfloat16 weights, as many as {@code S} has lanes: loaded as shorts and widened to floats.\n")
          .initializer("$T.SPECIES_$L", GemmKernelWriter.SHORT_VECTOR, plan.vectorBits() / 2)
          .build());
      type.addField(FieldSpec.builder(species(Integer.class), "I", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Ints as wide as {@code S}: a bfloat16 widens to the top half of an int's bits.\n")
          .initializer("$T.SPECIES_$L", GemmKernelWriter.INT_VECTOR, plan.vectorBits())
          .build());
    }
    if (i8) {
      type.addField(FieldSpec.builder(species(Byte.class), "SB", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("8-bit weights, as many as {@code S} has lanes: loaded as bytes and converted to floats.\n")
          .initializer("$T.SPECIES_$L", GemmKernelWriter.BYTE_VECTOR, plan.vectorBits() / 4)
          .build());
    }
    if (plan.offHeap() && !plan.kernels().isEmpty()) {
      type.addField(FieldSpec.builder(BYTE_ORDER, "ORDER", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("The byte order of the off-heap weights: they were written as Java floats on this machine.\n")
          .initializer("$T.nativeOrder()", BYTE_ORDER)
          .build());
    }
    if (plan.streamsOffHeap()) {
      type.addField(FieldSpec.builder(TypeName.FLOAT, "prefetched", Modifier.PRIVATE, Modifier.STATIC,
              Modifier.VOLATILE)
          .addJavadoc("Where {@code stream} leaves its sum, so the JIT cannot drop its reads.\n")
          .build());
      type.addMethod(offHeapPrefetch());
    }
    for (Kernel kernel : plan.kernels()) {
      GemmKernelWriter.Rendered rendered = GemmKernelWriter.render(kernel,
          ClassName.get(plan.packageName(), plan.kernelsClass()),
          plan.l3Bytes(), plan.weightBytes());
      rendered.fields().forEach(type::addField);
      rendered.methods().forEach(type::addMethod);
    }
    return type.build();
  }

  static AnnotationSpec generated(NetworkPlan plan) {
    return AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
        .addMember("value", "$S", "dev.netc.compiler")
        .addMember("comments", "$S", "from " + plan.graph().sourceName())
        .build();
  }

  private static ParameterizedTypeName species(Class<?> element) {
    return ParameterizedTypeName.get(GemmKernelWriter.VECTOR_SPECIES, ClassName.get(element));
  }

  /**
   * {@code stream(w, from, to)}: reads the bytes {@code [from, to)} of an off-heap weight once,
   * front to back, one load per cache line, so they arrive in L2 at the memory's streaming rate
   * before the register tiles that use them ({@code Prefetch.stream} reads arrays, since the
   * runtime itself runs on Java 21).
   */
  private static MethodSpec offHeapPrefetch() {
    return MethodSpec.methodBuilder("stream")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Reads bytes {@code [from, to)} of {@code w} once, one float per 64-byte cache line and "
            + "four independent sums, so that the lines arrive in L2 at the memory's streaming rate before the "
            + "register tiles that use them; without it the first tile over each panel waits on memory one line "
            + "at a time.\n")
        .addParameter(GemmKernelWriter.MEMORY_SEGMENT, "w")
        .addParameter(TypeName.LONG, "from")
        .addParameter(TypeName.LONG, "to")
        .addStatement("float s0 = 0, s1 = 0, s2 = 0, s3 = 0")
        .addStatement("long i = from")
        .beginControlFlow("for (; i + 256 <= to; i += 256)")
        .addStatement("s0 += w.get($T.JAVA_FLOAT, i)", GemmKernelWriter.VALUE_LAYOUT)
        .addStatement("s1 += w.get($T.JAVA_FLOAT, i + 64)", GemmKernelWriter.VALUE_LAYOUT)
        .addStatement("s2 += w.get($T.JAVA_FLOAT, i + 128)", GemmKernelWriter.VALUE_LAYOUT)
        .addStatement("s3 += w.get($T.JAVA_FLOAT, i + 192)", GemmKernelWriter.VALUE_LAYOUT)
        .endControlFlow()
        .beginControlFlow("for (; i < to; i += 64)")
        .addStatement("s0 += w.get($T.JAVA_FLOAT, i)", GemmKernelWriter.VALUE_LAYOUT)
        .endControlFlow()
        .addStatement("prefetched = s0 + s1 + s2 + s3")
        .build();
  }
}
