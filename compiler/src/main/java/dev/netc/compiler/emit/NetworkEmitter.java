package dev.netc.compiler.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Generates the Java for one network: a public facade class named after the
 * network (factories that load and check the weights, {@code forward}) and a
 * package-private {@code <Name>Kernels} class with the shape-specialized
 * matmul kernels. The facade touches no Vector API type itself, so a JVM
 * without the module fails in the factory with one clear message.
 *
 * <p>Output is deterministic: everything is emitted in the IR's order, and
 * nothing depends on time or hash order.
 */
public final class NetworkEmitter {
  static final TypeName FLOATS = ArrayTypeName.of(TypeName.FLOAT);
  static final ClassName WORKSPACE = ClassName.get("dev.netc.runtime", "Workspace");
  static final ClassName CHECKS = ClassName.get("dev.netc.runtime", "Checks");
  static final ClassName VECTOR_SUPPORT = ClassName.get("dev.netc.runtime", "VectorSupport");
  static final ClassName PARAM_LOADER = ClassName.get("dev.netc.runtime", "ParamLoader");
  static final ClassName INLINE_WEIGHTS = ClassName.get("dev.netc.runtime", "InlineWeights");
  static final ClassName LAYOUT = ClassName.get("dev.netc.runtime.kernels", "Layout");

  private final IrGraph graph;
  private final EmitOptions options;
  private final ClassName facade;
  private final ClassName kernels;
  private final NameAllocator names = new NameAllocator();
  private final Map<String, String> paramFields = new LinkedHashMap<>();
  private final Map<String, String> packedFields = new LinkedHashMap<>();
  private final Map<String, String> paddedFields = new LinkedHashMap<>();
  private final Map<String, GemmKernelEmitter.Plan> plans = new LinkedHashMap<>();
  /** Parameters some kernel reads as loaded (not only packed or padded): they keep a field. */
  private final java.util.Set<String> rawParams = new java.util.LinkedHashSet<>();

  private NetworkEmitter(IrGraph graph, EmitOptions options) {
    this.graph = graph;
    this.options = options;
    this.facade = ClassName.get(options.packageName(), graph.name());
    this.kernels = ClassName.get(options.packageName(), graph.name() + "Kernels");
  }

  /** The Java sources for {@code graph}, and its weights file as a resource when it has one. */
  public static GeneratedNetwork emit(IrGraph graph, EmitOptions options) throws IOException {
    return new NetworkEmitter(graph, options).emit();
  }

  private GeneratedNetwork emit() throws IOException {
    for (String reserved : List.of("workspace", "forward", "create", "load", "fromResource", "weights", "outputs",
        "WEIGHTS_RESOURCE", "executor", "withExecutor", "other")) {
      names.newName(reserved, "reserved:" + reserved);
    }
    for (IrGraph.Param p : graph.params()) {
      paramFields.put(p.name(), names.newName(p.name(), "param:" + p.name()));
    }
    planKernels();
    findRawUses();
    ForwardWriter forward = new ForwardWriter(graph, facade, kernels, names, paramFields, packedFields, paddedFields,
        plans);
    TypeSpec.Builder type = TypeSpec.classBuilder(facade)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addAnnotation(AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
            .addMember("value", "$S", "dev.netc.compiler")
            .addMember("comments", "$S", "from " + graph.sourceName())
            .build())
        .addJavadoc(ClassDoc.of(graph, forward));
    addFields(type);
    type.addField(FieldSpec.builder(GemmKernelEmitter.EXECUTOR, "executor", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Where the largest layers run their second half; null for the calling thread only.\n")
        .build());
    type.addMethod(constructor());
    type.addMethod(copyConstructor());
    if (usesFile()) {
      type.addMethod(fieldsConstructor());
    }
    addFactories(type);
    type.addMethod(withExecutor());
    if (options.offHeapWeights() && !packedFields.isEmpty()) {
      type.addMethod(packOffHeap());
      if (usesFile()) {
        type.addMethod(offHeap());
      }
    }
    forward.addTo(type);
    Map<String, byte[]> resources = new LinkedHashMap<>();
    // The weights become a resource beside the class when the file exists at compile time: a
    // safetensors file with exactly the tensors the network reads, converted to f32 once here.
    // A network whose weights arrive later (written by the caller, too large to ship) loads
    // them with load(Path).
    if (graph.weights().isPresent() && usesFile() && Files.isRegularFile(graph.weights().get())) {
      resources.put(graph.name() + ".safetensors", resourceBytes(graph.weights().get()));
    }
    List<JavaFile> sources = new ArrayList<>();
    sources.add(file(type.build()));
    sources.add(file(kernelsType()));
    return new GeneratedNetwork(graph.name(), sources, resources);
  }

  /**
   * The weights resource: every field of the class, already in the layout the kernels
   * read (packed panels, padded biases), named after the field, so that
   * {@code fromResource()} only reads arrays and packs nothing.
   */
  private byte[] resourceBytes(Path weights) throws IOException {
    dev.netc.runtime.weights.SafetensorsWriter writer = new dev.netc.runtime.weights.SafetensorsWriter();
    try (dev.netc.runtime.weights.WeightFile file = dev.netc.runtime.weights.WeightFile.open(weights)) {
      Map<String, float[]> values = new LinkedHashMap<>();
      for (IrGraph.Param p : graph.params()) {
        values.put(p.name(), switch (p.source()) {
          case Graph.ParamSource.Inline inline -> inline.values();
          case Graph.ParamSource.FromFile f -> file.readFloats(f.key());
        });
      }
      for (Map.Entry<String, float[]> field : fieldValues(values).entrySet()) {
        writer.add(field.getKey(), field.getValue(), field.getValue().length);
      }
    }
    return writer.toBytes();
  }

  /** Each field's values, in the order the fields constructor takes them. */
  private Map<String, float[]> fieldValues(Map<String, float[]> params) {
    Map<String, float[]> fields = new LinkedHashMap<>();
    for (IrGraph.Param p : graph.params()) {
      if (rawParams.contains(p.name())) {
        fields.put(paramFields.get(p.name()), params.get(p.name()));
      }
    }
    packedFields.forEach((key, field) -> {
      String[] parts = key.split(":");
      IrGraph.Param p = graph.param(parts[0]).orElseThrow();
      boolean transposed = parts.length == 3;
      int k = (int) (transposed ? p.shape().dim(1).value() : p.shape().dim(0).value());
      int n = (int) (transposed ? p.shape().dim(0).value() : p.shape().dim(1).value());
      fields.put(field, dev.netc.runtime.kernels.Layout.packPanels(params.get(p.name()), k, n, transposed,
          Integer.parseInt(parts[parts.length - 1])));
    });
    paddedFields.forEach((key, field) -> {
      String[] parts = key.split(":");
      fields.put(field, dev.netc.runtime.kernels.Layout.padded(params.get(parts[0]), Integer.parseInt(parts[1])));
    });
    return fields;
  }

  /** The length of each weight field: what the resource must hold for it. */
  private Map<String, Integer> fieldLengths() {
    Map<String, Integer> lengths = new LinkedHashMap<>();
    for (IrGraph.Param p : graph.params()) {
      if (rawParams.contains(p.name())) {
        lengths.put(paramFields.get(p.name()), (int) p.shape().elementCount().value());
      }
    }
    packedFields.forEach((key, field) -> {
      String[] parts = key.split(":");
      IrGraph.Param p = graph.param(parts[0]).orElseThrow();
      boolean transposed = parts.length == 3;
      long k = transposed ? p.shape().dim(1).value() : p.shape().dim(0).value();
      long n = transposed ? p.shape().dim(0).value() : p.shape().dim(1).value();
      long width = Long.parseLong(parts[parts.length - 1]);
      // As Layout.packPanels lays it out: whole panels of `width` columns, k rows each.
      lengths.put(field, (int) ((n + width - 1) / width * k * width));
    });
    paddedFields.forEach((key, field) -> lengths.put(field, Integer.parseInt(key.split(":")[1])));
    return lengths;
  }

  /** The names of the fields that hold weights, in the order of {@link #fieldValues}. */
  private List<String> fieldNames() {
    List<String> names = new ArrayList<>();
    for (IrGraph.Param p : graph.params()) {
      if (rawParams.contains(p.name())) {
        names.add(paramFields.get(p.name()));
      }
    }
    names.addAll(packedFields.values());
    names.addAll(paddedFields.values());
    return names;
  }

  /**
   * The constructor of {@code fromResource()}: every field given as stored, in
   * {@link #fieldNames()} order, nothing packed at load time.
   */
  private MethodSpec fieldsConstructor() {
    MethodSpec.Builder c = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
        .addParameter(ArrayTypeName.of(FLOATS), "fields")
        .addParameter(GemmKernelEmitter.EXECUTOR, "executor");
    List<String> fields = fieldNames();
    for (int i = 0; i < fields.size(); i++) {
      boolean offHeap = options.offHeapWeights() && packedFields.containsValue(fields.get(i));
      c.addStatement(offHeap ? "this.$N = offHeap(fields[$L])" : "this.$N = fields[$L]", fields.get(i), i);
    }
    c.addStatement("this.executor = executor");
    return c.build();
  }

  private JavaFile file(TypeSpec type) {
    return JavaFile.builder(options.packageName(), type)
        .addFileComment("Generated by netc from $L. Do not edit: change the spec and compile it again.",
            graph.sourceName())
        .indent("  ")
        .skipJavaLangImports(true)
        .build();
  }

  private boolean usesFile() {
    return graph.params().stream().anyMatch(p -> p.source() instanceof Graph.ParamSource.FromFile);
  }

  /** One kernel per gemm node; its weight is packed once per (parameter, layout). */
  private void planKernels() {
    NameAllocator kernelNames = new NameAllocator();
    long weightBytes = graph.params().stream().mapToLong(p -> p.shape().elementCount().value() * Float.BYTES).sum();
    for (IrNode n : graph.nodes()) {
      if (n.op() instanceof Op.Gemm gemm) {
        IrNode w = graph.node(n.inputs().get(1));
        String param = ((Op.Param) w.op()).name();
        int k = (int) (gemm.transposed() ? w.shape().dim(1).value() : w.shape().dim(0).value());
        int out = (int) (gemm.transposed() ? w.shape().dim(0).value() : w.shape().dim(1).value());
        GemmKernelEmitter.Plan plan = new GemmKernelEmitter.Plan(kernelNames.newName(camel(n.name()), n.id()), k, out,
            options.lanes(), options.l2Bytes(), options.l3Bytes(), weightBytes, options.tileRows(), options.tileVectors(),
            options.offHeapWeights(), gemm);
        plans.put(n.name(), plan);
        String key = param + (gemm.transposed() ? ":T" : "") + ":" + plan.panelWidth();
        packedFields.computeIfAbsent(key, x -> names.newName(param + "_packed", "packed:" + x));
        if (gemm.hasBias()) {
          String bias = ((Op.Param) graph.node(n.inputs().get(2)).op()).name();
          String biasKey = bias + ":" + plan.panels() * plan.panelWidth();
          paddedFields.computeIfAbsent(biasKey, x -> names.newName(bias + "_padded", "padded:" + x));
        }
      }
    }
  }

  private void findRawUses() {
    for (IrNode n : graph.nodes()) {
      for (int i = 0; i < n.inputs().size(); i++) {
        IrNode operand = graph.node(n.inputs().get(i));
        boolean packed = n.op() instanceof Op.Gemm g && (i == 1 || (i == 2 && g.hasBias()));
        if (operand.op() instanceof Op.Param p && !packed) {
          rawParams.add(p.name());
        }
      }
    }
    for (IrGraph.Output o : graph.outputs()) {
      if (graph.node(o.node()).op() instanceof Op.Param p) {
        rawParams.add(p.name());
      }
    }
  }

  static String camel(String name) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '_' || c == '.' || c == '-') {
        upper = out.length() > 0;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  private void addFields(TypeSpec.Builder type) {
    for (IrGraph.Param p : graph.params()) {
      if (rawParams.contains(p.name())) {
        type.addField(FieldSpec.builder(FLOATS, paramFields.get(p.name()), Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("$L: $L, as loaded.\n", p.name(), p.shape())
            .build());
      }
    }
    packedFields.forEach((key, field) -> type.addField(FieldSpec.builder(packedType(), field, Modifier.PRIVATE,
            Modifier.FINAL)
        .addJavadoc("$L packed in panels for the matmul kernels$L.\n", key.substring(0, key.indexOf(':')),
            options.offHeapWeights() ? ", off the heap and aligned to a cache line" : "")
        .build()));
    paddedFields.forEach((key, field) -> type.addField(FieldSpec.builder(FLOATS, field, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L zero-padded to whole panels.\n", key.substring(0, key.indexOf(':')))
        .build()));
    for (IrGraph.Param p : graph.params()) {
      if (p.source() instanceof Graph.ParamSource.Inline inline) {
        List<String> chunks = chunks(dev.netc.runtime.InlineWeights.encode(inline.values()));
        CodeBlock.Builder init = CodeBlock.builder().add("$T.decode($L", INLINE_WEIGHTS, inline.values().length);
        for (String c : chunks) {
          init.add(",\n    $S", c);
        }
        init.add(")");
        type.addField(FieldSpec.builder(FLOATS, inlineName(p), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("The inline values of $L from the spec, Base64 of little-endian floats.\n", p.name())
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

  private String inlineName(IrGraph.Param p) {
    return names.newName(p.name().toUpperCase(java.util.Locale.ROOT) + "_VALUES", "inline:" + p.name());
  }

  private String inlineField(IrGraph.Param p) {
    return names.get("inline:" + p.name());
  }

  /** The type of a packed weight's field: a {@code float[]}, or off-heap memory from Java 22 on. */
  private TypeName packedType() {
    return options.offHeapWeights() ? GemmKernelEmitter.MEMORY_SEGMENT : FLOATS;
  }

  private static final ClassName ARENA = ClassName.get("java.lang.foreign", "Arena");

  /** {@code packOffHeap(w, k, n, transposed, width)}: a weight packed off the heap, panel by panel. */
  private static MethodSpec packOffHeap() {
    return MethodSpec.methodBuilder("packOffHeap")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(GemmKernelEmitter.MEMORY_SEGMENT)
        .addParameter(FLOATS, "w")
        .addParameter(TypeName.INT, "k")
        .addParameter(TypeName.INT, "n")
        .addParameter(TypeName.BOOLEAN, "transposed")
        .addParameter(TypeName.INT, "width")
        .addJavadoc("{@code w} packed as {@code Layout.packPanels} lays it out, into memory aligned to a 64-byte "
            + "cache line that the garbage collector frees once this network is unreachable; one panel at a time "
            + "goes through a small array, so the packed weight is never on the heap whole.\n")
        .addStatement("int panels = (n + width - 1) / width")
        .addStatement("float[] panel = new float[k * width]")
        .addStatement("$T segment = $T.ofAuto().allocate((long) panels * panel.length * Float.BYTES, 64)",
            GemmKernelEmitter.MEMORY_SEGMENT, ARENA)
        .beginControlFlow("for (int p = 0; p < panels; p++)")
        .addStatement("$T.packPanel(w, k, n, transposed, width, p, panel, 0)", LAYOUT)
        .addStatement("$T.copy(panel, 0, segment, $T.JAVA_FLOAT, (long) p * panel.length * Float.BYTES, panel.length)",
            GemmKernelEmitter.MEMORY_SEGMENT, GemmKernelEmitter.VALUE_LAYOUT)
        .endControlFlow()
        .addStatement("return segment")
        .build();
  }

  /** {@code offHeap(values)}: a packed weight copied off the heap, aligned to a cache line. */
  private static MethodSpec offHeap() {
    return MethodSpec.methodBuilder("offHeap")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(GemmKernelEmitter.MEMORY_SEGMENT)
        .addParameter(FLOATS, "values")
        .addJavadoc("{@code values} copied to memory aligned to a 64-byte cache line, which the garbage collector "
            + "frees once this network is unreachable: every vector load of the kernels then reads exactly one "
            + "cache line, where a {@code float[]} starts wherever the collector put it.\n")
        .addStatement("$T segment = $T.ofAuto().allocate((long) values.length * Float.BYTES, 64)",
            GemmKernelEmitter.MEMORY_SEGMENT, ARENA)
        .addStatement("$T.copy(values, 0, segment, $T.JAVA_FLOAT, 0, values.length)", GemmKernelEmitter.MEMORY_SEGMENT,
            GemmKernelEmitter.VALUE_LAYOUT)
        .addStatement("return segment")
        .build();
  }

  /** The copy constructor of {@code withExecutor}: the same arrays, another executor. */
  private MethodSpec copyConstructor() {
    MethodSpec.Builder c = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
        .addParameter(facade, "other")
        .addParameter(GemmKernelEmitter.EXECUTOR, "executor");
    for (IrGraph.Param p : graph.params()) {
      if (rawParams.contains(p.name())) {
        c.addStatement("this.$N = other.$N", paramFields.get(p.name()), paramFields.get(p.name()));
      }
    }
    packedFields.values().forEach(f -> c.addStatement("this.$N = other.$N", f, f));
    paddedFields.values().forEach(f -> c.addStatement("this.$N = other.$N", f, f));
    c.addStatement("this.executor = executor");
    return c.build();
  }

  private MethodSpec withExecutor() {
    return MethodSpec.methodBuilder("withExecutor")
        .addModifiers(Modifier.PUBLIC)
        .returns(facade)
        .addParameter(GemmKernelEmitter.EXECUTOR, "executor")
        .addJavadoc("This network, splitting its largest layers over {@code executor} instead of netc's default pool; "
            + "{@code null} runs every layer on the calling thread. The weights are shared, not copied.\n")
        .addStatement("return new $T(this, executor)", facade)
        .build();
  }

  private MethodSpec constructor() {
    MethodSpec.Builder c = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE);
    for (IrGraph.Param p : graph.params()) {
      String f = paramFields.get(p.name());
      c.addParameter(FLOATS, f);
      if (rawParams.contains(p.name())) {
        c.addStatement("this.$N = $N", f, f);
      }
    }
    packedFields.forEach((key, field) -> {
      String[] parts = key.split(":");
      IrGraph.Param p = graph.param(parts[0]).orElseThrow();
      boolean transposed = parts.length == 3;
      int width = Integer.parseInt(parts[parts.length - 1]);
      long k = transposed ? p.shape().dim(1).value() : p.shape().dim(0).value();
      long n = transposed ? p.shape().dim(0).value() : p.shape().dim(1).value();
      if (options.offHeapWeights()) {
        c.addStatement("this.$N = packOffHeap($N, $L, $L, $L, $L)", field, paramFields.get(p.name()), k, n,
            transposed, width);
      } else {
        c.addStatement("this.$N = $T.packPanels($N, $L, $L, $L, $L)", field, LAYOUT, paramFields.get(p.name()), k, n,
            transposed, width);
      }
    });
    paddedFields.forEach((key, field) -> {
      String[] parts = key.split(":");
      c.addStatement("this.$N = $T.padded($N, $L)", field, LAYOUT, paramFields.get(parts[0]), parts[1]);
    });
    c.addStatement("this.executor = $T.DEFAULT", GemmKernelEmitter.PARALLEL);
    return c.build();
  }

  private void addFactories(TypeSpec.Builder type) {
    if (!usesFile()) {
      MethodSpec.Builder create = MethodSpec.methodBuilder("create")
          .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
          .returns(facade)
          .addJavadoc("The network with the parameter values written in its spec.\n\n"
              + "@throws IllegalStateException if the JVM lacks {@code --add-modules jdk.incubator.vector}\n")
          .addStatement("$T.require($S)", VECTOR_SUPPORT, graph.name());
      List<CodeBlock> args = new ArrayList<>();
      for (IrGraph.Param p : graph.params()) {
        args.add(CodeBlock.of("$N.clone()", inlineField(p)));
      }
      create.addStatement("return new $T($L)", facade, CodeBlock.join(args, ", "));
      type.addMethod(create.build());
      return;
    }
    String resource = graph.name() + ".safetensors";
    type.addField(FieldSpec.builder(String.class, "WEIGHTS_RESOURCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The weights resource {@link #fromResource()} reads, beside this class.\n")
        .initializer("$S", resource)
        .build());
    MethodSpec.Builder fromResource = MethodSpec.methodBuilder("fromResource")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(facade)
        .addException(IOException.class)
        .addJavadoc("The network with the weights `netc compile` placed beside this class, {@value #WEIGHTS_RESOURCE}, "
            + "stored already in the layout the kernels read, so nothing is repacked.\n\n"
            + "@throws java.io.IOException if the resource is missing or does not fit the network\n"
            + "@throws IllegalStateException if the JVM lacks {@code --add-modules jdk.incubator.vector}\n")
        .addStatement("$T.require($S)", VECTOR_SUPPORT, graph.name())
        .beginControlFlow("try ($T weights = $T.resource($T.class, WEIGHTS_RESOURCE))", PARAM_LOADER, PARAM_LOADER, facade);
    List<CodeBlock> reads = new ArrayList<>();
    Map<String, Integer> lengths = fieldLengths();
    for (String field : fieldNames()) {
      reads.add(CodeBlock.of("weights.load($S, $LL)", field, lengths.get(field)));
    }
    fromResource.addStatement("return new $T(new float[][] {\n$L}, $T.DEFAULT)", facade,
            CodeBlock.join(reads, ",\n"), GemmKernelEmitter.PARALLEL)
        .endControlFlow();
    type.addMethod(fromResource.build());
    type.addMethod(MethodSpec.methodBuilder("load")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(facade)
        .addParameter(Path.class, "file")
        .addException(IOException.class)
        .addJavadoc("The network with weights read from {@code file} (.safetensors, .npz or .npy), each tensor checked "
            + "against the shape the spec declares.\n\n"
            + "@throws java.io.IOException if the file cannot be read, lacks a tensor, or a tensor's shape differs\n"
            + "@throws IllegalStateException if the JVM lacks {@code --add-modules jdk.incubator.vector}\n")
        .addStatement("$T.require($S)", VECTOR_SUPPORT, graph.name())
        .beginControlFlow("try ($T weights = $T.open(file))", PARAM_LOADER, PARAM_LOADER)
        .addStatement("return load(weights)")
        .endControlFlow()
        .build());
    MethodSpec.Builder load = MethodSpec.methodBuilder("load")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(facade)
        .addParameter(PARAM_LOADER, "weights")
        .addException(IOException.class);
    List<CodeBlock> args = new ArrayList<>();
    for (IrGraph.Param p : graph.params()) {
      args.add(switch (p.source()) {
        case Graph.ParamSource.Inline inline -> CodeBlock.of("$N.clone()", inlineField(p));
        case Graph.ParamSource.FromFile file -> CodeBlock.of("weights.load($S, $L)", file.key(), shapeArgs(p.shape()));
      });
    }
    load.addStatement("return new $T($L)", facade, CodeBlock.join(args, ",\n    "));
    type.addMethod(load.build());
  }

  private static String shapeArgs(Shape s) {
    List<String> parts = new ArrayList<>();
    for (Dim d : s.dims()) {
      parts.add(d.value() + "L");
    }
    return String.join(", ", parts);
  }

  private TypeSpec kernelsType() {
    GemmKernelEmitter gemms = new GemmKernelEmitter();
    for (IrNode n : graph.nodes()) {
      GemmKernelEmitter.Plan plan = plans.get(n.name());
      if (plan != null) {
        gemms.emit(plan, "{@code " + n.name() + "}: " + describe(n));
      }
    }
    TypeSpec.Builder type = TypeSpec.classBuilder(kernels)
        .addModifiers(Modifier.FINAL)
        .addJavadoc("The matmul kernels of {@link $T}, specialized to its shapes for $L-bit vectors$L.\n",
            facade, options.vectorBits(), options.offHeapWeights()
                ? ", reading packed weights from off-heap memory aligned to cache lines (Java "
                    + EmitOptions.OFF_HEAP_RELEASE + " or later)" : "")
        .addAnnotation(AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
            .addMember("value", "$S", "dev.netc.compiler")
            .addMember("comments", "$S", "from " + graph.sourceName())
            .build())
        .addField(FieldSpec.builder(ParameterizedTypeName.get(GemmKernelEmitter.VECTOR_SPECIES,
                ClassName.get(Float.class)), "S", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("$T.SPECIES_$L", GemmKernelEmitter.FLOAT_VECTOR, options.vectorBits())
            .build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    if (gemms.usesGemvSpecies()) {
      type.addField(FieldSpec.builder(ParameterizedTypeName.get(GemmKernelEmitter.VECTOR_SPECIES,
              ClassName.get(Float.class)), "H", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("The species of the GEMV kernels: at most 256 bits, which stream weights from memory fastest.\n")
          .initializer("$T.SPECIES_$L", GemmKernelEmitter.FLOAT_VECTOR, Math.min(256, options.vectorBits()))
          .build());
    }
    if (options.offHeapWeights()) {
      type.addField(FieldSpec.builder(GemmKernelEmitter.BYTE_ORDER, "ORDER", Modifier.PRIVATE, Modifier.STATIC,
              Modifier.FINAL)
          .addJavadoc("The byte order of the off-heap weights: they were written as Java floats on this machine.\n")
          .initializer("$T.nativeOrder()", GemmKernelEmitter.BYTE_ORDER)
          .build());
    }
    if (gemms.streamsOffHeap()) {
      type.addField(GemmKernelEmitter.offHeapPrefetchSink());
      type.addMethod(GemmKernelEmitter.offHeapPrefetch());
    }
    gemms.fields().forEach(type::addField);
    gemms.methods().forEach(type::addMethod);
    return type.build();
  }

  private String describe(IrNode n) {
    Op.Gemm g = (Op.Gemm) n.op();
    String x = graph.node(n.inputs().get(0)).name();
    String w = graph.node(n.inputs().get(1)).name() + (g.transposed() ? ".T" : "");
    String core = x + " @ " + w + (g.hasBias() ? " + " + graph.node(n.inputs().get(2)).name() : "");
    if (g.scale() != 1) {
      core = GemmKernelEmitter.floatLiteral(g.scale()) + " * (" + core + ")";
    }
    String activated = g.activation() == dev.netc.runtime.ops.ActivationKind.IDENTITY ? core
        : g.activation().spelling() + "(" + core + ")";
    return g.hasResidual() ? activated + " + " + graph.node(n.inputs().get(n.inputs().size() - 1)).name() : activated;
  }
}
