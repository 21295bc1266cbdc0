package dev.netc.onnx.importer;

import dev.netc.onnx.OnnxAttribute;
import dev.netc.onnx.OnnxDataType;
import dev.netc.onnx.OnnxFormatException;
import dev.netc.onnx.OnnxGraph;
import dev.netc.onnx.OnnxModel;
import dev.netc.onnx.OnnxNode;
import dev.netc.onnx.OnnxTensor;
import dev.netc.onnx.OnnxValueInfo;
import dev.netc.runtime.weights.SafetensorsWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns an ONNX model into a {@code .nn} spec and the weights it reads.
 *
 * <p>The graph is walked once, in the file's order. Each value is either a constant the import
 * computes with (initializers, {@code Constant} nodes, and the shape arithmetic exporters emit:
 * {@code Shape}, {@code Gather}, {@code Concat}, ... folded, with run-time sizes kept symbolic) or a
 * tensor the spec computes, named by a statement. Groups of nodes that spell one netc operation
 * ({@link Patterns}: a dense layer, a decomposed layer norm or GELU, attention) become that
 * operation; every other supported node becomes one statement. Constants a statement needs become
 * parameters, written to the weights file under their ONNX names where those are meaningful.
 *
 * <pre>{@code
 * Imported imported = OnnxImporter.importModel(OnnxReader.read(path), ImportOptions.defaults(), "mlp");
 * Files.writeString(dir.resolve("mlp.nn"), imported.spec());
 * imported.weights().write(dir.resolve("mlp.safetensors"));
 * }</pre>
 */
public final class OnnxImporter {
  /** The oldest and newest default-domain operator sets whose operators this import reads. */
  public static final int MIN_OPSET = 11;

  public static final int MAX_OPSET = 25;

  /** The result of an import. */
  public record Imported(String networkName, String spec, SafetensorsWriter weights, long parameterValues) {}

  private final OnnxModel model;
  private final OnnxGraph graph;
  private final int opset;
  private final ImportOptions options;
  private final Map<String, Value> values = new HashMap<>();
  private final Map<String, Integer> uses = new HashMap<>();
  private final Map<String, OnnxNode> producers = new HashMap<>();
  private final Set<String> graphOutputs = new LinkedHashSet<>();
  private final Names names = new Names();
  private final List<String> lines = new ArrayList<>();
  private final Map<Value.Const, String> params = new IdentityHashMap<>();
  private final Map<String, float[]> weightData = new TreeMap<>();
  private final Map<String, long[]> weightShapes = new TreeMap<>();
  private final Map<String, String> symbolNames = new LinkedHashMap<>();
  private long parameterValues;

  /** Sizes the spec names with {@code dim} statements ({@code 384 -> d_model}), found by a first import. */
  private final Map<Long, String> sizeNames;

  /** What the walk saw of the network's structure, from which {@link #sizeNames} are chosen. */
  private final List<Long> normalizedSizes = new ArrayList<>();
  private final List<Long> headSizes = new ArrayList<>();
  private final List<long[]> denseSizes = new ArrayList<>();

  private OnnxImporter(OnnxModel model, ImportOptions options, Map<Long, String> sizeNames) throws ImportException {
    this.sizeNames = sizeNames;
    this.model = model;
    this.graph = model.graph();
    this.options = options;
    long v = model.defaultOpset().orElseThrow(() -> new ImportException(
        model.file() + " imports no version of the default operator set (ai.onnx); netc reads opsets " + MIN_OPSET
            + " to " + MAX_OPSET));
    if (v < MIN_OPSET || v > MAX_OPSET) {
      throw new ImportException(model.file() + " uses opset " + v + "; netc imports opsets " + MIN_OPSET + " to "
          + MAX_OPSET + (v < MIN_OPSET
              ? ": convert it with onnx.version_converter.convert_version(model, 13)"
              : ": export it at an older opset (opset_version=17)"));
    }
    this.opset = (int) v;
  }

  /**
   * Imports {@code model}.
   *
   * @param fileBase the name of the files to be written, without extension: the spec reads its
   *     weights from {@code fileBase.safetensors}
   * @throws ImportException if the model uses what netc does not support, or its shapes cannot be followed
   * @throws OnnxFormatException if a tensor's data cannot be read
   */
  public static Imported importModel(OnnxModel model, ImportOptions options, String fileBase)
      throws ImportException, OnnxFormatException {
    try {
      OnnxImporter first = new OnnxImporter(model, options, Map.of());
      Imported imported = first.run(fileBase);
      Map<Long, String> sizes = first.recurringSizes();
      return sizes.isEmpty() ? imported : new OnnxImporter(model, options, sizes).run(fileBase);
    } catch (ArithmeticException e) {
      throw new ImportException(model.file() + " computes sizes whose product overflows a 64-bit integer");
    }
  }

  /**
   * The sizes a transformer's spec names: the model width ({@code d_model}, the size its layer
   * norms normalize), the heads and their width ({@code heads}, {@code d_k}, from attention's
   * operands), and the feed-forward width ({@code d_ff}, the units of dense layers from
   * {@code d_model} to another size, other than a fused q, k, v projection's). Each only when the
   * model agrees with itself on it.
   */
  private Map<Long, String> recurringSizes() {
    Map<Long, String> names = new LinkedHashMap<>();
    Optional<Long> dModel = single(normalizedSizes);
    if (dModel.isEmpty() || dModel.get() < 2) {
      return names;
    }
    names.put(dModel.get(), "d_model");
    Optional<Long> dk = single(headSizes);
    if (dk.isPresent() && dk.get() > 1 && dModel.get() % dk.get() == 0 && dModel.get() / dk.get() > 1) {
      long heads = dModel.get() / dk.get();
      if (heads != dk.get()) {
        names.putIfAbsent(heads, "heads");
        names.putIfAbsent(dk.get(), "d_k");
      }
    }
    // A fused q, k, v projection (3 * d_model units) is not the feed-forward layer.
    List<Long> widths = denseSizes.stream()
        .filter(d -> d[0] == dModel.get() && d[1] != dModel.get() && d[1] != 3 * dModel.get())
        .map(d -> d[1]).toList();
    single(widths).filter(w -> w > 1).ifPresent(w -> names.putIfAbsent(w, "d_ff"));
    return names;
  }

  private static Optional<Long> single(List<Long> seen) {
    return seen.isEmpty() || seen.stream().distinct().count() != 1 ? Optional.empty() : Optional.of(seen.get(0));
  }

  /** The {@code dim} statements for {@link #sizeNames}: {@code d_k} written as the quotient it is. */
  private List<String> dimLines() {
    List<String> out = new ArrayList<>();
    Map<String, Long> byName = new HashMap<>();
    sizeNames.forEach((v, n) -> byName.put(n, v));
    for (Map.Entry<Long, String> e : sizeNames.entrySet()) {
      String value = Long.toString(e.getKey());
      if (e.getValue().equals("d_k") && byName.containsKey("heads")) {
        value = "d_model / heads";
      }
      out.add("dim " + e.getValue() + " = " + value);
    }
    return out;
  }

  /** A fixed size as the spec writes it: its {@code dim} name, if it has one. */
  private String size(long n) {
    return sizeNames.getOrDefault(n, Long.toString(n));
  }

  /** {@code mlp_gemm} to {@code MlpGemm}: the default network name for a file. */
  public static String networkName(String fileBase) {
    StringBuilder sb = new StringBuilder();
    boolean upper = true;
    for (char c : fileBase.toCharArray()) {
      if (Character.isLetterOrDigit(c) && c < 128) {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        upper = true;
      }
    }
    if (sb.isEmpty() || !Character.isLetter(sb.charAt(0))) {
      sb.insert(0, "Model");
    }
    return sb.toString();
  }

  private Imported run(String fileBase) throws ImportException, OnnxFormatException {
    refuseUnsupported();
    checkStructure();
    for (OnnxNode node : graph.nodes()) {
      for (String in : node.inputs()) {
        if (!in.isEmpty()) {
          uses.merge(in, 1, Integer::sum);
        }
      }
      for (String out : node.outputs()) {
        producers.put(out, node);
      }
    }
    for (OnnxValueInfo out : graph.outputs()) {
      graphOutputs.add(out.name());
      uses.merge(out.name(), 1, Integer::sum);
    }
    for (OnnxTensor t : graph.initializers()) {
      values.put(t.name(), Value.Const.of(t));
    }
    String networkName = options.name().orElse(networkName(fileBase));
    names.reserve(networkName);
    List<String> inputLines = declareInputs();
    Patterns patterns = new Patterns(graph, this::constant, uses, graphOutputs);
    Map<OnnxNode, Patterns.Group> groups = patterns.find();
    Set<OnnxNode> absorbed = new java.util.HashSet<>();
    for (Patterns.Group g : groups.values()) {
      absorbed.addAll(g.members());
    }
    for (OnnxNode node : graph.nodes()) {
      Patterns.Group group = groups.get(node);
      if (group != null) {
        if (!fused(group)) {
          for (OnnxNode member : group.members()) {
            translate(member);
          }
        }
      } else if (!absorbed.contains(node)) {
        translate(node);
      }
    }
    List<String> outputLines = new ArrayList<>();
    for (OnnxValueInfo out : graph.outputs()) {
      Value v = values.get(out.name());
      if (v == null) {
        throw new ImportException("graph output '" + out.name() + "' is computed by no node");
      }
      if (!(v instanceof Value.Tensor t)) {
        throw new ImportException("graph output '" + out.name() + "' is a constant; netc networks compute their"
            + " outputs from their inputs");
      }
      String name = names.outputName(out.name());
      if (!name.equals(t.ref())) {
        outputLines.add("output " + name + " = " + t.ref() + comment("output " + quote(out.name())));
      } else {
        outputLines.add("output " + name);
      }
    }
    StringBuilder spec = new StringBuilder();
    spec.append("/**\n");
    spec.append(" * Imported from ").append(fileName()).append(" (");
    spec.append(model.producerName().isEmpty() ? "producer not named" : "producer " + model.producerName()
        + (model.producerVersion().isEmpty() ? "" : " " + model.producerVersion()));
    spec.append(", IR version ").append(model.irVersion()).append(", opset ").append(opset).append(").\n");
    spec.append(" *\n * <p>ONNX inputs: ").append(describe(graph.inputs().stream()
        .filter(i -> !isInitializer(i.name())).toList())).append(".\n");
    spec.append(" * ONNX outputs: ").append(describe(graph.outputs())).append(".\n");
    spec.append(" */\n");
    spec.append("network ").append(networkName).append(" {\n");
    if (!weightData.isEmpty()) {
      spec.append("  weights \"").append(fileBase).append(".safetensors\"\n\n");
    }
    for (String l : dimLines()) {
      spec.append("  ").append(l).append('\n');
    }
    if (!sizeNames.isEmpty()) {
      spec.append('\n');
    }
    for (String l : inputLines) {
      spec.append("  ").append(l).append('\n');
    }
    spec.append('\n');
    for (String l : lines) {
      spec.append("  ").append(l).append('\n');
    }
    spec.append('\n');
    for (String l : outputLines) {
      spec.append("  ").append(l).append('\n');
    }
    spec.append("}\n");
    SafetensorsWriter writer = new SafetensorsWriter();
    for (Map.Entry<String, float[]> e : weightData.entrySet()) {
      writer.add(e.getKey(), e.getValue(), weightShapes.get(e.getKey()));
    }
    return new Imported(networkName, spec.toString(), writer, parameterValues);
  }

  private String fileName() {
    java.nio.file.Path p = model.file().getFileName();
    return p == null ? model.file().toString() : p.toString();
  }

  private boolean isInitializer(String name) {
    return graph.initializers().stream().anyMatch(t -> t.name().equals(name));
  }

  private static String describe(List<OnnxValueInfo> infos) {
    List<String> parts = new ArrayList<>();
    for (OnnxValueInfo i : infos) {
      String type = i.elementType().map(OnnxDataType::spelling).orElse("?");
      String shape = i.shape().map(s -> s.stream().map(Object::toString).toList().toString()).orElse("[?]");
      parts.add(i.name() + " " + type + " " + shape);
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  // ---------------------------------------------------------------------------------------------
  // Support

  /** Operators imported as computations of the spec. */
  private static final Set<String> COMPUTED = Set.of("Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Pow", "Sqrt",
      "Erf", "Exp", "Log", "Abs", "Neg", "Reciprocal", "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Gelu", "Softmax",
      "LogSoftmax", "LayerNormalization", "ReduceMean", "ReduceSum", "ReduceMax", "Reshape", "Transpose", "Flatten",
      "Squeeze", "Unsqueeze", "Concat", "Slice", "Split", "Gather", "Identity", "Constant", "ConstantOfShape", "Cast",
      "Where", "Shape", "Dropout");

  /** Operators imported only when every input is a constant (shape arithmetic). */
  private static final Set<String> FOLDED_ONLY = Set.of("Equal", "Range", "Expand", "Floor", "Ceil", "Not", "Size");

  private void refuseUnsupported() throws ImportException {
    Map<String, List<String>> unsupported = new TreeMap<>();
    for (OnnxNode node : graph.nodes()) {
      boolean known = (node.domain().isEmpty() || node.domain().equals("ai.onnx"))
          && (COMPUTED.contains(node.opType()) || FOLDED_ONLY.contains(node.opType()));
      if (!known) {
        String key = node.domain().isEmpty() || node.domain().equals("ai.onnx")
            ? node.opType()
            : node.domain() + "." + node.opType();
        unsupported.computeIfAbsent(key, k -> new ArrayList<>()).add(node.name());
      }
    }
    if (!unsupported.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      sb.append(fileName()).append(" uses ").append(unsupported.size() == 1 ? "an operator" : unsupported.size()
          + " operators").append(" netc does not import (opset ").append(opset).append("):");
      for (Map.Entry<String, List<String>> e : unsupported.entrySet()) {
        List<String> nodes = e.getValue();
        sb.append("\n  ").append(e.getKey()).append(", used by ").append(nodes.size() == 1 ? "node " : nodes.size()
            + " nodes: ").append(String.join(", ", nodes.subList(0, Math.min(5, nodes.size()))));
        if (nodes.size() > 5) {
          sb.append(", ...");
        }
      }
      sb.append("\nnetc imports dense networks and transformer encoders; docs/import.md lists the operators it reads");
      throw new ImportException(sb.toString());
    }
  }

  /** The fewest inputs each operator takes (its required ones), as the operator's definition gives them. */
  private int requiredInputs(String opType) {
    return switch (opType) {
      case "Constant" -> 0;
      case "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Pow", "Gather", "Reshape", "Equal", "Expand",
          "LayerNormalization" -> 2;
      case "Unsqueeze" -> opset >= 13 ? 2 : 1;
      case "Slice", "Range", "Where" -> 3;
      default -> 1;
    };
  }

  /**
   * Every node has its required inputs and one named output at least, and no value is computed
   * twice: what the walk and the patterns rely on, checked once so that a damaged file is refused
   * by name rather than failing somewhere inside.
   */
  private void checkStructure() throws ImportException {
    if (graph.outputs().isEmpty()) {
      throw new ImportException(model.file() + " declares no graph outputs, so nothing it computes reaches the"
          + " caller; a model to import names at least one (graph.output in ONNX)");
    }
    Set<String> outputNames = new java.util.HashSet<>();
    for (OnnxValueInfo out : graph.outputs()) {
      if (!outputNames.add(out.name())) {
        throw new ImportException(model.file() + " lists the graph output '" + out.name() + "' twice; each output"
            + " of a model is a distinct value");
      }
    }
    Set<String> produced = new java.util.HashSet<>();
    for (OnnxValueInfo in : graph.inputs()) {
      produced.add(in.name());
    }
    for (OnnxTensor t : graph.initializers()) {
      produced.add(t.name());
    }
    for (OnnxNode node : graph.nodes()) {
      String what = "node " + node.name() + " (" + node.opType() + ")";
      int required = requiredInputs(node.opType());
      for (int i = 0; i < required; i++) {
        if (node.input(i).isEmpty()) {
          throw new ImportException(what + " lacks its input " + (i + 1) + "; the operator takes at least "
              + required);
        }
      }
      if (node.outputs().isEmpty() || node.outputs().get(0).isEmpty()) {
        throw new ImportException(what + " has no output");
      }
      for (String out : node.outputs()) {
        if (!out.isEmpty() && !produced.add(out)) {
          throw new ImportException(what + " computes '" + out + "', which an input, an initializer or an earlier"
              + " node already is; a value is defined once");
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs

  private List<String> declareInputs() throws ImportException {
    List<String> out = new ArrayList<>();
    for (OnnxValueInfo in : graph.inputs()) {
      if (isInitializer(in.name())) {
        continue;
      }
      OnnxDataType type = in.elementType().orElseThrow(() -> new ImportException(
          "graph input '" + in.name() + "' is not a tensor; netc networks take tensors"));
      String dtype = switch (type) {
        case FLOAT, DOUBLE, FLOAT16, BFLOAT16 -> "f32";
        case INT64 -> "i64";
        case INT32 -> "i32";
        default -> throw new ImportException("graph input '" + in.name() + "' is " + type.spelling()
            + "; netc takes float, int64 and int32 inputs");
      };
      List<OnnxValueInfo.Dim> dims = in.shape().orElseThrow(() -> new ImportException(
          "graph input '" + in.name() + "' has no declared shape; netc needs each input's rank"));
      List<SymDim> shape = new ArrayList<>();
      for (int axis = 0; axis < dims.size(); axis++) {
        OnnxValueInfo.Dim d = dims.get(axis);
        switch (d) {
          case OnnxValueInfo.Dim.Fixed f -> {
            if (f.size() < 1) {
              throw new ImportException("graph input '" + in.name() + "' has size " + f.size() + " on axis " + axis
                  + "; netc needs sizes of at least 1");
            }
            shape.add(SymDim.of(f.size()));
          }
          case OnnxValueInfo.Dim.Symbolic s -> shape.add(symbolic(s.name()));
          case OnnxValueInfo.Dim.Unknown u -> throw new ImportException("graph input '" + in.name() + "' has an axis ("
              + axis + ") with neither a size nor a name; re-export it with a name for that axis (dynamic_axes) or a"
              + " fixed size");
        }
      }
      String name = names.inputName(in.name());
      values.put(in.name(), new Value.Tensor(name, type == OnnxDataType.INT32 || type == OnnxDataType.INT64
          ? type : OnnxDataType.FLOAT, shape));
      String declared = "input " + name + ": " + dtype + shapeText(shape);
      List<String> notes = new ArrayList<>();
      if (!name.equals(in.name())) {
        notes.add("ONNX " + quote(in.name()));
      }
      for (OnnxValueInfo.Dim d : dims) {
        if (d instanceof OnnxValueInfo.Dim.Symbolic s) {
          String meant = symbolNames.get(s.name());
          if (meant != null && !meant.equals(s.name())) {
            notes.add(s.name() + " is " + meant);
          }
        }
      }
      out.add(declared + (notes.isEmpty() ? "" : comment(String.join("; ", new LinkedHashSet<>(notes)))));
    }
    Set<String> unused = new LinkedHashSet<>(options.dims().keySet());
    unused.removeAll(symbolNames.keySet());
    if (!unused.isEmpty()) {
      throw new ImportException("--dim " + String.join(", ", unused) + ": the model's inputs have no such dimension"
          + (symbolNames.isEmpty() ? "; they have no symbolic dimensions" : "; they have " + String.join(", ",
              symbolNames.keySet())));
    }
    return out;
  }

  private SymDim symbolic(String onnxName) {
    String given = options.dims().get(onnxName);
    if (given != null && Character.isDigit(given.charAt(0))) {
      symbolNames.put(onnxName, given);
      return SymDim.of(Long.parseLong(given));
    }
    String name = symbolNames.get(onnxName);
    if (name == null) {
      if (given != null) {
        name = given;
      } else {
        long count = symbolNames.values().stream().filter(v -> !Character.isDigit(v.charAt(0))).count();
        name = count == 0 ? "N" : count == 1 ? "T" : "T" + count;
      }
      symbolNames.put(onnxName, name);
    }
    return Character.isDigit(name.charAt(0)) ? SymDim.of(Long.parseLong(name)) : SymDim.symbol(name);
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  /** The constant a value is, if the patterns need to know before the walk reaches it. */
  Optional<Value.Const> constant(String name) {
    Value v = values.get(name);
    if (v instanceof Value.Const c) {
      return Optional.of(c);
    }
    OnnxNode p = producers.get(name);
    if (p == null) {
      return Optional.empty();
    }
    try {
      if (p.opType().equals("Constant")) {
        return Optional.of(constantNode(p));
      }
      if (p.opType().equals("Identity")) {
        return constant(p.inputs().get(0));
      }
    } catch (ImportException | OnnxFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private Value in(OnnxNode node, int i) throws ImportException {
    String name = node.input(i).orElseThrow(() -> new ImportException(
        "node " + node.name() + " (" + node.opType() + ") lacks its input " + (i + 1)));
    Value v = values.get(name);
    if (v == null) {
      throw new ImportException("node " + node.name() + " (" + node.opType() + ") reads '" + name
          + "', which no earlier node computes and which is neither an input nor an initializer");
    }
    return v;
  }

  private Optional<Value> optionalIn(OnnxNode node, int i) throws ImportException {
    return node.input(i).isPresent() ? Optional.of(in(node, i)) : Optional.empty();
  }

  private Value.Tensor tensorIn(OnnxNode node, int i) throws ImportException {
    return asTensor(node, in(node, i), i);
  }

  private static Value.Tensor asTensor(OnnxNode node, Value v, int i) throws ImportException {
    if (v instanceof Value.Tensor t) {
      return t;
    }
    throw new ImportException("node " + node.name() + " (" + node.opType() + ") takes a constant as input " + (i + 1)
        + " where netc computes only with tensors");
  }

  private Value.Const constIn(OnnxNode node, int i, String what) throws ImportException {
    Value v = in(node, i);
    if (v instanceof Value.Const c) {
      return c;
    }
    throw new ImportException("node " + node.name() + " (" + node.opType() + "): its " + what
        + " must be known when the model is imported, but it is computed at run time; fix the sizes it depends on"
        + " with --dim");
  }

  private void define(OnnxNode node, Value v) {
    values.put(node.outputs().get(0), v);
  }

  /** A statement computing {@code expr}, named after the node (or the graph output it is). */
  private Value.Tensor emit(OnnxNode node, String expr, OnnxDataType type, List<SymDim> shape, String comment) {
    String output = node.outputs().get(0);
    String name = graphOutputs.contains(output) ? names.outputName(output) : names.fresh(node);
    lines.add(name + " = " + expr + comment(comment));
    Value.Tensor t = new Value.Tensor(name, type, shape);
    values.put(output, t);
    return t;
  }

  private Value.Tensor emit(OnnxNode node, String expr, OnnxDataType type, List<SymDim> shape) {
    return emit(node, expr, type, shape, node.opType() + " " + node.name());
  }

  /** How a value appears in an expression: a statement's name, a number, or a parameter's name. */
  private String operand(Value v, String hint) throws ImportException, OnnxFormatException {
    return switch (v) {
      case Value.Tensor t -> t.ref();
      case Value.Const c -> c.isScalarLike() && c.dims().isEmpty() ? number(c.scalar()) : param(c, hint);
      case Value.Positions p -> throw new ImportException("the positions 0.." + p.length() + " - 1 (from "
          + p.nodes() + ") are used as data; netc imports them only to look up rows of a table (position embeddings)");
    };
  }

  /** An operand of element-wise arithmetic: single-element constants are numbers (they broadcast alike). */
  private String arithmeticOperand(Value v, String hint, int resultRank) throws ImportException, OnnxFormatException {
    if (v instanceof Value.Const c && c.isScalarLike() && c.dims().size() <= resultRank) {
      return number(c.scalar());
    }
    return operand(v, hint);
  }

  /** The parameter holding a constant, declared the first time it is used. */
  private String param(Value.Const c, String hint) throws ImportException, OnnxFormatException {
    String existing = params.get(c);
    if (existing != null) {
      return existing;
    }
    if (c.isSymbolic()) {
      throw new ImportException("a tensor computed from run-time sizes (" + Arrays.toString(c.symbolic())
          + ") is used as data; netc keeps run-time sizes in shapes only");
    }
    if (c.type().isInteger() && c.type() != OnnxDataType.BOOL) {
      throw new ImportException("the integer constant " + (c.origin() == null ? "" : "'" + c.origin() + "' ")
          + "of shape " + c.dims() + " is used as data by a computation; netc parameters are f32");
    }
    String key = c.origin() != null && Names.meaningful(c.origin()) ? c.origin() : null;
    String name = names.param(key != null ? key : hint);
    if (key == null || weightData.containsKey(key)) {
      key = name;
    }
    float[] data = c.floats();
    weightData.put(key, data);
    weightShapes.put(key, c.dims().stream().mapToLong(Long::longValue).toArray());
    parameterValues += data.length;
    String decl = "param " + name + ": f32" + dimsText(c.dims()) + (key.equals(name) ? "" : " from " + quote(key));
    lines.add(decl);
    params.put(c, name);
    return name;
  }

  /** Writes a parameter's data under {@code key}: a dense layer's weight or bias. */
  private void weight(String key, float[] data, long... shape) throws ImportException {
    if (weightData.containsKey(key)) {
      throw new ImportException("two parameters would be written as '" + key + "'");
    }
    weightData.put(key, data);
    weightShapes.put(key, shape);
    parameterValues += data.length;
  }

  // ---------------------------------------------------------------------------------------------
  // Operators

  private void translate(OnnxNode node) throws ImportException, OnnxFormatException {
    if (allConstant(node) && !node.opType().equals("Constant")) {
      Optional<List<Value.Const>> folded = Fold.apply(node, constants(node), opset);
      if (folded.isPresent()) {
        for (int i = 0; i < folded.get().size() && i < node.outputs().size(); i++) {
          values.put(node.outputs().get(i), folded.get().get(i));
        }
        return;
      }
    }
    switch (node.opType()) {
      case "Constant" -> define(node, constantNode(node));
      case "Identity", "Dropout" -> define(node, in(node, 0));
      case "Shape" -> shapeOf(node);
      case "Gemm" -> gemm(node, List.of(node), "identity");
      case "MatMul" -> matmul(node);
      case "Add", "Sub", "Mul", "Div" -> arithmetic(node);
      case "Pow" -> pow(node);
      case "Sqrt", "Erf", "Exp", "Log", "Abs", "Relu", "Sigmoid", "Tanh" -> unary(node,
          node.opType().toLowerCase(Locale.ROOT));
      case "Neg" -> {
        Value.Tensor x = tensorIn(node, 0);
        emit(node, "-" + x.ref(), x.type(), x.shape());
      }
      case "Reciprocal" -> {
        Value.Tensor x = tensorIn(node, 0);
        emit(node, "1 / " + x.ref(), x.type(), x.shape());
      }
      case "LeakyRelu" -> {
        Value.Tensor x = tensorIn(node, 0);
        double alpha = floatAttr(node, "alpha", 0.01);
        emit(node, "leaky_relu(" + x.ref() + ", alpha=" + number(alpha) + ")", x.type(), x.shape());
      }
      case "Gelu" -> {
        Value.Tensor x = tensorIn(node, 0);
        String approx = stringAttr(node, "approximate", "none");
        emit(node, "gelu(" + x.ref() + (approx.equals("tanh") ? ", approximate=tanh" : "") + ")", x.type(),
            x.shape());
      }
      case "Softmax", "LogSoftmax" -> softmax(node);
      case "LayerNormalization" -> layerNormalization(node);
      case "ReduceMean", "ReduceSum", "ReduceMax" -> reduce(node);
      case "Reshape" -> reshape(node);
      case "Flatten" -> flatten(node);
      case "Squeeze", "Unsqueeze" -> squeeze(node);
      case "Transpose" -> transpose(node);
      case "Concat" -> concat(node);
      case "Slice" -> slice(node);
      case "Split" -> split(node);
      case "Gather" -> gather(node);
      case "Cast" -> cast(node);
      case "Where" -> where(node);
      case "ConstantOfShape" -> throw new ImportException("node " + node.name() + " (ConstantOfShape) makes a tensor"
          + " of a run-time shape; fix the sizes it depends on with --dim, or give the tensor as an input");
      default -> throw new ImportException("node " + node.name() + " (" + node.opType() + ") computes from run-time"
          + " values; netc imports " + node.opType() + " only on constants (shape arithmetic)");
    }
  }

  private boolean allConstant(OnnxNode node) {
    for (String in : node.inputs()) {
      if (!in.isEmpty() && !(values.get(in) instanceof Value.Const)) {
        return false;
      }
    }
    return !node.inputs().isEmpty() || node.opType().equals("Constant");
  }

  private List<Optional<Value.Const>> constants(OnnxNode node) {
    List<Optional<Value.Const>> out = new ArrayList<>();
    for (String in : node.inputs()) {
      out.add(in.isEmpty() ? Optional.empty() : Optional.of((Value.Const) values.get(in)));
    }
    return out;
  }

  private Value.Const constantNode(OnnxNode node) throws ImportException, OnnxFormatException {
    for (OnnxAttribute a : node.attributes().values()) {
      switch (a) {
        case OnnxAttribute.TensorValue t -> {
          Value.Const c = Value.Const.of(t.value());
          return new Value.Const(c.type(), c.dims(), c.doubles().length <= 4096 ? c.doubles() : null, null,
              c.tensor(), Names.meaningful(t.value().name()) ? t.value().name() : null);
        }
        case OnnxAttribute.FloatValue f -> {
          return Value.Const.of(OnnxDataType.FLOAT, List.of(), new double[] {f.value()});
        }
        case OnnxAttribute.IntValue i -> {
          return Value.Const.of(OnnxDataType.INT64, List.of(), new double[] {i.value()});
        }
        case OnnxAttribute.Floats f -> {
          return Value.Const.of(OnnxDataType.FLOAT, List.of((long) f.values().size()),
              f.values().stream().mapToDouble(Float::doubleValue).toArray());
        }
        case OnnxAttribute.Ints i -> {
          return Value.Const.of(OnnxDataType.INT64, List.of((long) i.values().size()),
              i.values().stream().mapToDouble(Long::doubleValue).toArray());
        }
        default -> {}
      }
    }
    throw new ImportException("node " + node.name() + " (Constant) has no value netc reads (a sparse or string value?)");
  }

  private void shapeOf(OnnxNode node) throws ImportException {
    Value x = in(node, 0);
    List<SymDim> shape = x.shape();
    int rank = shape.size();
    int start = (int) clampAxis(intAttr(node, "start", 0), rank);
    int end = (int) clampAxis(intAttr(node, "end", rank), rank);
    List<SymDim> part = shape.subList(start, Math.max(start, end));
    define(node, Value.Const.ofSymbolic(List.of((long) part.size()), part.toArray(SymDim[]::new)));
  }

  /**
   * {@code axis} of a tensor of {@code rank}, negative ones counted from the end; {@code end}
   * allows {@code rank} itself (Flatten's and Unsqueeze's positions between axes).
   */
  static int axis(OnnxNode node, long axis, int rank, boolean end) throws ImportException {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a > (end ? rank : rank - 1)) {
      throw new ImportException("node " + node.name() + " (" + node.opType() + "): axis " + axis
          + " is out of range for a tensor of rank " + rank);
    }
    return (int) a;
  }

  /** Slice's starts, ends, axes and steps: one entry each per sliced axis. */
  static void sameLengths(OnnxNode node, long[]... lists) throws ImportException {
    for (long[] l : lists) {
      if (l != null && l.length != lists[0].length) {
        throw new ImportException("node " + node.name() + " (" + node.opType() + ") gives its starts, ends, axes and"
            + " steps with different numbers of entries");
      }
    }
  }

  private static long clampAxis(long a, int rank) {
    long v = a < 0 ? a + rank : a;
    return Math.max(0, Math.min(rank, v));
  }

  /**
   * A Gemm: a dense layer when it is one ({@code A @ B + C} with constant B and a bias row), with
   * {@code activation} folded in; else, only without an activation, the expression it computes.
   *
   * @return whether the node was written (false: the caller writes the group's nodes one by one)
   */
  private boolean gemm(OnnxNode node, List<OnnxNode> nodes, String activation)
      throws ImportException, OnnxFormatException {
    Value a = in(node, 0);
    Value b = in(node, 1);
    Optional<Value> c = optionalIn(node, 2);
    double alpha = floatAttr(node, "alpha", 1.0);
    double beta = floatAttr(node, "beta", 1.0);
    boolean transA = intAttr(node, "transA", 0) != 0;
    boolean transB = intAttr(node, "transB", 0) != 0;
    if (a.rank() != 2 || b.rank() != 2) {
      throw new ImportException("node " + node.name() + " (Gemm) multiplies " + a.shape() + " by " + b.shape()
          + "; Gemm takes matrices");
    }
    SymDim rows = a.shape().get(transA ? 1 : 0);
    SymDim inner = a.shape().get(transA ? 0 : 1);
    SymDim innerB = b.shape().get(transB ? 1 : 0);
    SymDim cols = b.shape().get(transB ? 0 : 1);
    if (!inner.equals(innerB)) {
      throw new ImportException("node " + node.name() + " (Gemm): the inner sizes differ, " + inner + " and "
          + innerB);
    }
    List<SymDim> shape = List.of(rows, cols);
    if (a instanceof Value.Tensor x && b instanceof Value.Const w && !transA && alpha == 1.0
        && cols.isFixed() && inner.isFixed() && (c.isEmpty() || beta == 1.0 && biasVector(c.get(), cols))) {
      dense(nodes.get(nodes.size() - 1), nodes, x, w, transB, c.map(v -> (Value.Const) v), activation, shape);
      return true;
    }
    if (!activation.equals("identity")) {
      return false;
    }
    String left = operand(a, "a");
    String right = operand(b, "b");
    String expr = (transA ? left + ".T" : left) + " @ " + (transB ? right + ".T" : right);
    if (alpha != 1.0) {
      expr = number(alpha) + " * (" + expr + ")";
    }
    if (c.isPresent() && beta != 0.0) {
      String bias = arithmeticOperand(c.get(), names.hint(node, "c"), 2);
      expr = expr + " + " + (beta == 1.0 ? bias : number(beta) + " * " + bias);
    }
    emit(node, expr, OnnxDataType.FLOAT, shape);
    return true;
  }

  private boolean biasVector(Value v, SymDim cols) {
    if (!(v instanceof Value.Const c) || c.isSymbolic()) {
      return false;
    }
    List<Long> d = c.dims();
    long n = cols.factor();
    return d.equals(List.of(n)) || d.equals(List.of(1L, n));
  }

  /**
   * A dense layer: {@code x @ W (+ b)} with its weight and bias written as {@code NAME.weight} and
   * {@code NAME.bias}, as {@code dense} reads them.
   */
  void dense(OnnxNode last, List<OnnxNode> nodes, Value.Tensor x, Value.Const w, boolean outIn,
      Optional<Value.Const> bias, String activation, List<SymDim> shape) throws ImportException, OnnxFormatException {
    long units = w.dims().get(outIn ? 0 : 1);
    String layer = names.layer(bias.map(Value.Const::origin).orElse(null), w.origin(), nodes.get(0));
    float[] weights = w.floats();
    weight(layer + ".weight", weights, w.dims().get(0), w.dims().get(1));
    if (bias.isPresent()) {
      weight(layer + ".bias", bias.get().floats(), units);
    }
    denseSizes.add(new long[] {w.dims().get(outIn ? 1 : 0), units});
    StringBuilder expr = new StringBuilder("dense(").append(x.ref()).append(", ").append(size(units));
    if (!activation.equals("identity")) {
      expr.append(", activation=").append(activation);
    }
    if (outIn) {
      expr.append(", layout=out_in");
    }
    if (bias.isEmpty()) {
      expr.append(", bias=false");
    }
    expr.append(", name=").append(quote(layer)).append(')');
    String output = last.outputs().get(0);
    String name = graphOutputs.contains(output) ? names.outputName(output) : names.freshLayer(layer);
    lines.add(name + " = " + expr + comment(nodeList(nodes)));
    values.put(output, new Value.Tensor(name, OnnxDataType.FLOAT, shape));
  }

  static String nodeList(List<OnnxNode> nodes) {
    List<String> parts = new ArrayList<>();
    for (OnnxNode n : nodes) {
      parts.add(n.opType() + " " + n.name());
    }
    return String.join(", ", parts);
  }

  private void matmul(OnnxNode node) throws ImportException, OnnxFormatException {
    Value a = in(node, 0);
    Value b = in(node, 1);
    List<SymDim> shape = Shapes.matmul(a.shape(), b.shape())
        .orElseThrow(() -> new ImportException("node " + node.name() + " (MatMul) multiplies " + a.shape() + " by "
            + b.shape() + ", whose sizes do not fit"));
    if (a instanceof Value.Tensor x && b instanceof Value.Const w && w.rank() == 2 && x.rank() >= 1
        && x.shape().get(x.rank() - 1).isFixed()) {
      dense(node, List.of(node), x, w, false, Optional.empty(), "identity", shape);
      return;
    }
    emit(node, operand(a, names.hint(node, "a")) + " @ " + operand(b, names.hint(node, "b")), OnnxDataType.FLOAT,
        shape);
  }

  private void arithmetic(OnnxNode node) throws ImportException, OnnxFormatException {
    Value a = in(node, 0);
    Value b = in(node, 1);
    for (Value v : List.of(a, b)) {
      if (v instanceof Value.Tensor t && t.type().isInteger()) {
        throw new ImportException("node " + node.name() + " (" + node.opType() + ") computes with the integer"
            + " tensor " + t.ref() + "; netc computes in f32 only (a Cast to float before it would do)");
      }
    }
    List<SymDim> shape = Shapes.broadcast(a.shape(), b.shape())
        .orElseThrow(() -> new ImportException("node " + node.name() + " (" + node.opType() + "): the shapes "
            + a.shape() + " and " + b.shape() + " do not broadcast"));
    String op = switch (node.opType()) {
      case "Add" -> "+";
      case "Sub" -> "-";
      case "Mul" -> "*";
      default -> "/";
    };
    String left = arithmeticOperand(a, names.hint(node, "a"), shape.size());
    String right = arithmeticOperand(b, names.hint(node, "b"), shape.size());
    if (right.startsWith("-")) {
      right = "(" + right + ")";
    }
    emit(node, left + " " + op + " " + right, OnnxDataType.FLOAT, shape);
  }

  private void pow(OnnxNode node) throws ImportException, OnnxFormatException {
    Value.Tensor x = tensorIn(node, 0);
    Value e = in(node, 1);
    if (!(e instanceof Value.Const c) || !c.isScalarLike()) {
      throw new ImportException("node " + node.name() + " (Pow) raises to a tensor exponent; netc supports a constant"
          + " exponent");
    }
    emit(node, "pow(" + x.ref() + ", " + number(c.scalar()) + ")", x.type(), x.shape());
  }

  private void unary(OnnxNode node, String function) throws ImportException {
    Value.Tensor x = tensorIn(node, 0);
    emit(node, function + "(" + x.ref() + ")", x.type(), x.shape());
  }

  private void softmax(OnnxNode node) throws ImportException {
    Value.Tensor x = tensorIn(node, 0);
    int rank = x.rank();
    String fn = node.opType().equals("Softmax") ? "softmax" : "log_softmax";
    long axis = intAttr(node, "axis", opset >= 13 ? -1 : 1);
    long a = axis(node, axis, Math.max(rank, 1), false);
    if (a < 0 || a >= Math.max(rank, 1)) {
      throw new ImportException("node " + node.name() + " (" + node.opType() + "): axis " + axis + " is out of range"
          + " for rank " + rank);
    }
    if (opset >= 13 || a == rank - 1) {
      emit(node, fn + "(" + x.ref() + (a == rank - 1 ? "" : ", axis=" + a) + ")", x.type(), x.shape());
      return;
    }
    // Before opset 13, Softmax flattens the axes from `axis` on into one and normalizes over it.
    SymDim outer = SymDim.of(1);
    SymDim inner = SymDim.of(1);
    for (int i = 0; i < rank; i++) {
      if (i < a) {
        outer = outer.times(x.shape().get(i));
      } else {
        inner = inner.times(x.shape().get(i));
      }
    }
    String flat = "reshape(" + x.ref() + ", [" + outer.text(sizeNames) + ", " + inner.text(sizeNames) + "])";
    emit(node, "reshape(" + fn + "(" + flat + "), " + shapeText(x.shape()) + ")", x.type(), x.shape(),
        node.opType() + " " + node.name() + " (opset " + opset + ": over the axes from " + a + " on, flattened)");
  }

  private void layerNormalization(OnnxNode node) throws ImportException, OnnxFormatException {
    Value.Tensor x = tensorIn(node, 0);
    Value.Const scale = constIn(node, 1, "scale");
    Optional<Value> bias = optionalIn(node, 2);
    for (int i = 1; i < node.outputs().size(); i++) {
      if (!node.outputs().get(i).isEmpty() && uses.getOrDefault(node.outputs().get(i), 0) > 0) {
        throw new ImportException("node " + node.name() + " (LayerNormalization): its Mean and InvStdDev outputs are"
            + " used; netc computes only the normalized output");
      }
    }
    long axis = intAttr(node, "axis", -1);
    double eps = floatAttr(node, "epsilon", 1e-5);
    if (bias.isPresent() && !(bias.get() instanceof Value.Const)) {
      throw new ImportException("node " + node.name() + " (LayerNormalization) takes a bias computed at run time;"
          + " netc's layernorm takes constant parameters");
    }
    layernorm(node, List.of(node), x, scale, bias.map(v -> (Value.Const) v), axis, eps);
  }

  void layernorm(OnnxNode last, List<OnnxNode> nodes, Value.Tensor x, Value.Const gamma,
      Optional<Value.Const> beta, long axis, double eps) throws ImportException, OnnxFormatException {
    int rank = x.rank();
    long a = axis(last, axis, rank, false);
    List<Long> normalized = new ArrayList<>();
    for (int i = (int) a; i < rank; i++) {
      SymDim d = x.shape().get(i);
      if (!d.isFixed()) {
        throw new ImportException("node " + last.name() + ": layer normalization over the run-time axis " + d
            + "; netc normalizes fixed-size axes");
      }
      normalized.add(d.factor());
    }
    normalizedSizes.add(count(normalized));
    Value.Const g = reshaped(gamma, normalized);
    Value.Const b = beta.isPresent()
        ? reshaped(beta.get(), normalized)
        : Value.Const.of(OnnxDataType.FLOAT, normalized, new double[(int) count(normalized)]);
    String stem = names.layer(gamma.origin(), null, nodes.get(0));
    String gName = param(g, stem + "_weight");
    String bName = param(b, stem + "_bias");
    String expr = "layernorm(" + x.ref() + ", " + gName + ", " + bName + ", eps=" + number(eps)
        + (a == rank - 1 ? "" : ", axis=" + (a - rank)) + ")";
    String output = last.outputs().get(0);
    String name = graphOutputs.contains(output) ? names.outputName(output)
        : nodes.size() > 1 ? names.fresh(nodes.get(0), "layernorm", true) : names.fresh(nodes.get(0));
    lines.add(name + " = " + expr + comment(nodeList(nodes)));
    values.put(output, new Value.Tensor(name, OnnxDataType.FLOAT, x.shape()));
  }

  /** A constant broadcast to exactly {@code dims} (gamma stored as {@code [1, 1, d]}, a scalar eps-free bias). */
  private Value.Const reshaped(Value.Const c, List<Long> dims) throws ImportException, OnnxFormatException {
    if (c.dims().equals(dims)) {
      return c;
    }
    long n = count(dims);
    double[] v = c.doubles();
    if (v.length == n) {
      return new Value.Const(c.type(), dims, v, null, null, c.origin());
    }
    if (v.length == 1) {
      double[] filled = new double[(int) n];
      Arrays.fill(filled, v[0]);
      return new Value.Const(c.type(), dims, filled, null, null, null);
    }
    throw new ImportException("a layer norm's scale or bias has shape " + c.dims() + " where the normalized axes are "
        + dims);
  }

  private static long count(List<Long> dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  private void reduce(OnnxNode node) throws ImportException, OnnxFormatException {
    Value.Tensor x = tensorIn(node, 0);
    boolean keep = intAttr(node, "keepdims", 1) != 0;
    List<Long> axes = new ArrayList<>();
    boolean axesAsInput = node.opType().equals("ReduceSum") ? opset >= 13 : opset >= 18;
    if (axesAsInput) {
      if (node.input(1).isPresent()) {
        for (long v : constIn(node, 1, "axes").longs()) {
          axes.add(v);
        }
      }
    } else {
      node.attribute("axes").ifPresent(a -> {
        if (a instanceof OnnxAttribute.Ints ints) {
          axes.addAll(ints.values());
        }
      });
    }
    int rank = x.rank();
    if (axes.isEmpty()) {
      if (intAttr(node, "noop_with_empty_axes", 0) != 0) {
        define(node, x);
        return;
      }
      for (long i = 0; i < rank; i++) {
        axes.add(i);
      }
    }
    List<Long> normalized = new ArrayList<>();
    for (long a : axes) {
      long n = a < 0 ? a + rank : a;
      if (n < 0 || n >= rank || normalized.contains(n)) {
        throw new ImportException("node " + node.name() + " (" + node.opType() + "): the axes " + axes + " are not"
            + " distinct axes of a rank-" + rank + " tensor");
      }
      normalized.add(n);
    }
    List<SymDim> shape = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      if (!normalized.contains((long) i)) {
        shape.add(x.shape().get(i));
      } else if (keep) {
        shape.add(SymDim.of(1));
      }
    }
    String fn = switch (node.opType()) {
      case "ReduceMean" -> "mean";
      case "ReduceSum" -> "sum";
      default -> "max";
    };
    List<String> written = normalized.stream().sorted().map(a -> Long.toString(a - rank)).toList();
    String axisText = written.size() == 1 ? written.get(0) : "[" + String.join(", ", written) + "]";
    emit(node, fn + "(" + x.ref() + ", axis=" + axisText + (keep ? ", keepdims=true" : "") + ")", x.type(), shape);
  }

  private void reshape(OnnxNode node) throws ImportException, OnnxFormatException {
    Value x = in(node, 0);
    Value.Const target = constIn(node, 1, "target shape");
    boolean allowZero = intAttr(node, "allowzero", 0) != 0;
    SymDim[] sizes = target.sizes();
    List<SymDim> shape = Shapes.reshape(x.shape(), Arrays.asList(sizes), allowZero)
        .orElseThrow(() -> new ImportException("node " + node.name() + " (Reshape) cannot reshape " + x.shape()
            + " to " + Arrays.toString(sizes)));
    reshapeTo(node, x, shape);
  }

  private void reshapeTo(OnnxNode node, Value x, List<SymDim> shape) throws ImportException, OnnxFormatException {
    Value.Tensor t = asTensor(node, x, 0);
    if (t.shape().equals(shape)) {
      define(node, t);
      return;
    }
    emit(node, "reshape(" + t.ref() + ", " + shapeText(shape) + ")", t.type(), shape);
  }

  private void flatten(OnnxNode node) throws ImportException, OnnxFormatException {
    Value.Tensor x = tensorIn(node, 0);
    int rank = x.rank();
    long a = axis(node, intAttr(node, "axis", 1), rank, true);
    SymDim outer = SymDim.of(1);
    SymDim inner = SymDim.of(1);
    for (int i = 0; i < rank; i++) {
      if (i < a) {
        outer = outer.times(x.shape().get(i));
      } else {
        inner = inner.times(x.shape().get(i));
      }
    }
    reshapeTo(node, x, List.of(outer, inner));
  }

  private void squeeze(OnnxNode node) throws ImportException, OnnxFormatException {
    Value.Tensor x = tensorIn(node, 0);
    List<Long> axes = axesOf(node);
    boolean unsqueeze = node.opType().equals("Unsqueeze");
    List<SymDim> shape = unsqueeze
        ? Shapes.unsqueeze(x.shape(), axes).orElseThrow(() -> new ImportException("node " + node.name()
            + " (Unsqueeze): the axes " + axes + " do not fit rank " + x.rank()))
        : Shapes.squeeze(x.shape(), axes).orElseThrow(() -> new ImportException("node " + node.name()
            + " (Squeeze): the axes " + axes + " are not axes of size 1 of " + x.shape()));
    reshapeTo(node, x, shape);
  }

  /** The axes of Squeeze/Unsqueeze: an attribute before opset 13, an input from it on. */
  private List<Long> axesOf(OnnxNode node) throws ImportException, OnnxFormatException {
    List<Long> axes = new ArrayList<>();
    if (opset >= 13) {
      if (node.input(1).isPresent()) {
        for (long v : constIn(node, 1, "axes").longs()) {
          axes.add(v);
        }
      }
    } else if (node.attribute("axes").orElse(null) instanceof OnnxAttribute.Ints ints) {
      axes.addAll(ints.values());
    }
    return axes;
  }

  private void transpose(OnnxNode node) throws ImportException {
    Value.Tensor x = tensorIn(node, 0);
    int rank = x.rank();
    List<Long> perm = new ArrayList<>();
    if (node.attribute("perm").orElse(null) instanceof OnnxAttribute.Ints ints) {
      perm.addAll(ints.values());
    } else {
      for (long i = rank - 1; i >= 0; i--) {
        perm.add(i);
      }
    }
    if (perm.size() != rank || perm.stream().distinct().count() != rank) {
      throw new ImportException("node " + node.name() + " (Transpose): perm " + perm + " is not a permutation of the "
          + rank + " axes");
    }
    List<SymDim> shape = new ArrayList<>();
    for (long p : perm) {
      if (p < 0 || p >= rank) {
        throw new ImportException("node " + node.name() + " (Transpose): perm " + perm + " does not fit rank " + rank);
      }
      shape.add(x.shape().get((int) p));
    }
    emit(node, "transpose(" + x.ref() + ", " + perm + ")", x.type(), shape);
  }

  private void concat(OnnxNode node) throws ImportException, OnnxFormatException {
    long axis = intAttr(node, "axis", 0);
    List<String> parts = new ArrayList<>();
    List<SymDim> shape = null;
    int rank = in(node, 0).rank();
    long a = axis(node, axis, rank, false);
    SymDim total = SymDim.of(0);
    for (int i = 0; i < node.inputs().size(); i++) {
      Value v = in(node, i);
      parts.add(operand(v, names.hint(node, "part" + i)));
      if (shape == null) {
        shape = new ArrayList<>(v.shape());
      } else {
        // A file whose parts disagree beyond the joined axis is refused here, not imported into a spec that fails.
        List<SymDim> first = in(node, 0).shape();
        boolean agree = v.rank() == rank;
        for (int j = 0; agree && j < rank; j++) {
          agree = j == a || v.shape().get(j).equals(first.get(j));
        }
        if (!agree) {
          throw new ImportException("node " + node.name() + " (Concat) joins parts of shapes " + first + " and "
              + v.shape() + " along axis " + a + ": every other axis must match; the file is inconsistent");
        }
      }
      SymDim d = v.shape().get((int) a);
      if (!d.isFixed() || !total.isFixed()) {
        throw new ImportException("node " + node.name() + " (Concat) joins along the run-time axis " + d
            + "; netc concatenates along fixed-size axes");
      }
      total = SymDim.of(total.factor() + d.factor());
    }
    shape.set((int) a, total);
    emit(node, "concat([" + String.join(", ", parts) + "], axis=" + (a - rank) + ")", OnnxDataType.FLOAT, shape);
  }

  private void slice(OnnxNode node) throws ImportException, OnnxFormatException {
    if (in(node, 0) instanceof Value.Const data) {
      define(node, positions(node, data));
      return;
    }
    Value.Tensor x = tensorIn(node, 0);
    long[] starts = constIn(node, 1, "starts").longs();
    long[] ends = constIn(node, 2, "ends").longs();
    int rank = x.rank();
    long[] axes = node.input(3).isPresent() ? constIn(node, 3, "axes").longs() : null;
    long[] steps = node.input(4).isPresent() ? constIn(node, 4, "steps").longs() : null;
    String[] ranges = new String[rank];
    List<SymDim> shape = new ArrayList<>(x.shape());
    Arrays.fill(ranges, ":");
    sameLengths(node, starts, ends, axes, steps);
    for (int i = 0; i < starts.length; i++) {
      long axis = axis(node, axes == null ? i : axes[i], rank, false);
      long step = steps == null ? 1 : steps[i];
      if (step != 1) {
        throw new ImportException("node " + node.name() + " (Slice) takes every " + step + "th element; netc slices"
            + " with step 1 only");
      }
      SymDim size = x.shape().get((int) axis);
      if (!size.isFixed()) {
        if (starts[i] == 0 && ends[i] >= Integer.MAX_VALUE) {
          continue;
        }
        throw new ImportException("node " + node.name() + " (Slice) slices the run-time axis " + size + "; fix it"
            + " with --dim");
      }
      long n = size.factor();
      long s = Math.max(0, Math.min(n, starts[i] < 0 ? starts[i] + n : starts[i]));
      long e = Math.max(0, Math.min(n, ends[i] < 0 ? ends[i] + n : ends[i]));
      if (e <= s) {
        throw new ImportException("node " + node.name() + " (Slice) keeps nothing of axis " + axis + "; netc tensors"
            + " have sizes of at least 1");
      }
      ranges[(int) axis] = s + ":" + e;
      shape.set((int) axis, SymDim.of(e - s));
    }
    if (shape.equals(x.shape())) {
      define(node, x);
      return;
    }
    emit(node, x.ref() + "[" + String.join(", ", ranges) + "]", x.type(), shape);
  }

  /**
   * A constant sliced to a run-time length: it must be the positions {@code 0, 1, 2, ...} along the
   * sliced axis (BERT's {@code position_ids}), cut from 0 to a run-time size, every other axis 1.
   */
  private Value.Positions positions(OnnxNode node, Value.Const data) throws ImportException, OnnxFormatException {
    String refusal = "node " + node.name() + " (Slice) cuts the constant " + (data.origin() == null ? ""
        : "'" + data.origin() + "' ") + "to a run-time length; netc imports that only for positions 0, 1, 2, ..."
        + " (position ids) cut from 0; fix the run-time size with --dim";
    Value.Const starts = constIn(node, 1, "starts");
    Value.Const ends = constIn(node, 2, "ends");
    int rank = data.dims().size();
    if (starts.isSymbolic() || !ends.isSymbolic() || data.isSymbolic() || !data.type().isInteger()) {
      throw new ImportException(refusal);
    }
    long[] axes = node.input(3).isPresent() ? constIn(node, 3, "axes").longs() : null;
    if (node.input(4).isPresent()) {
      for (long step : constIn(node, 4, "steps").longs()) {
        if (step != 1) {
          throw new ImportException(refusal);
        }
      }
    }
    long[] first = starts.longs();
    SymDim[] last = ends.sizes();
    int axis = -1;
    SymDim length = null;
    sameLengths(node, first, new long[last.length], axes);
    for (int i = 0; i < first.length; i++) {
      int a = axis(node, axes == null ? i : axes[i], rank, false);
      if (last[i].isFixed() && first[i] == 0 && last[i].factor() >= data.dims().get(a)) {
        continue;
      }
      if (last[i].isFixed() || first[i] != 0 || axis >= 0) {
        throw new ImportException(refusal);
      }
      axis = a;
      length = last[i];
    }
    if (axis < 0) {
      throw new ImportException(refusal);
    }
    double[] v = data.doubles();
    long inner = 1;
    for (int i = axis + 1; i < rank; i++) {
      inner *= data.dims().get(i);
    }
    for (int i = 0; i < rank; i++) {
      if (i != axis && data.dims().get(i) != 1) {
        throw new ImportException(refusal);
      }
    }
    for (int i = 0; i < v.length; i++) {
      if (v[i] != (i / inner) % data.dims().get(axis)) {
        throw new ImportException(refusal);
      }
    }
    List<SymDim> shape = new ArrayList<>(data.shape());
    shape.set(axis, length);
    return new Value.Positions(shape, axis, "Slice " + node.name());
  }

  private void split(OnnxNode node) throws ImportException, OnnxFormatException {
    Value.Tensor x = tensorIn(node, 0);
    int rank = x.rank();
    int a = axis(node, intAttr(node, "axis", 0), rank, false);
    SymDim size = x.shape().get(a);
    if (!size.isFixed()) {
      throw new ImportException("node " + node.name() + " (Split) splits the run-time axis " + size);
    }
    long[] parts;
    if (opset >= 13 && node.input(1).isPresent()) {
      parts = constIn(node, 1, "split").longs();
    } else if (node.attribute("split").orElse(null) instanceof OnnxAttribute.Ints ints) {
      parts = ints.values().stream().mapToLong(Long::longValue).toArray();
    } else {
      int n = node.outputs().size();
      long each = (size.factor() + n - 1) / n;
      parts = new long[n];
      for (int i = 0; i < n; i++) {
        parts[i] = Math.min(each, size.factor() - each * i);
      }
    }
    long total = 0;
    boolean positive = parts.length == node.outputs().size();
    for (long p : parts) {
      positive &= p > 0;
      total = Math.addExact(total, Math.max(p, 0));
    }
    if (!positive || total != size.factor()) {
      throw new ImportException("node " + node.name() + " (Split) cuts axis " + a + " of size " + size.factor()
          + " into " + Arrays.toString(parts) + " for " + node.outputs().size() + " outputs; the parts must be one"
          + " per output, each at least 1, and add up to the axis's size");
    }
    long start = 0;
    for (int i = 0; i < node.outputs().size(); i++) {
      String[] ranges = new String[rank];
      Arrays.fill(ranges, ":");
      ranges[a] = start + ":" + (start + parts[i]);
      List<SymDim> shape = new ArrayList<>(x.shape());
      shape.set(a, SymDim.of(parts[i]));
      String output = node.outputs().get(i);
      String name = graphOutputs.contains(output) ? names.outputName(output) : names.fresh(node);
      lines.add(name + " = " + x.ref() + "[" + String.join(", ", ranges) + "]" + comment("Split " + node.name()
          + ", output " + i));
      values.put(output, new Value.Tensor(name, x.type(), shape));
      start += parts[i];
    }
  }

  private void gather(OnnxNode node) throws ImportException, OnnxFormatException {
    Value data = in(node, 0);
    Value index = in(node, 1);
    int rank = data.rank();
    int a = axis(node, intAttr(node, "axis", 0), rank, false);
    List<SymDim> shape = new ArrayList<>(data.shape().subList(0, a));
    shape.addAll(index.shape());
    shape.addAll(data.shape().subList(a + 1, rank));
    SymDim axisSize = data.shape().get(a);
    if (index instanceof Value.Const constant && axisSize.isFixed() && constant.symbolic() == null) {
      for (long i : constant.longs()) {
        if (i < -axisSize.factor() || i >= axisSize.factor()) {
          throw new ImportException("node " + node.name() + " (Gather) takes index " + i + " of axis " + a
              + ", whose size is " + axisSize.factor() + "; indices lie from " + -axisSize.factor() + " to "
              + (axisSize.factor() - 1));
        }
      }
    }
    if (data instanceof Value.Const table && index instanceof Value.Positions p) {
      if (a != 0 || rank != 2) {
        throw new ImportException("node " + node.name() + " (Gather) looks up positions in axis " + a + " of a rank-"
            + rank + " constant; netc looks up rows of a matrix");
      }
      String t = param(table, names.hint(node, "table"));
      String rows = t + "[0:" + p.length().text(sizeNames) + "]";
      String expr = shape.size() == 2 ? rows : "reshape(" + rows + ", " + shapeText(shape) + ")";
      emit(node, expr, OnnxDataType.FLOAT, shape, p.nodes() + ", Gather " + node.name()
          + " (the first " + p.length().text(sizeNames) + " rows)");
      return;
    }
    if (data instanceof Value.Const table && index instanceof Value.Tensor ids) {
      if (a != 0 || rank != 2) {
        throw new ImportException("node " + node.name() + " (Gather) looks up axis " + a + " of a rank-" + rank
            + " constant; netc looks up rows of a matrix (an embedding)");
      }
      String t = param(table, names.hint(node, "table"));
      emit(node, "embedding(" + t + ", " + ids.ref() + ")", OnnxDataType.FLOAT, shape);
      return;
    }
    Value.Tensor x = asTensor(node, data, 0);
    if (index instanceof Value.Positions) {
      throw new ImportException("node " + node.name() + " (Gather) looks up positions in a tensor computed at run"
          + " time; netc imports position lookups in constant tables");
    }
    if (index instanceof Value.Const c && c.dims().isEmpty()) {
      emit(node, "gather(" + x.ref() + ", " + (long) c.scalar() + ", axis=" + (a - rank) + ")", x.type(), shape);
      return;
    }
    if (index instanceof Value.Tensor ids) {
      emit(node, "gather(" + x.ref() + ", " + ids.ref() + ", axis=" + (a - rank) + ")", x.type(), shape);
      return;
    }
    Value.Const c = (Value.Const) index;
    long[] idx = c.longs();
    boolean contiguous = c.dims().size() == 1 && idx.length > 0;
    for (int i = 1; contiguous && i < idx.length; i++) {
      contiguous = idx[i] == idx[i - 1] + 1;
    }
    if (contiguous && idx[0] >= 0) {
      String[] ranges = new String[rank];
      Arrays.fill(ranges, ":");
      ranges[a] = idx[0] + ":" + (idx[0] + idx.length);
      emit(node, x.ref() + "[" + String.join(", ", ranges) + "]", x.type(), shape);
      return;
    }
    throw new ImportException("node " + node.name() + " (Gather) picks the positions " + Arrays.toString(idx)
        + " of a tensor; netc gathers with one position, a run of positions, or an integer tensor");
  }

  private void cast(OnnxNode node) throws ImportException {
    Value.Tensor x = tensorIn(node, 0);
    int to = (int) intAttr(node, "to", 1);
    OnnxDataType target = OnnxDataType.of(to).orElseThrow(() -> new ImportException("node " + node.name()
        + " (Cast) casts to the unknown type " + to));
    boolean toFloat = target.isFloat();
    boolean fromFloat = !x.type().isInteger();
    if (toFloat == fromFloat) {
      define(node, x);
      return;
    }
    if (toFloat) {
      emit(node, "cast(" + x.ref() + ", f32)", OnnxDataType.FLOAT, x.shape());
    } else if (target == OnnxDataType.INT64 || target == OnnxDataType.INT32) {
      emit(node, "cast(" + x.ref() + ", " + (target == OnnxDataType.INT64 ? "i64" : "i32") + ")", target, x.shape());
    } else {
      throw new ImportException("node " + node.name() + " (Cast) casts to " + target.spelling() + "; netc casts"
          + " between float, int64 and int32");
    }
  }

  private void where(OnnxNode node) throws ImportException, OnnxFormatException {
    Value cond = in(node, 0);
    if (!(cond instanceof Value.Const c)) {
      throw new ImportException("node " + node.name() + " (Where) chooses by a condition computed at run time;"
          + " netc imports Where with a constant condition");
    }
    double[] v = c.doubles();
    boolean allTrue = Arrays.stream(v).allMatch(d -> d != 0);
    boolean allFalse = Arrays.stream(v).allMatch(d -> d == 0);
    Value chosen = allTrue ? in(node, 1) : allFalse ? in(node, 2) : null;
    if (chosen == null) {
      throw new ImportException("node " + node.name() + " (Where) mixes its two operands element by element;"
          + " netc imports Where whose constant condition is all true or all false");
    }
    List<SymDim> shape = Shapes.broadcast(Shapes.broadcast(c.shape(), in(node, 1).shape()).orElseThrow(),
        in(node, 2).shape()).orElseThrow();
    if (chosen.shape().equals(shape)) {
      define(node, chosen);
    } else {
      throw new ImportException("node " + node.name() + " (Where) broadcasts its chosen operand from "
          + chosen.shape() + " to " + shape + "; netc does not import that");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Fused groups

  private boolean fused(Patterns.Group group) throws ImportException, OnnxFormatException {
    return switch (group.kind()) {
      case DENSE -> fusedDense(group);
      case GEMM -> gemm(group.members().get(0), group.members(), group.option());
      case LAYER_NORM -> fusedLayerNorm(group);
      case GELU -> fusedGelu(group);
      case ATTENTION -> fusedAttention(group);
    };
  }

  private boolean fusedDense(Patterns.Group g) throws ImportException, OnnxFormatException {
    if (!(values.get(g.input()) instanceof Value.Tensor x) || x.rank() < 1 || !x.shape().get(x.rank() - 1).isFixed()) {
      return false;
    }
    Value.Const w = g.constant1();
    long in = x.shape().get(x.rank() - 1).factor();
    if (w.dims().size() != 2 || w.dims().get(0) != in) {
      return false;
    }
    long units = w.dims().get(1);
    Optional<Value.Const> bias = Optional.ofNullable(g.constant2());
    if (bias.isPresent() && !(bias.get().dims().equals(List.of(units)) || bias.get().dims().equals(List.of(1L, units)))) {
      return false;
    }
    List<SymDim> shape = new ArrayList<>(x.shape());
    shape.set(shape.size() - 1, SymDim.of(units));
    if (x.rank() == 1) {
      return false;
    }
    dense(g.last(), g.members(), x, w, false, bias, g.option(), shape);
    return true;
  }

  private boolean fusedLayerNorm(Patterns.Group g) throws ImportException, OnnxFormatException {
    if (!(values.get(g.input()) instanceof Value.Tensor x)) {
      return false;
    }
    int rank = x.rank();
    List<Long> axes = g.axes();
    List<Long> normalized = axes.stream().map(a -> a < 0 ? a + rank : a).sorted().toList();
    if (normalized.isEmpty() || normalized.get(normalized.size() - 1) != rank - 1) {
      return false;
    }
    for (int i = 1; i < normalized.size(); i++) {
      if (normalized.get(i) != normalized.get(i - 1) + 1) {
        return false;
      }
    }
    layernorm(g.last(), g.members(), x, g.constant1(), Optional.ofNullable(g.constant2()), normalized.get(0) - rank,
        g.number());
    return true;
  }

  private boolean fusedGelu(Patterns.Group g) {
    if (!(values.get(g.input()) instanceof Value.Tensor x)) {
      return false;
    }
    String output = g.last().outputs().get(0);
    String name = graphOutputs.contains(output) ? names.outputName(output)
        : names.fresh(g.members().get(0), "gelu", false);
    lines.add(name + " = gelu(" + x.ref() + (g.option().equals("tanh") ? ", approximate=tanh" : "") + ")"
        + comment(nodeList(g.members())));
    values.put(output, new Value.Tensor(name, OnnxDataType.FLOAT, x.shape()));
    return true;
  }

  private boolean fusedAttention(Patterns.Group g) throws ImportException, OnnxFormatException {
    if (!(values.get(g.input()) instanceof Value.Tensor q) || !(values.get(g.input2()) instanceof Value.Tensor k)
        || !(values.get(g.input3()) instanceof Value.Tensor v)) {
      return false;
    }
    int rank = q.rank();
    if (rank < 2 || k.rank() != rank || v.rank() < 2) {
      return false;
    }
    long axis = g.axes().get(0) == Long.MIN_VALUE ? (opset >= 13 ? -1 : 1) : g.axes().get(0);
    if ((axis < 0 ? axis + rank : axis) != rank - 1) {
      return false;
    }
    // The keys: input2 under the group's permutation, or input2 transposed on its last two axes.
    List<SymDim> keys = new ArrayList<>();
    String keyRef;
    if (g.keyPermutation().isEmpty()) {
      keys.addAll(transposed(k.shape()));
      keyRef = k.ref() + ".T";
    } else {
      if (g.keyPermutation().size() != rank || g.keyPermutation().stream().distinct().count() != rank
          || g.keyPermutation().stream().anyMatch(p -> p < 0 || p >= rank)) {
        return false;
      }
      boolean identity = true;
      for (int i = 0; i < g.keyPermutation().size(); i++) {
        keys.add(k.shape().get(g.keyPermutation().get(i).intValue()));
        identity &= g.keyPermutation().get(i) == i;
      }
      keyRef = identity ? k.ref() : "transpose(" + k.ref() + ", " + g.keyPermutation() + ")";
    }
    SymDim d = q.shape().get(rank - 1);
    if (!d.isFixed() || !keys.get(rank - 1).equals(d)) {
      return false;
    }
    headSizes.add(d.factor());
    if (!keys.get(rank - 2).equals(v.shape().get(v.rank() - 2))) {
      return false;
    }
    Optional<List<SymDim>> scores = Shapes.matmul(q.shape(), transposed(keys));
    if (scores.isEmpty()) {
      return false;
    }
    String mask = null;
    if (g.input4() != null) {
      Value m = values.get(g.input4());
      if (m == null) {
        return false;
      }
      Optional<List<SymDim>> withMask = Shapes.broadcast(scores.get(), m.shape());
      if (withMask.isEmpty() || !withMask.get().equals(scores.get())) {
        return false;
      }
      mask = operand(m, names.hint(g.members().get(0), "mask"));
    }
    double scale = g.number();
    double expected = 1 / Math.sqrt(d.factor());
    String query = q.ref();
    if (Math.abs(scale - expected) > 1e-6 * expected) {
      query = q.ref() + " * " + number(scale / expected);
    }
    List<SymDim> shape = Shapes.matmul(scores.get(), v.shape()).orElse(null);
    if (shape == null) {
      return false;
    }
    String output = g.last().outputs().get(0);
    String name = graphOutputs.contains(output) ? names.outputName(output)
        : names.fresh(g.members().get(0), "attention", false);
    lines.add(name + " = scaled_dot_product_attention(" + query + ", " + keyRef + ", " + v.ref()
        + (mask == null ? "" : ", mask=" + mask) + ")" + comment(nodeList(g.members())));
    values.put(output, new Value.Tensor(name, OnnxDataType.FLOAT, shape));
    return true;
  }

  private static List<SymDim> transposed(List<SymDim> s) {
    List<SymDim> t = new ArrayList<>(s);
    int r = s.size();
    t.set(r - 1, s.get(r - 2));
    t.set(r - 2, s.get(r - 1));
    return t;
  }

  // ---------------------------------------------------------------------------------------------
  // Attributes and text

  private static long intAttr(OnnxNode node, String name, long fallback) throws ImportException {
    return attr(node, name, OnnxAttribute.IntValue.class, "an INT").map(OnnxAttribute.IntValue::value).orElse(fallback);
  }

  private static double floatAttr(OnnxNode node, String name, double fallback) throws ImportException {
    return attr(node, name, OnnxAttribute.FloatValue.class, "a FLOAT").map(f -> (double) f.value()).orElse(fallback);
  }

  private static String stringAttr(OnnxNode node, String name, String fallback) throws ImportException {
    return attr(node, name, OnnxAttribute.StringValue.class, "a STRING").map(OnnxAttribute.StringValue::value)
        .orElse(fallback);
  }

  /** The attribute {@code name} if the node has it, refused by name when it is of another kind. */
  private static <A extends OnnxAttribute> Optional<A> attr(OnnxNode node, String name, Class<A> kind, String expected)
      throws ImportException {
    Optional<OnnxAttribute> a = node.attribute(name);
    if (a.isPresent() && !kind.isInstance(a.get())) {
      throw new ImportException("node " + node.name() + " (" + node.opType() + "): attribute '" + name + "' is "
          + a.get().typeName() + ", where the operator takes " + expected);
    }
    return a.map(kind::cast);
  }

  /** A number as a spec writes it: whole numbers plainly, others with the fewest digits that give the same float. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    if (Double.isInfinite(v) || Double.isNaN(v)) {
      return v > 0 ? "3.4028235e38" : "-3.4028235e38";
    }
    String s = Float.toString((float) v).replace("E", "e");
    return s.replace(".0e", "e");
  }

  private String shapeText(List<SymDim> shape) {
    return "[" + String.join(", ", shape.stream().map(d -> d.text(sizeNames)).toList()) + "]";
  }

  private String dimsText(List<Long> dims) {
    return "[" + String.join(", ", dims.stream().map(this::size).toList()) + "]";
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String comment(String text) {
    return "    # " + text.replace('\n', ' ');
  }
}
