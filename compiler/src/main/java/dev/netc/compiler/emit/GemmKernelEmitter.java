package dev.netc.compiler.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.netc.runtime.ops.ActivationKind;
import dev.netc.compiler.ir.Op;
import dev.netc.runtime.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Emits the kernels of one fused dense layer, {@code out = act(scale * (x @ W + b))},
 * specialized to its shape: {@code K} inputs and {@code N} outputs are literals.
 *
 * <p>The weight is packed at load time into column panels of {@code P} floats
 * (up to 4 GEMM vectors), each panel's {@code K} rows contiguous, the last panel
 * zero-padded ({@code Layout.packPanels}); the bias is padded likewise. Two
 * kernels read that one layout:
 *
 * <ul>
 *   <li>GEMM, for two rows or more (compute-bound): a tile holds {@code R x V}
 *       accumulators ({@code R} = the tile rows, 12 by default, or the rows left
 *       over; {@code V} vectors of a panel) across the whole k loop, which stays a
 *       plain counted loop (unrolling it by hand makes C2 spill). Loop order: a
 *       block of panels sized to half of L2, then tiles of rows, then the panels
 *       of the block, so a block is read from memory once and from L2 by every
 *       tile of rows after. A weight larger than the last-level cache is
 *       prefetched block by block in one streaming pass, since the first tile
 *       over a panel would otherwise wait on memory.
 *   <li>GEMV, for one row (memory-bound): each weight is read exactly once,
 *       with 256-bit vectors, which stream from memory faster than 512-bit ones
 *       on the machines netc is tuned on, and one accumulator per vector of the
 *       panel.
 * </ul>
 *
 * <p>Bias, scale and activation are applied in registers before the single
 * store. A panel narrower than P (the tail of N) has its own tile methods with
 * a constant store mask, so no branch decides the tail inside a loop. A layer
 * with at least {@code Parallel.DEFAULT_THRESHOLD} multiply-adds ({@code Parallel.THRESHOLD}
 * on a caller's executor) is split over two
 * threads: by blocks of rows, or by panels for fewer than four tiles of rows
 * or a weight read from memory (each thread then reads its own half). Every output
 * element is the same chain of fused multiply-adds over k in order whichever
 * kernel, tile or thread computes it, so results are bitwise identical.
 */
final class GemmKernelEmitter {
  static final ClassName FLOAT_VECTOR = ClassName.get("jdk.incubator.vector", "FloatVector");
  static final ClassName VECTOR_MASK = ClassName.get("jdk.incubator.vector", "VectorMask");
  static final ClassName VECTOR_SPECIES = ClassName.get("jdk.incubator.vector", "VectorSpecies");
  static final ClassName PARALLEL = ClassName.get("dev.netc.runtime", "Parallel");
  static final ClassName PREFETCH = ClassName.get("dev.netc.runtime.kernels", "Prefetch");
  static final ClassName ACTIVATIONS = ClassName.get("dev.netc.runtime.kernels", "Activations");
  static final ClassName ACTIVATION_KIND = ClassName.get(ActivationKind.class);
  static final ClassName EXECUTOR = ClassName.get("java.util.concurrent", "Executor");
  static final ClassName MEMORY_SEGMENT = ClassName.get("java.lang.foreign", "MemorySegment");
  static final ClassName VALUE_LAYOUT = ClassName.get("java.lang.foreign", "ValueLayout");
  static final ClassName BYTE_ORDER = ClassName.get("java.nio", "ByteOrder");
  private static final TypeName FLOATS = ArrayTypeName.of(TypeName.FLOAT);
  /** Lanes of the GEMV kernel over a {@code float[]}: 256-bit vectors. */
  static final int GEMV_LANES = 8;

  /** The shape of the layer and of its packed weight. */
  record Plan(String name, int k, int n, int lanes, int l2Bytes, long l3Bytes, long networkWeightBytes, int tileRows,
      int tileVectors, boolean offHeap, Op.Gemm op) {
    int vectors() {
      return Math.min(tileVectors, (n + lanes - 1) / lanes);
    }

    int panelWidth() {
      return vectors() * lanes;
    }

    int panels() {
      return (n + panelWidth() - 1) / panelWidth();
    }

    int fullPanels() {
      return n / panelWidth();
    }

    int tailColumns() {
      return n - fullPanels() * panelWidth();
    }

    /** Floats of one packed panel. */
    long panelFloats() {
      return (long) k * panelWidth();
    }

    /**
     * Whether every forward pass reads the packed weight from memory: it outgrows L2,
     * and it or the network's weights together outgrow the last-level cache (the
     * other layers' weights then evict it between passes). Each block of panels is
     * then prefetched into L2 in one streaming pass before its row tiles, and two
     * threads split the panels rather than the rows, so each reads only its half.
     */
    boolean streamsWeights() {
      long bytes = panels() * panelFloats() * Float.BYTES;
      return bytes > l2Bytes && Math.max(bytes, networkWeightBytes) > l3Bytes;
    }

    /**
     * Lanes of the GEMV's loads: 256-bit vectors from a {@code float[]}, whose data may start
     * anywhere in a cache line (a 512-bit load then always straddles two); the full width from
     * off-heap memory aligned to cache lines (MLP-S's first layer at one row, 784 x 128 in
     * L2: 3.3 us with 256-bit loads, 2.7 us with 512-bit ones).
     */
    int gemvLanes() {
      return offHeap ? lanes : Math.min(GEMV_LANES, lanes);
    }

    /**
     * Panels per block: as many as fit half of L2 (the other half is for the rows
     * streaming past), so a block's weights are read from memory once and from L2
     * by every block of rows after the first.
     */
    int blockPanels() {
      long panelBytes = (long) k * panelWidth() * Float.BYTES;
      return (int) Math.max(1, Math.min(panels(), (l2Bytes / 2) / panelBytes));
    }
  }

  /**
   * One tile method's shape: rows, vectors of which lanes, the species field, and the
   * store mask if any. A tile may span several adjacent panels ({@code panelVectors}
   * vectors each): their columns are contiguous in the output, but each panel's
   * weights are a block of their own.
   */
  private record Tile(String method, int rows, int vectors, int lanes, String species, String mask, int panelVectors,
      int columns) {
    Tile(String method, int rows, int vectors, int lanes, String species, String mask, int panelVectors) {
      this(method, rows, vectors, lanes, species, mask, panelVectors, vectors * lanes);
    }

    Tile(String method, int rows, int vectors, int lanes, String species, String mask) {
      this(method, rows, vectors, lanes, species, mask, vectors);
    }

    /** A tile over the tail panel: {@code columns} of its vectors' lanes are outputs. */
    static Tile tail(String method, int rows, int vectors, int lanes, String species, String mask, int columns) {
      return new Tile(method, rows, vectors, lanes, species, mask, vectors, columns);
    }
  }

  /**
   * Columns a GEMV step covers when the weight fits L2: 8 accumulators of 256 bits
   * kept the weight stream fastest (MLP-S at batch 1: 16 measured 1.25x slower).
   */
  static final int GEMV_COLUMNS = 64;

  /**
   * Columns a GEMV step covers when the weight comes from L3 or memory: 16
   * accumulators, four panels streamed side by side, keep more cache-line misses
   * in flight (MLP-L at batch 1: 6.07 -> 5.28 ms against 64 columns).
   */
  static final int GEMV_COLUMNS_STREAMING = 128;

  private final List<MethodSpec> methods = new ArrayList<>();
  private final List<FieldSpec> fields = new ArrayList<>();
  private boolean gemvSpecies;
  private boolean streamsOffHeap;

  List<MethodSpec> methods() {
    return methods;
  }

  List<FieldSpec> fields() {
    return fields;
  }

  /** Whether some kernel uses the GEMV species {@code H} (declared by the caller). */
  boolean usesGemvSpecies() {
    return gemvSpecies;
  }

  /**
   * Whether some kernel prefetches an off-heap weight: the caller then declares
   * {@link #offHeapPrefetch()} in the kernels class ({@code Prefetch.stream} reads
   * arrays, since the runtime itself runs on Java 21).
   */
  boolean streamsOffHeap() {
    return streamsOffHeap;
  }

  /**
   * {@code stream(w, from, to)}: reads the bytes {@code [from, to)} of an off-heap
   * weight once, front to back, one load per cache line, so they arrive in L2 at the
   * memory's streaming rate before the register tiles that use them.
   */
  static MethodSpec offHeapPrefetch() {
    return MethodSpec.methodBuilder("stream")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Reads bytes {@code [from, to)} of {@code w} once, one float per 64-byte cache line and "
            + "four independent sums, so that the lines arrive in L2 at the memory's streaming rate before the "
            + "register tiles that use them; without it the first tile over each panel waits on memory one line "
            + "at a time.\n")
        .addParameter(MEMORY_SEGMENT, "w")
        .addParameter(TypeName.LONG, "from")
        .addParameter(TypeName.LONG, "to")
        .addStatement("float s0 = 0, s1 = 0, s2 = 0, s3 = 0")
        .addStatement("long i = from")
        .beginControlFlow("for (; i + 256 <= to; i += 256)")
        .addStatement("s0 += w.get($T.JAVA_FLOAT, i)", VALUE_LAYOUT)
        .addStatement("s1 += w.get($T.JAVA_FLOAT, i + 64)", VALUE_LAYOUT)
        .addStatement("s2 += w.get($T.JAVA_FLOAT, i + 128)", VALUE_LAYOUT)
        .addStatement("s3 += w.get($T.JAVA_FLOAT, i + 192)", VALUE_LAYOUT)
        .endControlFlow()
        .beginControlFlow("for (; i < to; i += 64)")
        .addStatement("s0 += w.get($T.JAVA_FLOAT, i)", VALUE_LAYOUT)
        .endControlFlow()
        .addStatement("prefetched = s0 + s1 + s2 + s3")
        .build();
  }

  /** The volatile sink of {@link #offHeapPrefetch()}. */
  static FieldSpec offHeapPrefetchSink() {
    return FieldSpec.builder(TypeName.FLOAT, "prefetched", Modifier.PRIVATE, Modifier.STATIC, Modifier.VOLATILE)
        .addJavadoc("Where {@code stream} leaves its sum, so the JIT cannot drop its reads.\n")
        .build();
  }

  /**
   * Emits the driver {@code name(x, xo, rows, w[, b], out, oo[, res, ro], executor)} and its range, tile
   * and GEMV methods; {@code x}, {@code out} and {@code res} start at the offsets that follow them.
   */
  void emit(Plan plan, String description) {
    String weights = arrayArguments(plan);
    MethodSpec.Builder driver = MethodSpec.methodBuilder(plan.name())
        .addModifiers(Modifier.STATIC)
        .addJavadoc("$L\n\n<p>Kernels: GEMV (one row, $L-bit vectors, $L accumulator(s) per panel) and GEMM "
                + "(tiles of up to $L rows x $L vector(s) of $L floats); weight $L x $L packed in $L panel(s) of $L "
                + "columns, $L panel(s) per block; $L. $L Split over two threads from $L$L.\n",
            description, plan.gemvLanes() * 32, plan.panelWidth() / plan.gemvLanes(), plan.tileRows(), plan.vectors(),
            plan.lanes(), plan.k(), plan.n(), plan.panels(), plan.panelWidth(), plan.blockPanels(),
            plan.tailColumns() == 0 ? "no tail" : "a " + plan.tailColumns() + "-column tail panel with a store mask",
            plan.streamsWeights()
                ? "The weight is read from memory on every pass (it, or the network's " + (plan.networkWeightBytes() >> 10)
                    + " KiB of weights, outgrows the " + (plan.l3Bytes() >> 10) + " KiB last-level cache assumed), so "
                    + "each block of panels is prefetched into L2 before its row tiles."
                : "The weight stays in cache between passes (" + (plan.l3Bytes() >> 10) + " KiB last-level cache "
                    + "assumed).",
            "2^" + log2(Parallel.DEFAULT_THRESHOLD) + " multiply-adds on netc's default workers or 2^"
                + log2(Parallel.THRESHOLD) + " on a caller's executor (one row: 2^" + log2(Parallel.GEMV_THRESHOLD)
                + " weights)",
            plan.streamsWeights() && plan.panels() >= 2 ? ", by panels, so each thread reads half of the weight" : "");
    parameters(driver, plan);
    driver.addParameter(EXECUTOR, "executor");
    String range = plan.name() + "Range";
    String rangeField = rangeField(plan);
    String handOff = "x, xo, w, " + (plan.op().hasBias() ? "b" : "null") + ", out, oo, "
        + (plan.op().hasResidual() ? "res, ro" : "null, 0");
    driver.beginControlFlow("if ($T.worthSplitting(executor, rows, $LL, $LL))", PARALLEL, plan.k(), plan.n());
    boolean byPanelsOnly = plan.streamsWeights() && plan.panels() >= 2;
    if (!byPanelsOnly) {
      // Halves of whole tiles are uneven for few rows (32 rows: 24 and 8), so those split by panels.
      driver.beginControlFlow("if (rows >= $L)", plan.panels() >= 2 ? 4 * plan.tileRows() : 2 * plan.tileRows())
          .addStatement("int mid = (rows / 2 + $L) / $L * $L", plan.tileRows() / 2, plan.tileRows(), plan.tileRows())
          .addStatement("$T.Half other = $T.startRange(executor, $L, $L, mid, rows, 0, $L)", PARALLEL, PARALLEL,
              rangeField, handOff, plan.panels())
          .addStatement("$L(x, xo, 0, mid, 0, $L, $L)", range, plan.panels(), weights)
          .addStatement("$T.join(other)", PARALLEL)
          .addStatement("return")
          .endControlFlow();
    }
    if (plan.panels() >= 2) {
      driver.addStatement("$T.Half other = $T.startRange(executor, $L, $L, 0, rows, $L, $L)", PARALLEL, PARALLEL,
              rangeField, handOff, plan.panels() / 2, plan.panels())
          .addStatement("$L(x, xo, 0, rows, 0, $L, $L)", range, plan.panels() / 2, weights)
          .addStatement("$T.join(other)", PARALLEL)
          .addStatement("return");
    }
    driver.endControlFlow();
    driver.addStatement("$L(x, xo, 0, rows, 0, $L, $L)", range, plan.panels(), weights);
    methods.add(driver.build());
    methods.add(range(plan));
    emitGemv(plan);
    emitTiles(plan);
  }

  /**
   * The static field holding {@code <name>Range} as a {@code Parallel.Range}: a lambda that
   * captures nothing is created once, so a split hands its half over without allocating.
   */
  private String rangeField(Plan plan) {
    String name = constantName(plan.name() + "Range");
    CodeBlock args = CodeBlock.of("(float[]) x, xo, r0, r1, p0, p1, ($T) w$L, (float[]) out, oo$L",
        plan.offHeap() ? MEMORY_SEGMENT : FLOATS, plan.op().hasBias() ? ", (float[]) b" : "",
        plan.op().hasResidual() ? ", (float[]) res, ro" : "");
    fields.add(FieldSpec.builder(PARALLEL.nestedClass("Range"), name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("{@code $LRange} as the half of a split that another thread runs.\n", plan.name())
        .initializer("(x, xo, w, b, out, oo, res, ro, r0, r1, p0, p1) ->\n    $LRange($L)", plan.name(), args)
        .build());
    return name;
  }

  private static int log2(long powerOfTwo) {
    return Long.numberOfTrailingZeros(powerOfTwo);
  }

  private static void parameters(MethodSpec.Builder m, Plan plan) {
    m.addParameter(FLOATS, "x").addParameter(TypeName.INT, "xo").addParameter(TypeName.INT, "rows");
    arrays(m, plan);
  }

  /** The weight, bias, output and residual parameters every kernel method ends with, with their offsets. */
  private static void arrays(MethodSpec.Builder m, Plan plan) {
    m.addParameter(plan.offHeap() ? MEMORY_SEGMENT : FLOATS, "w");
    if (plan.op().hasBias()) {
      m.addParameter(FLOATS, "b");
    }
    m.addParameter(FLOATS, "out").addParameter(TypeName.INT, "oo");
    if (plan.op().hasResidual()) {
      m.addParameter(FLOATS, "res").addParameter(TypeName.INT, "ro");
    }
  }

  /** The same arrays as arguments. */
  private static String arrayArguments(Plan plan) {
    return "w" + (plan.op().hasBias() ? ", b" : "") + ", out, oo" + (plan.op().hasResidual() ? ", res, ro" : "");
  }

  /** Rows {@code [r0, r1)} by panels {@code [p0, p1)}: GEMV for one row, else GEMM blocks. */
  private MethodSpec range(Plan plan) {
    String weights = arrayArguments(plan);
    MethodSpec.Builder m = MethodSpec.methodBuilder(plan.name() + "Range")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(FLOATS, "x")
        .addParameter(TypeName.INT, "xo")
        .addParameter(TypeName.INT, "r0")
        .addParameter(TypeName.INT, "r1")
        .addParameter(TypeName.INT, "p0")
        .addParameter(TypeName.INT, "p1");
    arrays(m, plan);
    m.beginControlFlow("if (r1 - r0 == 1)")
        .addStatement("$LGemv(x, xo, r0, p0, p1, $L)", plan.name(), weights)
        .addStatement("return")
        .endControlFlow();
    m.beginControlFlow("for (int pb = p0; pb < p1; pb += $L)", plan.blockPanels())
        .addStatement("int pe = Math.min(pb + $L, p1)", plan.blockPanels());
    if (plan.streamsWeights() && plan.offHeap()) {
      streamsOffHeap = true;
      m.addStatement("stream(w, pb * $LL, pe * $LL)", plan.panelFloats() * Float.BYTES, plan.panelFloats() * Float.BYTES);
    } else if (plan.streamsWeights()) {
      m.addStatement("$T.stream(w, pb * $L, pe * $L)", PREFETCH, plan.panelFloats(), plan.panelFloats());
    }
    m.addStatement("int r = r0")
        .beginControlFlow("for (; r + $L <= r1; r += $L)", plan.tileRows(), plan.tileRows());
    panelLoop(m, plan, plan.tileRows(), weights);
    m.endControlFlow();
    m.beginControlFlow("switch (r1 - r)");
    for (int rows = plan.tileRows() - 1; rows >= 1; rows--) {
      m.beginControlFlow("case $L ->", rows);
      panelLoop(m, plan, rows, weights);
      m.endControlFlow();
    }
    m.beginControlFlow("default ->").endControlFlow();
    m.endControlFlow();
    m.endControlFlow();
    return m.build();
  }

  private static void panelLoop(MethodSpec.Builder m, Plan plan, int rows, String weights) {
    m.beginControlFlow("for (int p = pb; p < pe; p++)");
    if (plan.tailColumns() == 0) {
      m.addStatement("$L(x, xo, r, p, $L)", tileName(plan, rows, false), weights);
    } else if (plan.fullPanels() == 0) {
      m.addStatement("$L(x, xo, r, p, $L)", tileName(plan, rows, true), weights);
    } else {
      m.beginControlFlow("if (p < $L)", plan.fullPanels())
          .addStatement("$L(x, xo, r, p, $L)", tileName(plan, rows, false), weights)
          .nextControlFlow("else")
          .addStatement("$L(x, xo, r, p, $L)", tileName(plan, rows, true), weights)
          .endControlFlow();
    }
    m.endControlFlow();
  }

  private void emitGemv(Plan plan) {
    // Off the heap the GEMV loads full vectors, of the GEMM's species S.
    String species = plan.offHeap() ? "S" : "H";
    gemvSpecies |= !plan.offHeap();
    String weights = arrayArguments(plan);
    MethodSpec.Builder m = MethodSpec.methodBuilder(plan.name() + "Gemv")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(FLOATS, "x")
        .addParameter(TypeName.INT, "xo")
        .addParameter(TypeName.INT, "r")
        .addParameter(TypeName.INT, "p0")
        .addParameter(TypeName.INT, "p1");
    arrays(m, plan);
    int gl = plan.gemvLanes();
    int perPanel = plan.panelWidth() / gl;
    // Narrow panels are streamed a few at a time, so the GEMV keeps enough accumulators in flight.
    int columns = plan.panels() * plan.panelFloats() * Float.BYTES > plan.l2Bytes() ? GEMV_COLUMNS_STREAMING : GEMV_COLUMNS;
    int group = Math.max(1, columns / plan.panelWidth());
    if (plan.fullPanels() > 0) {
      m.addStatement("int p = p0")
          .addStatement("int end = Math.min(p1, $L)", plan.fullPanels());
      if (group > 1 && plan.fullPanels() >= group) {
        m.beginControlFlow("for (; p + $L <= end; p += $L)", group, group)
            .addStatement("$LGemvPanels(x, xo, r, p, $L)", plan.name(), weights)
            .endControlFlow();
        methods.add(tile(plan, new Tile(plan.name() + "GemvPanels", 1, group * perPanel, gl, species, null, perPanel)));
      }
      m.beginControlFlow("for (; p < end; p++)")
          .addStatement("$LGemvPanel(x, xo, r, p, $L)", plan.name(), weights)
          .endControlFlow();
      methods.add(tile(plan, new Tile(plan.name() + "GemvPanel", 1, perPanel, gl, species, null)));
    }
    if (plan.tailColumns() > 0) {
      String mask = plan.tailColumns() % gl == 0 ? null : maskField(plan.name() + "GemvTailMask", species, plan.tailColumns() % gl);
      m.beginControlFlow("if (p1 > $L)", plan.fullPanels())
          .addStatement("$LGemvTail(x, xo, r, $L, $L)", plan.name(), plan.fullPanels(), weights)
          .endControlFlow();
      methods.add(tile(plan, Tile.tail(plan.name() + "GemvTail", 1, (plan.tailColumns() + gl - 1) / gl, gl, species, mask,
          plan.tailColumns())));
    }
    methods.add(m.build());
  }

  private void emitTiles(Plan plan) {
    String mask = plan.tailColumns() % plan.lanes() == 0
        ? null : maskField(plan.name() + "TailMask", "S", plan.tailColumns() % plan.lanes());
    for (int rows = plan.tileRows(); rows >= 1; rows--) {
      if (plan.fullPanels() > 0) {
        methods.add(tile(plan, new Tile(tileName(plan, rows, false), rows, plan.vectors(), plan.lanes(), "S", null)));
      }
      if (plan.tailColumns() > 0) {
        int vectors = (plan.tailColumns() + plan.lanes() - 1) / plan.lanes();
        methods.add(tile(plan, Tile.tail(tileName(plan, rows, true), rows, vectors, plan.lanes(), "S", mask,
            plan.tailColumns())));
      }
    }
  }

  private String maskField(String base, String species, int lanes) {
    String name = constantName(base);
    fields.add(FieldSpec.builder(ParameterizedTypeName.get(VECTOR_MASK, ClassName.get(Float.class)), name,
            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("$L.indexInRange(0, $L)", species, lanes)
        .build());
    return name;
  }

  /** {@code fc1GemvTailMask} as the name of a constant: {@code FC1_GEMV_TAIL_MASK}. */
  private static String constantName(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  private static String tileName(Plan plan, int rows, boolean tail) {
    return plan.name() + "Rows" + rows + (tail ? "Tail" : "");
  }

  /** One register tile over one panel: {@code rows x vectors} accumulators across the whole k loop. */
  private static MethodSpec tile(Plan plan, Tile t) {
    int width = plan.panelWidth();
    MethodSpec.Builder m = MethodSpec.methodBuilder(t.method())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(FLOATS, "x")
        .addParameter(TypeName.INT, "xo")
        .addParameter(TypeName.INT, "r")
        .addParameter(TypeName.INT, "p");
    arrays(m, plan);
    // Off the heap, weights are addressed in bytes, as longs.
    int unit = plan.offHeap() ? Float.BYTES : 1;
    if (plan.offHeap()) {
      m.addStatement("long wo = p * $LL", (long) plan.k() * width * unit);
    } else {
      m.addStatement("int wo = p * $L", (long) plan.k() * width);
    }
    m.addStatement("int x0 = xo + r * $L", plan.k());
    for (int i = 1; i < t.rows(); i++) {
      m.addStatement("int x$L = x0 + $L", i, i * plan.k());
    }
    for (int i = 0; i < t.rows(); i++) {
      for (int v = 0; v < t.vectors(); v++) {
        m.addStatement("$T c$L_$L = $T.zero($L)", FLOAT_VECTOR, i, v, FLOAT_VECTOR, t.species());
      }
    }
    m.beginControlFlow("for (int k = 0; k < $L; k++)", plan.k());
    m.addStatement(plan.offHeap() ? "long wk = wo + k * $LL" : "int wk = wo + k * $L", width * unit);
    for (int v = 0; v < t.vectors(); v++) {
      long offset = ((long) (v / t.panelVectors()) * plan.k() * width + (long) (v % t.panelVectors()) * t.lanes()) * unit;
      String at = offset == 0 ? "" : " + " + offset + (plan.offHeap() ? "L" : "");
      if (plan.offHeap()) {
        m.addStatement("$T w$L = $T.fromMemorySegment($L, w, wk$L, ORDER)", FLOAT_VECTOR, v, FLOAT_VECTOR,
            t.species(), at);
      } else {
        m.addStatement("$T w$L = $T.fromArray($L, w, wk$L)", FLOAT_VECTOR, v, FLOAT_VECTOR, t.species(), at);
      }
    }
    for (int i = 0; i < t.rows(); i++) {
      m.addStatement("$T a$L = $T.broadcast($L, x[x$L + k])", FLOAT_VECTOR, i, FLOAT_VECTOR, t.species(), i);
      for (int v = 0; v < t.vectors(); v++) {
        m.addStatement("c$L_$L = w$L.fma(a$L, c$L_$L)", i, v, v, i, i, v);
      }
    }
    m.endControlFlow();
    m.addStatement("int col = p * $L", width);
    boolean fused = fusedInRegisters(plan.op().activation());
    if (plan.op().hasBias()) {
      for (int v = 0; v < t.vectors(); v++) {
        m.addStatement("$T b$L = $T.fromArray($L, b, col$L)", FLOAT_VECTOR, v, FLOAT_VECTOR, t.species(),
            v == 0 ? "" : " + " + v * t.lanes());
      }
    }
    for (int i = 0; i < t.rows(); i++) {
      if (i == 0) {
        m.addStatement("int o0 = oo + r * $L + col", plan.n());
        if (plan.op().hasResidual()) {
          m.addStatement("int res0 = ro + r * $L + col", plan.n());
        }
      } else {
        m.addStatement("int o$L = o0 + $L", i, i * plan.n());
      }
      for (int v = 0; v < t.vectors(); v++) {
        CodeBlock value;
        if (fused && plan.op().activation() == ActivationKind.LEAKY_RELU) {
          // max(y, alpha y) names y once.
          String y = "y" + i + "_" + v;
          m.addStatement("$T $L = $L", FLOAT_VECTOR, y, preActivation(plan.op(), "c" + i + "_" + v, v));
          value = CodeBlock.of("$L.max($L.mul($L))", y, y, floatLiteral(plan.op().alpha()));
        } else {
          value = fused ? epilogue(plan.op(), "c" + i + "_" + v, v) : preActivation(plan.op(), "c" + i + "_" + v, v);
        }
        String offset = "o" + i + (v == 0 ? "" : " + " + v * t.lanes());
        boolean masked = t.mask() != null && v == t.vectors() - 1;
        if (fused && plan.op().hasResidual()) {
          int step = i * plan.n() + v * t.lanes();
          String resOffset = "res0" + (step == 0 ? "" : " + " + step);
          value = masked
              ? CodeBlock.of("$L.add($T.fromArray($L, res, $L, $L))", value, FLOAT_VECTOR, t.species(), resOffset,
                  t.mask())
              : CodeBlock.of("$L.add($T.fromArray($L, res, $L))", value, FLOAT_VECTOR, t.species(), resOffset);
        }
        if (masked) {
          m.addStatement("$L.intoArray(out, $L, $L)", value, offset, t.mask());
        } else {
          m.addStatement("$L.intoArray(out, $L)", value, offset);
        }
      }
    }
    if (!fused) {
      m.addStatement("$T.applyBlock($T.$L, out, o0, $L, $L, $L, $L, $L)", ACTIVATIONS, ACTIVATION_KIND, plan.op().activation().name(), t.rows(),
          t.columns(), plan.n(), floatLiteral(plan.op().alpha()), plan.op().hasResidual() ? "res, res0" : "null, 0");
    }
    return m.build();
  }

  /**
   * Whether the activation is applied in registers before the store; if not, the tile
   * stores {@code scale * (acc + bias)} and the activation (then the residual) runs over
   * the stored block with {@code Activation.applyBlock}. Exp, tanh and erf are too
   * large to inline into a register tile's two dozen stores: C2 would call them out of
   * line, on vectors whose species it no longer knows, boxed.
   */
  static boolean fusedInRegisters(ActivationKind kind) {
    return switch (kind) {
      case IDENTITY, RELU, LEAKY_RELU -> true;
      case SIGMOID, TANH, GELU, GELU_TANH -> false;
    };
  }

  /** {@code scale * (acc + bias)}: the epilogue without its activation. */
  private static CodeBlock preActivation(Op.Gemm op, String acc, int vector) {
    String e = acc;
    if (op.hasBias()) {
      e = e + ".add(b" + vector + ")";
    }
    if (op.scale() != 1) {
      e = e + ".mul(" + floatLiteral(op.scale()) + ")";
    }
    return CodeBlock.of("$L", e);
  }

  /** {@code act(scale * (acc + bias))} as an expression. */
  private static CodeBlock epilogue(Op.Gemm op, String acc, int vector) {
    return activation(op.activation(), op.alpha(), preActivation(op, acc, vector).toString());
  }

  /**
   * A fused activation as an expression of Vector API calls only. Those are force-inlined;
   * a call to a method of netc's own with a vector argument is inlined at C2's discretion,
   * and where it is not (a tile's two dozen stores can exhaust C2's inlining budget) the
   * vector is boxed on every call.
   */
  static CodeBlock activation(ActivationKind kind, double alpha, String e) {
    return switch (kind) {
      case IDENTITY -> CodeBlock.of("$L", e);
      case RELU -> CodeBlock.of("$L.max(0f)", e);
      case LEAKY_RELU, SIGMOID, TANH, GELU, GELU_TANH ->
          throw new IllegalStateException(kind + " is not applied as one expression in a tile's registers");
    };
  }

  /** A Java float literal that reads back as exactly {@code (float) v}. */
  static String floatLiteral(double v) {
    float f = (float) v;
    if (Float.isNaN(f)) {
      return "Float.NaN";
    }
    if (Float.isInfinite(f)) {
      return f > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY";
    }
    return Float.toString(f) + "f";
  }
}
