package dev.netc.compiler.plan;

import com.palantir.javapoet.NameAllocator;
import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.KernelOptions;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.shape.Dim;
import dev.netc.runtime.DType;
import dev.netc.runtime.ops.ActivationKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans one network: names every member and local, decides each matmul's kernel and shares equal
 * ones, decides which parameters are held as loaded, packed or padded, where each node's values
 * live, and splits {@code forward} into methods. The steps themselves come from {@link StepPlanner}.
 */
public final class Planner {
  /**
   * Computing nodes per method of {@code forward}. A kernel call costs at most a few hundred bytes
   * of bytecode, so 24 of them keep every method well under HotSpot's 8,000-byte limit.
   */
  static final int NODES_PER_METHOD = 24;

  /**
   * Columns a GEMV step covers when the weight fits L2: 8 accumulators of 256 bits kept the weight
   * stream fastest (MLP-S at batch 1: 16 measured 1.25x slower).
   */
  static final int GEMV_COLUMNS = 64;

  /**
   * Columns a GEMV step covers when the weight comes from L3 or memory: 16 accumulators, four
   * panels streamed side by side, keep more cache-line misses in flight (MLP-L at batch 1:
   * 6.07 -> 5.28 ms against 64 columns).
   */
  static final int GEMV_COLUMNS_STREAMING = 128;

  private final IrGraph graph;
  private final String packageName;
  private final CompileOptions options;
  private final NameAllocator members = new NameAllocator();
  private final NameAllocator kernelNames = new NameAllocator();
  private final Map<String, NetworkPlan.Parameter> parameters = new LinkedHashMap<>();
  private final Map<KernelPlan, String> kernelByPlan = new LinkedHashMap<>();
  private final Map<String, List<Kernel.Use>> kernelUses = new LinkedHashMap<>();
  private final Map<Integer, String> kernelNameOfNode = new HashMap<>();
  private final Map<String, WeightField.Raw> raw = new LinkedHashMap<>();
  private final Map<PackKey, WeightField.Packed> packed = new LinkedHashMap<>();
  private final Map<PadKey, WeightField.Padded> padded = new LinkedHashMap<>();
  private final Map<Integer, WeightField.Packed> packedOfNode = new HashMap<>();
  private final Map<Integer, WeightField> paddedOfNode = new HashMap<>();
  private final Map<ColumnsKey, WeightField.Columns> columns = new LinkedHashMap<>();

  /** A weight is packed once per layout (a kernel's panel width, transposed or not, and storage). */
  private record PackKey(String param, boolean transposed, int width, DType storage, boolean offHeap) {}

  /** An i8 weight's scales and a bias are laid out once per pair and length. */
  private record ColumnsKey(String weight, Optional<String> bias, int length) {}

  /** A bias is padded once per length. */
  private record PadKey(String param, int length) {}

  private Planner(IrGraph graph, String packageName, CompileOptions options) {
    this.graph = graph;
    this.packageName = packageName;
    this.options = options;
  }

  /** The plan of {@code graph}'s classes in {@code packageName}. */
  public static NetworkPlan plan(IrGraph graph, String packageName, CompileOptions options) {
    return new Planner(graph, packageName, options).plan();
  }

  private NetworkPlan plan() {
    for (String reserved : List.of("workspace", "forward", "create", "load", "fromResource", "weights", "outputs",
        "WEIGHTS_RESOURCE", "executor", "withExecutor", "other", "packOffHeap", "offHeap")) {
      members.newName(reserved, "reserved:" + reserved);
    }
    for (IrGraph.Param p : graph.params()) {
      String variable = members.newName(p.name(), "param:" + p.name());
      Optional<String> inline = p.source() instanceof Graph.ParamSource.Inline
          ? Optional.of(members.newName(p.name().toUpperCase(Locale.ROOT) + "_VALUES", "inline:" + p.name()))
          : Optional.empty();
      parameters.put(p.name(), new NetworkPlan.Parameter(p, variable, inline));
    }
    planKernels();
    planRawFields();

    NameAllocator locals = members.clone();
    List<NetworkPlan.Argument> inputs = new ArrayList<>();
    for (IrGraph.Input in : graph.inputs()) {
      String variable = locals.newName(in.name(), "input:" + in.name());
      inputs.add(new NetworkPlan.Argument(in.name(), in.type(), variable,
          locals.newName(variable + "Offset", "input-offset:" + in.name())));
    }
    List<NetworkPlan.Dimension> dims = new ArrayList<>();
    for (String d : graph.runtimeDims()) {
      dims.add(new NetworkPlan.Dimension(d, locals.newName(d.toLowerCase(Locale.ROOT), "dim:" + d)));
    }
    List<NetworkPlan.Argument> outputs = new ArrayList<>();
    for (IrGraph.Output o : graph.outputs()) {
      String variable = locals.newName(o.name(), "output:" + o.name());
      outputs.add(new NetworkPlan.Argument(o.name(), graph.node(o.node()).type(), variable,
          locals.newName(variable + "Offset", "output-offset:" + o.name())));
    }

    Map<String, Kernel> kernelsByName = new LinkedHashMap<>();
    kernelByPlan.forEach((plan, name) -> kernelsByName.put(name, new Kernel(name, plan, kernelUses.get(name))));
    Map<Integer, Kernel> kernelOfNode = new HashMap<>();
    kernelNameOfNode.forEach((node, name) -> kernelOfNode.put(node, kernelsByName.get(name)));
    StepPlanner steps = new StepPlanner(graph, members, locals, inputs, outputs, raw, kernelOfNode, packedOfNode,
        paddedOfNode);
    List<Part> parts = partition(steps.steps());
    List<WeightField> fields = new ArrayList<>(raw.values());
    fields.addAll(packed.values());
    fields.addAll(padded.values());
    fields.addAll(columns.values());
    List<Kernel> kernels = List.copyOf(kernelsByName.values());
    String className = graph.name();
    return new NetworkPlan(graph, packageName, className, className + "Kernels", dims, graph.sliceEnds(), inputs,
        outputs, List.copyOf(parameters.values()), fields, graph.weights(), kernels, steps.constants(), steps.scalars(), parts,
        options.kernels().vectorBits(), options.offHeapWeights(), options.kernels().l3Bytes(), weightBytes());
  }

  /** One kernel per distinct plan; each Gemm's weight packed once per layout, its bias padded once per length. */
  /** The bytes of every parameter of the network. */
  private long weightBytes() {
    return graph.params().stream().mapToLong(p -> p.shape().elementCount().value() * p.type().dtype().byteSize()).sum();
  }

  /** {@code 0.25 * (x @ Wq + bq)}: what a Gemm node computes, with its operands' names. */
  private String describe(IrNode n, Op.Gemm g) {
    String x = graph.node(n.inputs().get(0)).name();
    String w = graph.node(n.inputs().get(1)).name() + (g.transposed() ? ".T" : "");
    String core = x + " @ " + w + (g.hasBias() ? " + " + graph.node(n.inputs().get(2)).name() : "");
    if (g.scale() != 1) {
      core = (float) g.scale() + " * (" + core + ")";
    }
    String activated = g.activation() == ActivationKind.IDENTITY ? core : g.activation().spelling() + "(" + core + ")";
    return g.hasResidual() ? activated + " + " + graph.node(n.inputs().get(n.inputs().size() - 1)).name() : activated;
  }

  private void planKernels() {
    long networkBytes = weightBytes();
    for (IrNode n : graph.nodes()) {
      if (!(n.op() instanceof Op.Gemm gemm)) {
        continue;
      }
      IrNode w = graph.node(n.inputs().get(1));
      IrGraph.Param weight = graph.param(((Op.Param) w.op()).name()).orElseThrow();
      int k = (int) (gemm.transposed() ? w.shape().dim(1).value() : w.shape().dim(0).value());
      int out = (int) (gemm.transposed() ? w.shape().dim(0).value() : w.shape().dim(1).value());
      KernelPlan plan = kernelPlan(k, out, weight.type().dtype(), gemm, networkBytes);
      String name = kernelByPlan.computeIfAbsent(plan, p -> kernelNames.newName(baseName(p)));
      kernelUses.computeIfAbsent(name, x -> new ArrayList<>()).add(new Kernel.Use(n.name(), describe(n, gemm)));
      kernelNameOfNode.put(n.id(), name);
      PackKey key = new PackKey(weight.name(), gemm.transposed(), plan.panelWidth(), plan.storage(), plan.offHeap());
      packedOfNode.put(n.id(), packed.computeIfAbsent(key, x -> new WeightField.Packed(
          members.newName(weight.name() + "_packed", x), weight, k, out, gemm.transposed(), plan.panelWidth(),
          plan.storage(), plan.offHeap())));
      Optional<IrGraph.Param> bias = gemm.hasBias()
          ? graph.param(((Op.Param) graph.node(n.inputs().get(2)).op()).name())
          : Optional.empty();
      if (plan.storage() == DType.I8) {
        ColumnsKey key2 = new ColumnsKey(weight.name(), bias.map(IrGraph.Param::name), plan.paddedLength());
        paddedOfNode.put(n.id(), columns.computeIfAbsent(key2, x -> new WeightField.Columns(
            members.newName(weight.name() + "_columns", x), weight, bias, k, out, gemm.transposed(),
            plan.paddedLength())));
      } else if (bias.isPresent()) {
        IrGraph.Param b = bias.get();
        paddedOfNode.put(n.id(), padded.computeIfAbsent(new PadKey(b.name(), plan.paddedLength()),
            x -> new WeightField.Padded(members.newName(b.name() + "_padded", x), b, plan.paddedLength())));
      }
    }
  }

  private KernelPlan kernelPlan(int k, int n, DType storage, Op.Gemm gemm, long networkBytes) {
    KernelOptions ko = options.kernels();
    int lanes = ko.lanes();
    int vectors = Math.min(ko.tileVectors(), (n + lanes - 1) / lanes);
    int width = vectors * lanes;
    int panels = (n + width - 1) / width;
    long panelBytes = (long) k * width * storage.byteSize();
    long bytes = panels * panelBytes;
    // Read from memory on every pass: it outgrows L2, and it or the network's weights together outgrow the
    // last-level cache, so the other layers' weights evict it between passes.
    boolean streams = bytes > ko.l2Bytes() && Math.max(bytes, networkBytes) > ko.l3Bytes();
    // As many panels as fit half of L2 (the other half is for the rows streaming past).
    int blockPanels = (int) Math.max(1, Math.min(panels, (ko.l2Bytes() / 2) / panelBytes));
    int gemvColumns = bytes > ko.l2Bytes() ? GEMV_COLUMNS_STREAMING : GEMV_COLUMNS;
    KernelPlan.Epilogue epilogue = new KernelPlan.Epilogue(gemm.hasBias(), gemm.scale(), gemm.activation(),
        gemm.activation() == ActivationKind.LEAKY_RELU || gemm.activation() == ActivationKind.POW ? gemm.alpha() : 0,
        gemm.hasResidual());
    return new KernelPlan(k, n, lanes, ko.tileRows(), ko.tileVectors(), blockPanels, streams, gemvColumns,
        options.offHeapWeights(), storage, epilogue);
  }

  /** {@code gemm784x128BiasRelu}: the shapes and the epilogue, which is what the kernel is. */
  private static String baseName(KernelPlan p) {
    KernelPlan.Epilogue e = p.epilogue();
    StringBuilder name = new StringBuilder("gemm").append(p.k()).append('x').append(p.n());
    if (e.bias()) {
      name.append("Bias");
    }
    if (e.scale() != 1) {
      name.append("Scaled");
    }
    if (e.activation() != ActivationKind.IDENTITY) {
      name.append(camel(e.activation().spelling(), true));
    }
    if (e.residual()) {
      name.append("Residual");
    }
    return name.toString();
  }

  /** {@code leaky_relu} as {@code LeakyRelu} (or {@code leakyRelu}). */
  static String camel(String name, boolean upperFirst) {
    StringBuilder out = new StringBuilder();
    boolean upper = upperFirst;
    for (char c : name.toCharArray()) {
      if (c == '_' || c == '.' || c == '-') {
        upper = out.length() > 0 || upperFirst;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  /** Parameters some step reads as loaded (not only packed or padded), or that are outputs, keep a field. */
  private void planRawFields() {
    Set<String> used = new LinkedHashSet<>();
    for (IrNode n : graph.nodes()) {
      for (int i = 0; i < n.inputs().size(); i++) {
        IrNode operand = graph.node(n.inputs().get(i));
        boolean packedSlot = n.op() instanceof Op.Gemm g && (i == 1 || (i == 2 && g.hasBias()));
        if (operand.op() instanceof Op.Param p && !packedSlot) {
          used.add(p.name());
        }
      }
    }
    for (IrGraph.Output o : graph.outputs()) {
      if (graph.node(o.node()).op() instanceof Op.Param p) {
        used.add(p.name());
      }
    }
    for (IrGraph.Param p : graph.params()) {
      if (used.contains(p.name())) {
        raw.put(p.name(), new WeightField.Raw(parameters.get(p.name()).variable(), p));
      }
    }
  }

  /**
   * The steps in methods of at most {@link #NODES_PER_METHOD} each; each method fetches a scratch
   * buffer just before the first of its steps that touches it.
   */
  private List<Part> partition(List<StepPlanner.Planned> planned) {
    List<List<StepPlanner.Planned>> chunks = new ArrayList<>();
    List<StepPlanner.Planned> current = new ArrayList<>();
    for (StepPlanner.Planned p : planned) {
      if (current.size() == NODES_PER_METHOD) {
        chunks.add(current);
        current = new ArrayList<>();
      }
      current.add(p);
    }
    chunks.add(current);
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      String method = chunks.size() == 1 ? "forward" : members.newName("forwardPart" + i, "part:" + i);
      Set<Buffer> fetched = new LinkedHashSet<>();
      List<Part.Line> lines = new ArrayList<>();
      for (StepPlanner.Planned p : chunks.get(i)) {
        List<Buffer> fetch = p.buffers().stream().filter(fetched::add).toList();
        lines.add(new Part.Line(fetch, p.step()));
      }
      parts.add(new Part(method, lines));
    }
    return parts;
  }
}
