package dev.netc.compiler.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.netc.compiler.plan.Kernel;
import dev.netc.compiler.plan.KernelPlan;
import dev.netc.runtime.DType;
import dev.netc.runtime.Parallel;
import dev.netc.runtime.ops.ActivationKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Renders one matmul kernel, {@code out = act(scale * (x @ W + b)) + residual}, specialized to its
 * plan: {@code K} inputs and {@code N} outputs are literals.
 *
 * <p>The weight is packed into column panels of {@code P} elements (the tile's vectors), each
 * panel's {@code K} rows contiguous, the last panel zero-padded ({@code Layout.packPanels}); the
 * bias is padded likewise. Two kernels read that one layout:
 *
 * <ul>
 *   <li>GEMM, for two rows or more (compute-bound): a tile holds {@code R x V} accumulators
 *       ({@code R} = the tile rows, 12 by default, or the rows left over; {@code V} vectors of a
 *       panel) across the whole k loop, which stays a plain counted loop (unrolling it by hand
 *       makes C2 spill). Loop order: a block of panels sized to half of L2, then tiles of rows,
 *       then the panels of the block, so a block is read from memory once and from L2 by every
 *       tile of rows after. A weight read from memory on every pass is prefetched block by block
 *       in one streaming pass, since the first tile over a panel would otherwise wait on memory.
 *   <li>GEMV, for one row (memory-bound): each weight is read exactly once, one accumulator per
 *       vector of the panel, several panels side by side.
 * </ul>
 *
 * <p>Bias, scale and activation are applied in registers before the single store. A panel
 * narrower than P (the tail of N) has its own tile methods with a constant store mask, so no
 * branch decides the tail inside a loop. A layer large enough ({@code Parallel.worthSplitting})
 * is shared with a second thread in chunks that each thread claims from its end: chunks of whole
 * row tiles, or of panels for fewer than four tiles of rows or a weight read from memory (each
 * thread then reads its own part). Every output element is the
 * same chain of fused multiply-adds over k in order whichever kernel, tile or thread computes it,
 * so results are bitwise identical.
 */
final class GemmKernelWriter {
  static final ClassName FLOAT_VECTOR = ClassName.get("jdk.incubator.vector", "FloatVector");
  static final ClassName VECTOR_MASK = ClassName.get("jdk.incubator.vector", "VectorMask");
  static final ClassName SHORT_VECTOR = ClassName.get("jdk.incubator.vector", "ShortVector");
  static final ClassName BYTE_VECTOR = ClassName.get("jdk.incubator.vector", "ByteVector");
  static final ClassName INT_VECTOR = ClassName.get("jdk.incubator.vector", "IntVector");
  static final ClassName VECTOR_OPERATORS = ClassName.get("jdk.incubator.vector", "VectorOperators");
  static final ClassName VECTOR_SPECIES = ClassName.get("jdk.incubator.vector", "VectorSpecies");
  static final ClassName PARALLEL = ClassName.get("dev.netc.runtime", "Parallel");
  static final ClassName PREFETCH = ClassName.get("dev.netc.runtime.kernels", "Prefetch");
  static final ClassName ACTIVATIONS = ClassName.get("dev.netc.runtime.kernels", "Activations");
  static final ClassName ACTIVATION_KIND = ClassName.get(ActivationKind.class);
  static final ClassName EXECUTOR = ClassName.get("java.util.concurrent", "Executor");
  static final ClassName WARM_UP = ClassName.get("dev.netc.runtime", "WarmUp");
  static final ClassName EXERCISE = WARM_UP.nestedClass("Exercise");

  /** Steps of the k loop a warm-up call runs: its last two. */
  static final int WARM_UP_STEPS = 2;
  static final ClassName MEMORY_SEGMENT = ClassName.get("java.lang.foreign", "MemorySegment");
  static final ClassName VALUE_LAYOUT = ClassName.get("java.lang.foreign", "ValueLayout");
  private static final TypeName FLOATS = ArrayTypeName.of(TypeName.FLOAT);

  /** The fields and methods of one kernel. */
  record Rendered(List<FieldSpec> fields, List<MethodSpec> methods) {}

  /**
   * One tile method's shape: rows, vectors of which lanes, and the store mask if any. A tile may span several adjacent panels ({@code panelVectors} vectors each): their
   * columns are contiguous in the output, but each panel's weights are a block of their own.
   */
  private record Tile(String method, int rows, int vectors, int lanes, String mask, int panelVectors, int columns) {
    Tile(String method, int rows, int vectors, int lanes, String mask) {
      this(method, rows, vectors, lanes, mask, vectors, vectors * lanes);
    }
  }

  private final Kernel kernel;
  private final KernelPlan plan;
  private final String name;
  private final ClassName kernelsClass;
  private final long l3Bytes;
  private final long weightBytes;
  private final List<FieldSpec> fields = new ArrayList<>();
  private final List<MethodSpec> methods = new ArrayList<>();

  private GemmKernelWriter(Kernel kernel, ClassName kernelsClass, long l3Bytes, long weightBytes) {
    this.kernel = kernel;
    this.kernelsClass = kernelsClass;
    this.plan = kernel.plan();
    this.name = kernel.name();
    this.l3Bytes = l3Bytes;
    this.weightBytes = weightBytes;
  }

  /**
   * The kernel's driver {@code name(x, xo, rows, w[, b], out, oo[, res, ro], executor)} and its
   * range, GEMV and tile methods; {@code x}, {@code out} and {@code res} start at the offsets
   * that follow them; and its warm-up calls, keyed by {@code kernelsClass} (the class they are in); {@code l3Bytes} and {@code weightBytes} are for the Javadoc.
   */
  static Rendered render(Kernel kernel, ClassName kernelsClass, long l3Bytes, long weightBytes) {
    GemmKernelWriter w = new GemmKernelWriter(kernel, kernelsClass, l3Bytes, weightBytes);
    w.driver();
    w.methods.add(w.range());
    w.gemv();
    w.tiles();
    w.methods.add(w.exercises());
    return new Rendered(List.copyOf(w.fields), List.copyOf(w.methods));
  }

  private void driver() {
    String weights = arrayArguments();
    MethodSpec.Builder driver = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.STATIC)
        .addJavadoc("$L\n\n<p>Kernels: GEMV (one row, $L-bit vectors, $L accumulator(s) per panel) and GEMM "
                + "(tiles of up to $L rows x $L vector(s) of $L floats); weight $L x $L$L packed in $L panel(s) of $L "
                + "columns, $L panel(s) per block; $L. $L Shared with a second thread, in chunks, from $L$L.\n",
            uses(), plan.lanes() * 32, plan.panelWidth() / plan.lanes(), plan.tileRows(), plan.vectors(),
            plan.lanes(), plan.k(), plan.n(), storageDoc(), plan.panels(), plan.panelWidth(), plan.blockPanels(),
            plan.tailColumns() == 0 ? "no tail" : "a " + plan.tailColumns() + "-column tail panel with a store mask",
            plan.streamsWeights()
                ? "The weight is read from memory on every pass (it, or the network's " + (weightBytes >> 10)
                    + " KiB of weights, outgrows the " + (l3Bytes >> 10) + " KiB last-level cache assumed), so "
                    + "each block of panels is prefetched into L2 before its row tiles."
                : "The weight stays in cache between passes (" + (l3Bytes >> 10) + " KiB last-level cache assumed).",
            "2^" + log2(Parallel.DEFAULT_THRESHOLD) + " multiply-adds on netc's default workers or 2^"
                + log2(Parallel.THRESHOLD) + " on a caller's executor (one row: 2^" + log2(Parallel.GEMV_THRESHOLD)
                + " weights)",
            plan.streamsWeights() && plan.panels() >= 2 ? ", by panels, so each thread reads its own part of the weight" : "");
    driver.addParameter(FLOATS, "x").addParameter(TypeName.INT, "xo").addParameter(TypeName.INT, "rows");
    arrays(driver);
    driver.addParameter(EXECUTOR, "executor");
    String range = name + "Range";
    String rangeField = rangeField();
    String handOff = "x, xo, w, " + (plan.readsColumns() ? "b" : "null") + ", out, oo, "
        + (plan.epilogue().residual() ? "res, ro" : "null, 0");
    driver.beginControlFlow("if ($T.worthSplitting(executor, rows, $LL, $LL))", PARALLEL, plan.k(), plan.n());
    boolean byPanelsOnly = plan.streamsWeights() && plan.panels() >= 2;
    if (!byPanelsOnly) {
      // Chunks of whole tiles are uneven for few rows (32 rows: 24 and 8), so those are shared by panels.
      driver.beginControlFlow("if (rows >= $L)", plan.panels() >= 2 ? 4 * plan.tileRows() : 2 * plan.tileRows())
          .addStatement("$T.shareRows(executor, $L, $L, rows, $L, $L, $LL, $LL)", PARALLEL, rangeField, handOff,
              plan.panels(), plan.tileRows(), plan.k(), plan.n())
          .addStatement("return")
          .endControlFlow();
    }
    if (plan.panels() >= 2) {
      driver.addStatement("$T.sharePanels(executor, $L, $L, rows, $L, $LL, $LL)", PARALLEL, rangeField, handOff,
              plan.panels(), plan.k(), plan.n())
          .addStatement("return");
    }
    driver.endControlFlow();
    driver.addStatement("$L(x, xo, 0, rows, 0, $L, 0, $L)", range, plan.panels(), weights);
    methods.add(driver.build());
  }

  /**
   * {@code <name>Exercises(w[, b])}: the kernel's warm-up calls on a layer's weights. One runs its
   * range over row counts that take every branch of it and every tile method (a full tile and the
   * rows a full tile can leave, then each smaller tile that split skipped); the other over a
   * single row, the GEMV. Both run on the last panels (a full one, and the tail if there is one)
   * and the last {@link #WARM_UP_STEPS} steps of the k loop, so that a call costs microseconds
   * even interpreted, and the JIT compiles each method whole rather than its loop on stack
   * replacement. A branch first taken after C2 compiled a method would send it back to the
   * interpreter, so none is left out.
   */
  private MethodSpec exercises() {
    List<Integer> calls = warmUpRowCounts(plan);
    int rows = calls.stream().mapToInt(Integer::intValue).max().orElseThrow();
    int group = Math.max(1, plan.gemvColumns() / plan.panelWidth());
    boolean grouped = group > 1 && plan.fullPanels() >= group;
    int gemmFrom = Math.max(0, plan.fullPanels() - 1);
    int gemvFrom = Math.max(0, plan.fullPanels() - (grouped ? group + 1 : 1));
    int k0 = Math.max(0, plan.k() - WARM_UP_STEPS);
    String tail = ", " + (plan.readsColumns() ? "w, b" : "w") + ", out, 0" + (plan.epilogue().residual() ? ", res, 0" : "");
    MethodSpec.Builder m = MethodSpec.methodBuilder(name + "Exercises")
        .addModifiers(Modifier.STATIC)
        .returns(ParameterizedTypeName.get(ClassName.get(List.class), EXERCISE))
        .addJavadoc("{@code $L}'s warm-up calls ({@link $T}) on a layer's weights: its range over $L rows (every "
                + "tile method and branch) and over one row (the GEMV), on panels from $L and $L, the last $L step(s) "
                + "of the k loop.\n",
            name, WARM_UP, calls.stream().map(String::valueOf).collect(Collectors.joining(" and ")), gemmFrom, gemvFrom,
            plan.k() - k0);
    m.addParameter(weightType(), "w");
    if (plan.readsColumns()) {
      m.addParameter(FLOATS, "b");
    }
    m.addStatement("float[] x = new float[$L]", (long) rows * plan.k())
        .addStatement("float[] out = new float[$L]", (long) rows * plan.n());
    if (plan.epilogue().residual()) {
      m.addStatement("float[] res = new float[$L]", (long) rows * plan.n());
    }
    CodeBlock.Builder gemm = CodeBlock.builder().add("() -> {\n$>");
    for (int count : calls) {
      gemm.add("$LRange(x, 0, 0, $L, $L, $L, $L$L);\n", name, count, gemmFrom, plan.panels(), k0, tail);
    }
    gemm.add("$<}");
    m.addStatement("$T gemm = new $T($T.class, $S, $L)", EXERCISE, EXERCISE, kernelsClass, name + " GEMM", gemm.build())
        .addStatement("$T gemv = new $T($T.class, $S, () -> $LRange(x, 0, 0, 1, $L, $L, $L$L))", EXERCISE, EXERCISE,
            kernelsClass, name + " GEMV", name, gemvFrom, plan.panels(), k0, tail)
        .addStatement("return $T.of(gemm, gemv)", List.class);
    return m.build();
  }

  /**
   * The row counts of a warm-up's calls of a range: a full tile and the most rows it can leave
   * ({@code tileRows - 1}, which the remainder tiles split by its binary digits), then each
   * remainder tile that split did not use, alone.
   */
  static List<Integer> warmUpRowCounts(KernelPlan plan) {
    int most = plan.tileRows() - 1;
    List<Integer> calls = new ArrayList<>(List.of(plan.tileRows() + most));
    for (int rows : plan.remainderRows()) {
      if ((most & rows) == 0) {
        calls.add(rows);
      }
    }
    return calls;
  }

  /** {@code {@code h}: relu(x @ W1 + b1)}, one line per layer the kernel computes. */
  private String uses() {
    return kernel.uses().stream().map(u -> "{@code " + u.node() + "}: " + u.expression().replace("*/", "*&#47;"))
        .collect(Collectors.joining("<br>\n"));
  }

  /**
   * The static field holding {@code <name>Range} as a {@code Parallel.Range}: a lambda that
   * captures nothing is created once, so sharing a product hands its chunks over without
   * allocating.
   */
  private String rangeField() {
    String field = constantName(name + "Range");
    CodeBlock args = CodeBlock.of("(float[]) x, xo, r0, r1, p0, p1, 0, ($T) w$L, (float[]) out, oo$L",
        weightType(), plan.readsColumns() ? ", (float[]) b" : "",
        plan.epilogue().residual() ? ", (float[]) res, ro" : "");
    fields.add(FieldSpec.builder(PARALLEL.nestedClass("Range"), field, Modifier.PRIVATE, Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc("{@code $LRange} as the chunks of a shared product run it, on either thread.\n", name)
        .initializer("(x, xo, w, b, out, oo, res, ro, r0, r1, p0, p1) ->\n    $LRange($L)", name, args)
        .build());
    return field;
  }

  /** The weight's Java type: off-heap memory, or an array of its storage type. */
  private TypeName weightType() {
    return plan.offHeap() ? MEMORY_SEGMENT : JavaCode.arrayOf(plan.storage());
  }

  /** {@code " in bf16"}: the weight's storage, for the Javadoc, when it is not f32. */
  private String storageDoc() {
    return switch (plan.storage()) {
      case BF16 -> " in bf16 (widened to f32 in registers)";
      case I8 -> " in i8 with a scale per column (widened to f32 in registers, scaled after the k loop)";
      default -> "";
    };
  }

  /**
   * A vector of {@code S.length()} weights as floats, from element {@code at} of {@code w} (a byte
   * offset off the heap): f32 loaded as they are; bf16 loaded as shorts, sign-extended to ints
   * and shifted into the top half, which is the f32 they stand for; i8 loaded as bytes and
   * converted, to be scaled after the k loop. Only Vector API calls, which C2 compiles to a few
   * instructions ({@code vpmovsxwd} and {@code vpslld}; {@code vpmovsxbd} and {@code vcvtdq2ps}).
   */
  private CodeBlock load(String at) {
    return switch (plan.storage()) {
      case F32 -> plan.offHeap()
          ? CodeBlock.of("$T.fromMemorySegment(S, w, $L, ORDER)", FLOAT_VECTOR, at)
          : CodeBlock.of("$T.fromArray(S, w, $L)", FLOAT_VECTOR, at);
      case BF16 -> CodeBlock.of("(($T) $L$W.convertShape($T.S2I, I, 0))$W.lanewise($T.LSHL, 16)$W.reinterpretAsFloats()",
          INT_VECTOR, plan.offHeap()
              ? CodeBlock.of("$T.fromMemorySegment(SH, w, $L, ORDER)", SHORT_VECTOR, at)
              : CodeBlock.of("$T.fromArray(SH, w, $L)", SHORT_VECTOR, at),
          VECTOR_OPERATORS, VECTOR_OPERATORS);
      case I8 -> CodeBlock.of("($T) $L$W.convertShape($T.B2F, S, 0)", FLOAT_VECTOR, plan.offHeap()
              ? CodeBlock.of("$T.fromMemorySegment(SB, w, $L, ORDER)", BYTE_VECTOR, at)
              : CodeBlock.of("$T.fromArray(SB, w, $L)", BYTE_VECTOR, at),
          VECTOR_OPERATORS);
      default -> throw new IllegalStateException("no kernel reads weights stored as " + plan.storage());
    };
  }

  private static int log2(long powerOfTwo) {
    return Long.numberOfTrailingZeros(powerOfTwo);
  }

  /** The weight, bias, output and residual parameters every kernel method ends with, with their offsets. */
  private void arrays(MethodSpec.Builder m) {
    m.addParameter(weightType(), "w");
    if (plan.readsColumns()) {
      m.addParameter(FLOATS, "b");
    }
    m.addParameter(FLOATS, "out").addParameter(TypeName.INT, "oo");
    if (plan.epilogue().residual()) {
      m.addParameter(FLOATS, "res").addParameter(TypeName.INT, "ro");
    }
  }

  /** The same arrays as arguments. */
  private String arrayArguments() {
    return "w" + (plan.readsColumns() ? ", b" : "") + ", out, oo" + (plan.epilogue().residual() ? ", res, ro" : "");
  }

  /**
   * A tile method's arrays: the weight and bias, then the output and residual each with the start
   * of the tile's first row in it. Tiles take row starts rather than offsets and a row index, so
   * the only integers live across the k loop are what the loop itself needs: with one more (an
   * offset kept for after the loop), C2 ran out of general registers on a plain 512^3 GEMM and
   * spilled inside the loop, 2.6x slower.
   */
  private void tileArrays(MethodSpec.Builder m) {
    m.addParameter(weightType(), "w");
    if (plan.readsColumns()) {
      m.addParameter(FLOATS, "b");
    }
    m.addParameter(FLOATS, "out").addParameter(TypeName.INT, "outRow");
    if (plan.epilogue().residual()) {
      m.addParameter(FLOATS, "res").addParameter(TypeName.INT, "resRow");
    }
  }

  /** The same arrays as a tile's arguments. */
  private String tileArguments() {
    return "w" + (plan.readsColumns() ? ", b" : "") + ", out, outRow"
        + (plan.epilogue().residual() ? ", res, resRow" : "");
  }

  /** Computes the starts in x, out and res of row {@code r}. */
  private void rowStarts(MethodSpec.Builder m) {
    m.addStatement("int xRow = xo + r * $L", plan.k())
        .addStatement("int outRow = oo + r * $L", plan.n());
    if (plan.epilogue().residual()) {
      m.addStatement("int resRow = ro + r * $L", plan.n());
    }
  }

  /** Rows {@code [r0, r1)} by panels {@code [p0, p1)}: GEMV for one row, else GEMM blocks. */
  private MethodSpec range() {
    String weights = arrayArguments();
    MethodSpec.Builder m = MethodSpec.methodBuilder(name + "Range")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Rows {@code [r0, r1)} of the product over panels {@code [p0, p1)}: the GEMV for one row, else "
            + "blocks of panels, each by tiles of $L rows and then one tile of each smaller height the rows left over "
            + "need. Every k loop starts at {@code k0}: 0 in a forward pass; the warm-up runs only its last steps.\n",
            plan.tileRows())
        .addParameter(FLOATS, "x")
        .addParameter(TypeName.INT, "xo")
        .addParameter(TypeName.INT, "r0")
        .addParameter(TypeName.INT, "r1")
        .addParameter(TypeName.INT, "p0")
        .addParameter(TypeName.INT, "p1")
        .addParameter(TypeName.INT, "k0");
    arrays(m);
    m.beginControlFlow("if (r1 - r0 == 1)")
        .addStatement("$LGemv(x, xo, r0, p0, p1, k0, $L)", name, weights)
        .addStatement("return")
        .endControlFlow();
    m.beginControlFlow("for (int pb = p0; pb < p1; pb += $L)", plan.blockPanels())
        .addStatement("int pe = Math.min(pb + $L, p1)", plan.blockPanels());
    long panelBytes = plan.panelElements() * plan.storage().byteSize();
    // From step k0 of the block's first panel: the whole block in a forward pass, a few lines in the warm-up,
    // which so compiles this path too (a branch first taken after C2 compiled the range would send it back).
    long rowBytes = (long) plan.panelWidth() * plan.storage().byteSize();
    if (plan.streamsWeights() && plan.offHeap()) {
      m.addStatement("stream(w, pb * $LL + k0 * $LL, pe * $LL)", panelBytes, rowBytes, panelBytes);
    } else if (plan.streamsWeights()) {
      m.addStatement("$T.stream(w, pb * $L + k0 * $L, pe * $L)", PREFETCH, plan.panelElements(), plan.panelWidth(),
          plan.panelElements());
    }
    m.addStatement("int r = r0")
        .beginControlFlow("for (; r + $L <= r1; r += $L)", plan.tileRows(), plan.tileRows());
    rowStarts(m);
    panelLoop(m, plan.tileRows());
    m.endControlFlow();
    List<Integer> remainder = plan.remainderRows();
    for (int rows : remainder) {
      m.beginControlFlow("if (r + $L <= r1)", rows);
      rowStarts(m);
      panelLoop(m, rows);
      if (rows != remainder.get(remainder.size() - 1)) {
        m.addStatement("r += $L", rows);
      }
      m.endControlFlow();
    }
    m.endControlFlow();
    return m.build();
  }

  private void panelLoop(MethodSpec.Builder m, int rows) {
    String arrays = tileArguments();
    m.beginControlFlow("for (int p = pb; p < pe; p++)");
    if (plan.tailColumns() == 0) {
      m.addStatement("$L(x, xRow, p, k0, $L)", tileName(rows, false), arrays);
    } else if (plan.fullPanels() == 0) {
      m.addStatement("$L(x, xRow, p, k0, $L)", tileName(rows, true), arrays);
    } else {
      m.beginControlFlow("if (p < $L)", plan.fullPanels())
          .addStatement("$L(x, xRow, p, k0, $L)", tileName(rows, false), arrays)
          .nextControlFlow("else")
          .addStatement("$L(x, xRow, p, k0, $L)", tileName(rows, true), arrays)
          .endControlFlow();
    }
    m.endControlFlow();
  }

  private void gemv() {
    // The GEMV loads vectors of the tiles' species S: a second species (256-bit loads from arrays were
    // 3-7% faster on MLP-S's first layer) makes the Vector API's shared call sites bimorphic, and C2
    // code compiled from such a profile boxed vectors in tiles inlined into their range.
    MethodSpec.Builder m = MethodSpec.methodBuilder(name + "Gemv")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Row {@code r} over panels {@code [p0, p1)}, each weight read once; k from {@code k0}.\n")
        .addParameter(FLOATS, "x")
        .addParameter(TypeName.INT, "xo")
        .addParameter(TypeName.INT, "r")
        .addParameter(TypeName.INT, "p0")
        .addParameter(TypeName.INT, "p1")
        .addParameter(TypeName.INT, "k0");
    arrays(m);
    int gl = plan.lanes();
    int perPanel = plan.panelWidth() / gl;
    // Narrow panels are streamed a few at a time, so the GEMV keeps enough accumulators in flight.
    int group = Math.max(1, plan.gemvColumns() / plan.panelWidth());
    String arrays = tileArguments();
    rowStarts(m);
    if (plan.fullPanels() > 0) {
      m.addStatement("int p = p0")
          .addStatement("int end = Math.min(p1, $L)", plan.fullPanels());
      if (group > 1 && plan.fullPanels() >= group) {
        m.beginControlFlow("for (; p + $L <= end; p += $L)", group, group)
            .addStatement("$LGemvPanels(x, xRow, p, k0, $L)", name, arrays)
            .endControlFlow();
        methods.add(tile(new Tile(name + "GemvPanels", 1, group * perPanel, gl, null, perPanel,
            group * perPanel * gl)));
      }
      m.beginControlFlow("for (; p < end; p++)")
          .addStatement("$LGemvPanel(x, xRow, p, k0, $L)", name, arrays)
          .endControlFlow();
      methods.add(tile(new Tile(name + "GemvPanel", 1, perPanel, gl, null)));
    }
    if (plan.tailColumns() > 0) {
      String mask = plan.tailColumns() % gl == 0 ? null : maskField(name + "GemvTailMask", plan.tailColumns() % gl);
      int vectors = (plan.tailColumns() + gl - 1) / gl;
      m.beginControlFlow("if (p1 > $L)", plan.fullPanels())
          .addStatement("$LGemvTail(x, xRow, $L, k0, $L)", name, plan.fullPanels(), arrays)
          .endControlFlow();
      methods.add(tile(new Tile(name + "GemvTail", 1, vectors, gl, mask, vectors, plan.tailColumns())));
    }
    methods.add(m.build());
  }

  private void tiles() {
    String mask = plan.tailColumns() % plan.lanes() == 0
        ? null : maskField(name + "TailMask", plan.tailColumns() % plan.lanes());
    for (int rows : plan.tileRowCounts()) {
      if (plan.fullPanels() > 0) {
        methods.add(tile(new Tile(tileName(rows, false), rows, plan.vectors(), plan.lanes(), null)));
      }
      if (plan.tailColumns() > 0) {
        int vectors = (plan.tailColumns() + plan.lanes() - 1) / plan.lanes();
        methods.add(tile(new Tile(tileName(rows, true), rows, vectors, plan.lanes(), mask, vectors,
            plan.tailColumns())));
      }
    }
  }

  private String maskField(String base, int lanes) {
    String field = constantName(base);
    fields.add(FieldSpec.builder(ParameterizedTypeName.get(VECTOR_MASK, ClassName.get(Float.class)), field,
            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("S.indexInRange(0, $L)", lanes)
        .build());
    return field;
  }

  /** {@code gemm64x64GemvTailMask} as the name of a constant: {@code GEMM64X64_GEMV_TAIL_MASK}. */
  static String constantName(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  private String tileName(int rows, boolean tail) {
    return name + "Rows" + rows + (tail ? "Tail" : "");
  }

  /** One register tile over one panel: {@code rows x vectors} accumulators across the whole k loop. */
  private MethodSpec tile(Tile t) {
    int width = plan.panelWidth();
    KernelPlan.Epilogue epilogue = plan.epilogue();
    MethodSpec.Builder m = MethodSpec.methodBuilder(t.method())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("$L row$L of x from {@code x0} times $L of panel {@code p}$L, over k from {@code k0}, into out "
                + "from {@code outRow}.\n", t.rows(), t.rows() == 1 ? "" : "s",
            t.columns() == plan.panelWidth() ? "the " + t.columns() + " columns"
                : t.panelVectors() < t.vectors() ? t.columns() + " columns" : "the first " + t.columns() + " columns",
            t.panelVectors() < t.vectors() ? " and the panels after it" : "")
        .addParameter(FLOATS, "x")
        .addParameter(TypeName.INT, "x0")
        .addParameter(TypeName.INT, "p")
        .addParameter(TypeName.INT, "k0");
    tileArrays(m);
    // Off the heap, weights are addressed in bytes, as longs.
    int unit = plan.offHeap() ? plan.storage().byteSize() : 1;
    if (plan.offHeap()) {
      m.addStatement("long wo = p * $LL", (long) plan.k() * width * unit);
    } else {
      m.addStatement("int wo = p * $L", (long) plan.k() * width);
    }
    for (int i = 1; i < t.rows(); i++) {
      m.addStatement("int x$L = x0 + $L", i, i * plan.k());
    }
    for (int i = 0; i < t.rows(); i++) {
      for (int v = 0; v < t.vectors(); v++) {
        m.addStatement("$T c$L_$L = $T.zero(S)", FLOAT_VECTOR, i, v, FLOAT_VECTOR);
      }
    }
    m.beginControlFlow("for (int k = k0; k < $L; k++)", plan.k());
    m.addStatement(plan.offHeap() ? "long wk = wo + k * $LL" : "int wk = wo + k * $L", width * unit);
    for (int v = 0; v < t.vectors(); v++) {
      long offset = ((long) (v / t.panelVectors()) * plan.k() * width + (long) (v % t.panelVectors()) * t.lanes()) * unit;
      String at = offset == 0 ? "" : " + " + offset + (plan.offHeap() ? "L" : "");
      m.addStatement("$T w$L = $L", FLOAT_VECTOR, v, load("wk" + at));
    }
    for (int i = 0; i < t.rows(); i++) {
      m.addStatement("$T a$L = $T.broadcast(S, x[x$L + k])", FLOAT_VECTOR, i, FLOAT_VECTOR, i);
      for (int v = 0; v < t.vectors(); v++) {
        m.addStatement("c$L_$L = w$L.fma(a$L, c$L_$L)", i, v, v, i, i, v);
      }
    }
    m.endControlFlow();
    m.addStatement("int col = p * $L", width);
    boolean fused = fusedInRegisters(epilogue.activation());
    if (plan.storage() == DType.I8) {
      for (int v = 0; v < t.vectors(); v++) {
        m.addStatement("$T s$L = $T.fromArray(S, b, col$L)", FLOAT_VECTOR, v, FLOAT_VECTOR,
            v == 0 ? "" : " + " + v * t.lanes());
      }
    }
    if (epilogue.bias()) {
      for (int v = 0; v < t.vectors(); v++) {
        int at = plan.biasOffset() + v * t.lanes();
        m.addStatement("$T b$L = $T.fromArray(S, b, col$L)", FLOAT_VECTOR, v, FLOAT_VECTOR,
            at == 0 ? "" : " + " + at);
      }
    }
    for (int i = 0; i < t.rows(); i++) {
      if (i == 0) {
        m.addStatement("int o0 = outRow + col");
        if (epilogue.residual()) {
          m.addStatement("int res0 = resRow + col");
        }
      } else {
        m.addStatement("int o$L = o0 + $L", i, i * plan.n());
      }
      for (int v = 0; v < t.vectors(); v++) {
        CodeBlock value;
        if (fused && epilogue.activation() == ActivationKind.LEAKY_RELU) {
          // max(y, alpha y) names y once.
          String y = "y" + i + "_" + v;
          m.addStatement("$T $L = $L", FLOAT_VECTOR, y, preActivation(plan, "c" + i + "_" + v, v));
          value = CodeBlock.of("$L.max($L.mul($L))", y, y, JavaCode.floatLiteral(epilogue.alpha()));
        } else {
          value = fused ? epilogue(plan, "c" + i + "_" + v, v) : preActivation(plan, "c" + i + "_" + v, v);
        }
        String offset = "o" + i + (v == 0 ? "" : " + " + v * t.lanes());
        boolean masked = t.mask() != null && v == t.vectors() - 1;
        if (fused && epilogue.residual()) {
          int step = i * plan.n() + v * t.lanes();
          String resOffset = "res0" + (step == 0 ? "" : " + " + step);
          value = masked
              ? CodeBlock.of("$L.add($T.fromArray(S, res, $L, $L))", value, FLOAT_VECTOR, resOffset,
                  t.mask())
              : CodeBlock.of("$L.add($T.fromArray(S, res, $L))", value, FLOAT_VECTOR, resOffset);
        }
        if (masked) {
          m.addStatement("$L.intoArray(out, $L, $L)", value, offset, t.mask());
        } else {
          m.addStatement("$L.intoArray(out, $L)", value, offset);
        }
      }
    }
    if (!fused) {
      m.addStatement("$T.applyBlock($T.$L, out, o0, $L, $L, $L, $L, $L)", ACTIVATIONS, ACTIVATION_KIND,
          epilogue.activation().name(), t.rows(), t.columns(), plan.n(), JavaCode.floatLiteral(epilogue.alpha()),
          epilogue.residual() ? "res, res0" : "null, 0");
    }
    return m.build();
  }

  /**
   * Whether the activation is applied in registers before the store; if not, the tile stores
   * {@code scale * (acc + bias)} and the activation (then the residual) runs over the stored
   * block with {@code Activations.applyBlock}. Exp, tanh and erf are too large to inline into a
   * register tile's two dozen stores: C2 would call them out of line, on vectors whose species it
   * no longer knows, boxed.
   */
  static boolean fusedInRegisters(ActivationKind kind) {
    return switch (kind) {
      case IDENTITY, RELU, LEAKY_RELU -> true;
      case SIGMOID, TANH, GELU, GELU_TANH -> false;
      case EXP, LOG, ERF, SQRT, RSQRT, ABS, POW -> false;
    };
  }

  /** {@code scale * (acc + bias)}: the epilogue without its activation. */
  private static CodeBlock preActivation(KernelPlan plan, String acc, int vector) {
    KernelPlan.Epilogue epilogue = plan.epilogue();
    CodeBlock e = CodeBlock.of("$L", acc);
    if (plan.storage() == DType.I8) {
      e = CodeBlock.of("$L.mul(s$L)", e, vector);
    }
    if (epilogue.bias()) {
      e = CodeBlock.of("$L.add(b$L)", e, vector);
    }
    if (epilogue.scale() != 1) {
      e = CodeBlock.of("$L.mul($L)", e, JavaCode.floatLiteral(epilogue.scale()));
    }
    return e;
  }

  /**
   * {@code act(scale * (acc + bias))} as an expression of Vector API calls only. Those are
   * force-inlined; a call to a method of netc's own with a vector argument is inlined at C2's
   * discretion, and where it is not (a tile's two dozen stores can exhaust C2's inlining budget)
   * the vector is boxed on every call.
   */
  private static CodeBlock epilogue(KernelPlan plan, String acc, int vector) {
    KernelPlan.Epilogue epilogue = plan.epilogue();
    CodeBlock e = preActivation(plan, acc, vector);
    return switch (epilogue.activation()) {
      case IDENTITY -> e;
      case RELU -> CodeBlock.of("$L.max(0f)", e);
      case LEAKY_RELU, SIGMOID, TANH, GELU, GELU_TANH, EXP, LOG, ERF, SQRT, RSQRT, ABS, POW -> throw new IllegalStateException(
          epilogue.activation() + " is not applied as one expression in a tile's registers");
    };
  }
}
