package dev.netc.compiler.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.plan.IntList;
import dev.netc.compiler.plan.NetworkPlan;
import dev.netc.compiler.plan.Value;
import dev.netc.compiler.plan.WeightField;
import dev.netc.runtime.DType;
import dev.netc.runtime.InlineWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Renders a plan's public facade class: the weights it holds in the layout the kernels read, the
 * factories that load and check them, {@code withExecutor}, and {@code forward}. The facade
 * touches no Vector API type itself, so a JVM without the module fails in the factory with one
 * clear message rather than deep inside a kernel.
 */
final class FacadeWriter {
  private static final ClassName VECTOR_SUPPORT = ClassName.get("dev.netc.runtime", "VectorSupport");
  private static final ClassName PARAM_LOADER = ClassName.get("dev.netc.runtime", "ParamLoader");
  private static final ClassName LAYOUT = ClassName.get("dev.netc.runtime.kernels", "Layout");
  private static final ClassName ARENA = ClassName.get("java.lang.foreign", "Arena");
  private static final ClassName INT8_WEIGHT = ClassName.get("dev.netc.runtime", "Int8Weight");
  private static final ClassName HALF_PRECISION = ClassName.get("dev.netc.runtime.weights", "HalfPrecision");

  private final NetworkPlan plan;
  private final ClassName facade;
  private final Optional<MethodSpec> warmedUp;

  private FacadeWriter(NetworkPlan plan) {
    this.plan = plan;
    this.facade = ClassName.get(plan.packageName(), plan.className());
    this.warmedUp = WarmUpWriter.render(plan);
  }

  /** {@code ".warmedUp()"} when the network has kernels to warm up: what a factory's result goes through. */
  private String warm() {
    return warmedUp.isPresent() ? ".warmedUp()" : "";
  }

  static TypeSpec render(NetworkPlan plan) {
    return new FacadeWriter(plan).type();
  }

  private TypeSpec type() {
    ForwardWriter forward = new ForwardWriter(plan);
    TypeSpec.Builder type = TypeSpec.classBuilder(facade)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addAnnotation(KernelsWriter.generated(plan))
        .addJavadoc(ClassDoc.of(plan, forward));
    constants(type);
    fields(type);
    type.addMethod(constructor());
    type.addMethod(copyConstructor());
    if (plan.readsFile()) {
      type.addMethod(resourceConstructor());
    }
    factories(type);
    type.addMethod(MethodSpec.methodBuilder("withExecutor")
        .addModifiers(Modifier.PUBLIC)
        .returns(facade)
        .addParameter(GemmKernelWriter.EXECUTOR, "executor")
        .addJavadoc("This network, splitting its largest layers over {@code executor} instead of netc's default pool; "
            + "{@code null} runs every layer on the calling thread. The weights are shared, not copied.\n")
        .addStatement("return new $T(this, executor)", facade)
        .build());
    if (plan.offHeap()) {
      plan.fields().stream().filter(f -> f instanceof WeightField.Packed).map(WeightField::dtype).distinct().sorted()
          .forEach(storage -> {
            type.addMethod(packOffHeap(storage));
            if (plan.readsFile()) {
              type.addMethod(offHeap(storage));
            }
          });
    }
    warmedUp.ifPresent(type::addMethod);
    forward.methods().forEach(type::addMethod);
    return type.build();
  }

  /** The constants the steps read: scalars, and fixed shapes and strides. */
  private void constants(TypeSpec.Builder type) {
    if (plan.readsFile()) {
      type.addField(FieldSpec.builder(String.class, "WEIGHTS_RESOURCE", Modifier.PUBLIC, Modifier.STATIC,
              Modifier.FINAL)
          .addJavadoc("The weights resource {@link #fromResource()} reads, beside this class.\n")
          .initializer("$S", plan.resourceName())
          .build());
    }
    for (Value.Constant c : plan.scalars()) {
      type.addField(FieldSpec.builder(JavaCode.arrayOf(c.dtype()), c.field(), Modifier.PRIVATE, Modifier.STATIC,
              Modifier.FINAL)
          .initializer("{$L}", JavaCode.floatLiteral(c.value()))
          .build());
    }
    for (IntList.Constant c : plan.constants()) {
      type.addField(FieldSpec.builder(int[].class, c.field(), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer("{$L}", String.join(", ", c.values().stream().map(String::valueOf).toList()))
          .build());
    }
    for (NetworkPlan.Parameter p : plan.parameters()) {
      if (p.inlineField().isPresent() && p.param().source() instanceof Graph.ParamSource.Inline inline) {
        CodeBlock.Builder init = CodeBlock.builder().add("$T.decode($L", InlineWeights.class, inline.values().length);
        for (String chunk : chunks(InlineWeights.encode(inline.values()))) {
          init.add(",\n    $S", chunk);
        }
        init.add(")");
        type.addField(FieldSpec.builder(JavaCode.arrayOf(p.param().valueType().dtype()), p.inlineField().get(),
                Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("The inline values of $L from the spec, Base64 of little-endian floats.\n", p.param().name())
            .initializer(init.build())
            .build());
      }
    }
  }

  /** Base64 in pieces that each fit a class-file string constant (65,535 bytes). */
  private static List<String> chunks(String text) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < text.length(); i += 60_000) {
      out.add(text.substring(i, Math.min(text.length(), i + 60_000)));
    }
    return out;
  }

  private void fields(TypeSpec.Builder type) {
    for (WeightField f : plan.fields()) {
      FieldSpec.Builder field = FieldSpec.builder(fieldType(f), f.field(), Modifier.PRIVATE, Modifier.FINAL);
      switch (f) {
        case WeightField.Raw r -> field.addJavadoc("$L: $L, as loaded.\n", r.param().name(), r.param().type());
        case WeightField.Packed p -> field.addJavadoc("$L packed in panels of $L columns for the matmul kernels$L$L.\n",
            p.param().name(), p.width(), p.storage() == DType.F32 ? "" : ", in " + p.storage().spelling(),
            p.offHeap() ? ", off the heap and aligned to a cache line" : "");
        case WeightField.Columns c -> field.addJavadoc("The scale of each output column of $L$L, zero-padded to $L.\n",
            c.param().name(), c.bias().map(b -> ", then " + b.name()).orElse(""), c.padded());
        case WeightField.Padded p -> field.addJavadoc("$L zero-padded to $L, whole panels.\n", p.param().name(),
            p.padded());
      }
      type.addField(field.build());
    }
    type.addField(FieldSpec.builder(GemmKernelWriter.EXECUTOR, "executor", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Where the largest layers run their second half; null for the calling thread only.\n")
        .build());
  }

  /** A field's type: an array of its element type, or off-heap memory for packed weights from Java 22 on. */
  private static TypeName fieldType(WeightField f) {
    return f instanceof WeightField.Packed p && p.offHeap() ? GemmKernelWriter.MEMORY_SEGMENT : JavaCode.arrayOf(f.dtype());
  }

  /** From the parameters as loaded: packs and pads what the kernels read in another layout. */
  private MethodSpec constructor() {
    MethodSpec.Builder c = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE);
    for (NetworkPlan.Parameter p : plan.parameters()) {
      c.addParameter(parameterType(p), p.variable());
    }
    for (WeightField f : plan.fields()) {
      String variable = variable(f);
      switch (f) {
        case WeightField.Raw r -> c.addStatement("this.$N = $N", r.field(), variable);
        case WeightField.Packed p -> {
          if (p.offHeap()) {
            c.addStatement("this.$N = packOffHeap($N, $L, $L, $L, $L)", p.field(), variable, p.k(), p.n(),
                p.transposed(), p.width());
          } else {
            c.addStatement("this.$N = $T.packPanels($N, $L, $L, $L, $L)", p.field(), LAYOUT, variable, p.k(), p.n(),
                p.transposed(), p.width());
          }
        }
        case WeightField.Padded p -> c.addStatement("this.$N = $T.padded($N, $L)", p.field(), LAYOUT, variable,
            p.padded());
        case WeightField.Columns p -> c.addStatement("this.$N = $T.columns($N, $L, $L, $L, $L, $L)", p.field(), LAYOUT,
            variable, p.bias().map(b -> variable(b.name())).orElse("null"), p.k(), p.n(), p.transposed(), p.padded());
      }
    }
    c.addStatement("this.executor = $T.DEFAULT", GemmKernelWriter.PARALLEL);
    return c.build();
  }

  /** The constructor's argument a field is made from. */
  private String variable(WeightField f) {
    return variable(f.param().name());
  }

  private String variable(String param) {
    return plan.parameters().stream().filter(p -> p.param().name().equals(param)).findFirst().orElseThrow()
        .variable();
  }

  /**
   * The constructor's type for a parameter: an array of its element type, or for an {@code i8}
   * weight its values with their scales.
   */
  private static TypeName parameterType(NetworkPlan.Parameter p) {
    return p.param().type().dtype() == DType.I8 ? INT8_WEIGHT : JavaCode.arrayOf(p.param().type().dtype());
  }

  /** The copy constructor of {@code withExecutor}: the same weights, another executor. */
  private MethodSpec copyConstructor() {
    MethodSpec.Builder c = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
        .addParameter(facade, "other")
        .addParameter(GemmKernelWriter.EXECUTOR, "executor");
    plan.fields().forEach(f -> c.addStatement("this.$N = other.$N", f.field(), f.field()));
    c.addStatement("this.executor = executor");
    return c.build();
  }

  /** The constructor of {@code fromResource()}: every field read as stored, already packed and padded. */
  private MethodSpec resourceConstructor() {
    MethodSpec.Builder c = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
        .addParameter(PARAM_LOADER, "weights")
        .addParameter(GemmKernelWriter.EXECUTOR, "executor")
        .addException(IOException.class);
    for (WeightField f : plan.fields()) {
      CodeBlock read = CodeBlock.of("weights.$L($S, $LL)", JavaCode.loader(f.dtype()), f.field(), f.length());
      boolean offHeap = f instanceof WeightField.Packed p && p.offHeap();
      c.addStatement(offHeap ? "this.$N = offHeap($L)" : "this.$N = $L", f.field(), read);
    }
    c.addStatement("this.executor = executor");
    return c.build();
  }

  /** The factories' paragraph on the warm-up, when there is one. */
  private String warmUpDoc() {
    return warmedUp.isEmpty() ? "" : "<p>The first network of this class in a JVM drives its kernels through the JIT "
        + "before it is returned (a second or so, on this thread), so that forward passes run at full speed from the "
        + "first; {@code -Dnetc.warmup=false} leaves that to the first calls.\n\n";
  }

  private void factories(TypeSpec.Builder type) {
    if (!plan.readsFile()) {
      type.addMethod(MethodSpec.methodBuilder("create")
          .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
          .returns(facade)
          .addJavadoc("The network with the parameter values written in its spec.\n\n" + warmUpDoc()
              + "@throws IllegalStateException if the JVM lacks {@code --add-modules jdk.incubator.vector}\n")
          .addStatement("$T.require($S)", VECTOR_SUPPORT, plan.className())
          .addStatement("return new $T($L)$L", facade, CodeBlock.join(plan.parameters().stream()
              .map(this::inlineArgument).toList(), ", "), warm())
          .build());
      return;
    }
    type.addMethod(MethodSpec.methodBuilder("fromResource")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(facade)
        .addException(IOException.class)
        .addJavadoc("The network with the weights `netc compile` placed beside this class, {@value #WEIGHTS_RESOURCE}, "
            + "stored already in the layout the kernels read, so nothing is repacked.\n\n" + warmUpDoc()
            + "@throws java.io.IOException if the resource is missing or does not fit the network\n"
            + "@throws IllegalStateException if the JVM lacks {@code --add-modules jdk.incubator.vector}\n")
        .addStatement("$T.require($S)", VECTOR_SUPPORT, plan.className())
        .beginControlFlow("try ($T weights = $T.resource($T.class, WEIGHTS_RESOURCE))", PARAM_LOADER, PARAM_LOADER,
            facade)
        .addStatement("return new $T(weights, $T.DEFAULT)$L", facade, GemmKernelWriter.PARALLEL, warm())
        .endControlFlow()
        .build());
    type.addMethod(MethodSpec.methodBuilder("load")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(facade)
        .addParameter(Path.class, "file")
        .addException(IOException.class)
        .addJavadoc("The network with weights read from {@code file} (.safetensors, .npz or .npy), each tensor checked "
            + "against the shape the spec declares.\n\n" + warmUpDoc()
            + "@throws java.io.IOException if the file cannot be read, lacks a tensor, or a tensor's shape differs\n"
            + "@throws IllegalStateException if the JVM lacks {@code --add-modules jdk.incubator.vector}\n")
        .addStatement("$T.require($S)", VECTOR_SUPPORT, plan.className())
        .beginControlFlow("try ($T weights = $T.open(file))", PARAM_LOADER, PARAM_LOADER)
        .addStatement("return load(weights)")
        .endControlFlow()
        .build());
    List<CodeBlock> args = new ArrayList<>();
    for (NetworkPlan.Parameter p : plan.parameters()) {
      args.add(switch (p.param().source()) {
        case Graph.ParamSource.Inline inline -> inlineArgument(p);
        case Graph.ParamSource.FromFile file -> p.param().type().dtype() == DType.I8
            ? CodeBlock.of("weights.int8($S, $L, $L, $L)", file.key(), plan.graph().outputAxis(p.param().name()),
                p.param().shape().dim(0).value(), p.param().shape().dim(1).value())
            : CodeBlock.of("weights.$L($S, $L)", JavaCode.loader(p.param().type().dtype()),
                file.key(), CodeBlock.join(p.param().shape().dims().stream().map(d -> CodeBlock.of("$LL", d.value()))
                    .toList(), ", "));
      });
    }
    type.addMethod(MethodSpec.methodBuilder("load")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(facade)
        .addParameter(PARAM_LOADER, "weights")
        .addException(IOException.class)
        .addStatement("return new $T($L)$L", facade, CodeBlock.join(args, ",\n    "), warm())
        .build());
  }

  /**
   * A parameter's inline values from the spec, as the constructor takes them: a copy of the
   * floats, or for a compressed weight the floats rounded to bfloat16 or quantized to 8 bits.
   */
  private CodeBlock inlineArgument(NetworkPlan.Parameter p) {
    String values = p.inlineField().orElseThrow();
    return switch (p.param().type().dtype()) {
      case BF16 -> CodeBlock.of("$T.toBfloat16($N)", HALF_PRECISION, values);
      case I8 -> CodeBlock.of("$T.quantize($N, $L, $L, $L, $S)", INT8_WEIGHT, values, p.param().shape().dim(0).value(),
          p.param().shape().dim(1).value(), plan.graph().outputAxis(p.param().name()), p.param().name());
      default -> CodeBlock.of("$N.clone()", values);
    };
  }

  /**
   * {@code packOffHeap(w, k, n, transposed, width)}: a weight packed off the heap, panel by panel, in
   * its storage type: floats, bfloat16 bits ({@code short[]}), or an {@code Int8Weight}'s values.
   */
  private static MethodSpec packOffHeap(DType storage) {
    TypeName weight = switch (storage) {
      case BF16 -> TypeName.get(short[].class);
      case I8 -> INT8_WEIGHT;
      default -> TypeName.get(float[].class);
    };
    String form = switch (storage) {
      case BF16 -> ", as bfloat16 bits";
      case I8 -> ", as its 8-bit values (the scales go to the layer's columns)";
      default -> "";
    };
    String bytes = byteSize(storage).isEmpty() ? "" : " * " + byteSize(storage);
    return MethodSpec.methodBuilder("packOffHeap")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(GemmKernelWriter.MEMORY_SEGMENT)
        .addParameter(weight, "w")
        .addParameter(TypeName.INT, "k")
        .addParameter(TypeName.INT, "n")
        .addParameter(TypeName.BOOLEAN, "transposed")
        .addParameter(TypeName.INT, "width")
        .addJavadoc("{@code w} packed as {@code Layout.packPanels} lays it out$L, into memory aligned to a 64-byte "
            + "cache line that the garbage collector frees once this network is unreachable; one panel at a time "
            + "goes through a small array, so the packed weight is never on the heap whole.\n", form)
        .addStatement("int panels = (n + width - 1) / width")
        .addStatement("$T panel = new $T[k * width]", JavaCode.arrayOf(storage),
            ((com.palantir.javapoet.ArrayTypeName) JavaCode.arrayOf(storage)).componentType())
        .addStatement("$T segment = $T.ofAuto().allocate((long) panels * panel.length$L, 64)",
            GemmKernelWriter.MEMORY_SEGMENT, ARENA, bytes)
        .beginControlFlow("for (int p = 0; p < panels; p++)")
        .addStatement("$T.packPanel(w, k, n, transposed, width, p, panel, 0)", LAYOUT)
        .addStatement("$T.copy(panel, 0, segment, $T.$L, (long) p * panel.length$L, panel.length)",
            GemmKernelWriter.MEMORY_SEGMENT, GemmKernelWriter.VALUE_LAYOUT, valueLayout(storage), bytes)
        .endControlFlow()
        .addStatement("return segment")
        .build();
  }

  /** {@code Float.BYTES} or {@code Short.BYTES}: a stored element's size in generated code; empty for a byte. */
  private static String byteSize(DType storage) {
    return switch (storage) {
      case F32 -> "Float.BYTES";
      case BF16 -> "Short.BYTES";
      case I8 -> "";
      default -> throw new IllegalStateException("no weights are stored as " + storage);
    };
  }

  /** The {@code ValueLayout} constant of a stored element. */
  private static String valueLayout(DType storage) {
    return switch (storage) {
      case F32 -> "JAVA_FLOAT";
      case BF16 -> "JAVA_SHORT";
      case I8 -> "JAVA_BYTE";
      default -> throw new IllegalStateException("no weights are stored as " + storage);
    };
  }

  /** {@code offHeap(values)}: a packed weight copied off the heap, aligned to a cache line. */
  private static MethodSpec offHeap(DType storage) {
    TypeName array = JavaCode.arrayOf(storage);
    String bytes = byteSize(storage).isEmpty() ? "" : " * " + byteSize(storage);
    return MethodSpec.methodBuilder("offHeap")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(GemmKernelWriter.MEMORY_SEGMENT)
        .addParameter(array, "values")
        .addJavadoc("{@code values} copied to memory aligned to a 64-byte cache line, which the garbage collector "
            + "frees once this network is unreachable: every vector load of the kernels then reads exactly one "
            + "cache line, where a {@code $T} starts wherever the collector put it.\n", array)
        .addStatement("$T segment = $T.ofAuto().allocate((long) values.length$L, 64)",
            GemmKernelWriter.MEMORY_SEGMENT, ARENA, bytes)
        .addStatement("$T.copy(values, 0, segment, $T.$L, 0, values.length)", GemmKernelWriter.MEMORY_SEGMENT,
            GemmKernelWriter.VALUE_LAYOUT, valueLayout(storage))
        .addStatement("return segment")
        .build();
  }

}
