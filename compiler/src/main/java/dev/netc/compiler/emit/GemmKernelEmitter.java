package dev.netc.compiler.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.netc.compiler.graph.ActivationKind;
import dev.netc.compiler.ir.Op;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Emits the kernel of one fused dense layer, {@code out = act(scale * (x @ W + b))},
 * specialized to its shape: {@code K} inputs and {@code N} outputs are literals.
 *
 * <p>The weight is packed at load time into column panels of {@code P} floats
 * (up to 4 vectors), each panel's {@code K} rows contiguous, the last panel
 * zero-padded ({@code Layout.packPanels}); the bias is padded likewise. A tile
 * method holds {@code R x V} accumulators (R rows of x, V vectors of a panel)
 * across the whole k loop, which stays a plain counted loop (unrolling it by
 * hand makes C2 spill). Bias, scale and activation are applied in registers
 * before the single store: the output is written once. A panel narrower than
 * P (the tail of N) gets its own tile methods with a constant store mask, so
 * no branch decides the tail inside a loop.
 */
final class GemmKernelEmitter {
  static final ClassName FLOAT_VECTOR = ClassName.get("jdk.incubator.vector", "FloatVector");
  static final ClassName VECTOR_MASK = ClassName.get("jdk.incubator.vector", "VectorMask");
  static final ClassName VECTOR_SPECIES = ClassName.get("jdk.incubator.vector", "VectorSpecies");
  static final ClassName VECTOR_MATH = ClassName.get("dev.netc.runtime.kernels", "VectorMath");
  private static final TypeName FLOATS = ArrayTypeName.of(TypeName.FLOAT);
  /** Rows per tile: 4 rows x 4 vectors (16 accumulators) fits the 32 vector registers with room for operands. */
  static final int ROWS = 4;
  static final int MAX_VECTORS = 4;

  /** The shape of the layer and of its packed weight. */
  record Plan(String name, int k, int n, int lanes, Op.Gemm op) {
    int vectors() {
      return Math.min(MAX_VECTORS, (n + lanes - 1) / lanes);
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
  }

  private final List<MethodSpec> methods = new ArrayList<>();
  private final List<FieldSpec> fields = new ArrayList<>();

  List<MethodSpec> methods() {
    return methods;
  }

  List<FieldSpec> fields() {
    return fields;
  }

  /** Emits the driver {@code name(x, rows, w[, b], out)} and its tile methods. */
  void emit(Plan plan, String description) {
    boolean bias = plan.op().hasBias();
    MethodSpec.Builder driver = MethodSpec.methodBuilder(plan.name())
        .addModifiers(Modifier.STATIC)
        .addJavadoc("$L\n\n<p>Kernel: $L x $L weight in $L panel(s) of $L floats ($L vector(s) of $L), tiles of $L rows; "
                + "$L.\n", description, plan.k(), plan.n(), plan.panels(), plan.panelWidth(), plan.vectors(),
            plan.lanes(), ROWS,
            plan.tailColumns() == 0 ? "no tail" : "a " + plan.tailColumns() + "-column tail panel with a store mask")
        .addParameter(FLOATS, "x")
        .addParameter(TypeName.INT, "rows")
        .addParameter(FLOATS, "w");
    if (bias) {
      driver.addParameter(FLOATS, "b");
    }
    driver.addParameter(FLOATS, "out");
    String args = bias ? "x, r, w, b, out, p" : "x, r, w, out, p";
    int driverAt = methods.size();
    if (plan.fullPanels() > 0) {
      driver.beginControlFlow("for (int p = 0; p < $L; p++)", plan.fullPanels())
          .addStatement("int r = 0")
          .beginControlFlow("for (; r + $L <= rows; r += $L)", ROWS, ROWS)
          .addStatement("$L($L)", tileName(plan, ROWS, false), args)
          .endControlFlow()
          .beginControlFlow("for (; r < rows; r++)")
          .addStatement("$L($L)", tileName(plan, 1, false), args)
          .endControlFlow()
          .endControlFlow();
      methods.add(tile(plan, ROWS, false));
      methods.add(tile(plan, 1, false));
    }
    if (plan.tailColumns() > 0) {
      driver.addStatement("int p = $L", plan.fullPanels())
          .addStatement("int r = 0")
          .beginControlFlow("for (; r + $L <= rows; r += $L)", ROWS, ROWS)
          .addStatement("$L($L)", tileName(plan, ROWS, true), args)
          .endControlFlow()
          .beginControlFlow("for (; r < rows; r++)")
          .addStatement("$L($L)", tileName(plan, 1, true), args)
          .endControlFlow();
      methods.add(tile(plan, ROWS, true));
      methods.add(tile(plan, 1, true));
      if (plan.tailColumns() % plan.lanes() != 0) {
        fields.add(FieldSpec.builder(ParameterizedTypeName.get(VECTOR_MASK, ClassName.get(Float.class)),
                maskName(plan), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("S.indexInRange(0, $L)", plan.tailColumns() % plan.lanes())
            .build());
      }
    }
    methods.add(driverAt, driver.build());
  }

  private static String tileName(Plan plan, int rows, boolean tail) {
    return plan.name() + "Rows" + rows + (tail ? "Tail" : "");
  }

  private static String maskName(Plan plan) {
    return (plan.name() + "TailMask").replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
  }

  private MethodSpec tile(Plan plan, int rows, boolean tail) {
    int vectors = tail ? (plan.tailColumns() + plan.lanes() - 1) / plan.lanes() : plan.vectors();
    boolean masked = tail && plan.tailColumns() % plan.lanes() != 0;
    int width = plan.panelWidth();
    MethodSpec.Builder m = MethodSpec.methodBuilder(tileName(plan, rows, tail))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(FLOATS, "x")
        .addParameter(TypeName.INT, "r")
        .addParameter(FLOATS, "w");
    if (plan.op().hasBias()) {
      m.addParameter(FLOATS, "b");
    }
    m.addParameter(FLOATS, "out").addParameter(TypeName.INT, "p");
    m.addStatement("int wo = p * $L", plan.k() * width);
    m.addStatement("int x0 = r * $L", plan.k());
    for (int i = 1; i < rows; i++) {
      m.addStatement("int x$L = x0 + $L", i, i * plan.k());
    }
    for (int i = 0; i < rows; i++) {
      for (int v = 0; v < vectors; v++) {
        m.addStatement("$T c$L_$L = $T.zero(S)", FLOAT_VECTOR, i, v, FLOAT_VECTOR);
      }
    }
    m.beginControlFlow("for (int k = 0; k < $L; k++)", plan.k());
    m.addStatement("int wk = wo + k * $L", width);
    for (int v = 0; v < vectors; v++) {
      m.addStatement("$T w$L = $T.fromArray(S, w, wk$L)", FLOAT_VECTOR, v, FLOAT_VECTOR,
          v == 0 ? "" : " + " + v * plan.lanes());
    }
    for (int i = 0; i < rows; i++) {
      m.addStatement("$T a$L = $T.broadcast(S, x[x$L + k])", FLOAT_VECTOR, i, FLOAT_VECTOR, i);
      for (int v = 0; v < vectors; v++) {
        m.addStatement("c$L_$L = w$L.fma(a$L, c$L_$L)", i, v, v, i, i, v);
      }
    }
    m.endControlFlow();
    m.addStatement("int col = p * $L", width);
    if (plan.op().hasBias()) {
      for (int v = 0; v < vectors; v++) {
        m.addStatement("$T b$L = $T.fromArray(S, b, col$L)", FLOAT_VECTOR, v, FLOAT_VECTOR,
            v == 0 ? "" : " + " + v * plan.lanes());
      }
    }
    for (int i = 0; i < rows; i++) {
      if (i == 0) {
        m.addStatement("int o0 = r * $L + col", plan.n());
      } else {
        m.addStatement("int o$L = o0 + $L", i, i * plan.n());
      }
      for (int v = 0; v < vectors; v++) {
        CodeBlock value = epilogue(plan.op(), "c" + i + "_" + v, v);
        String offset = "o" + i + (v == 0 ? "" : " + " + v * plan.lanes());
        if (masked && v == vectors - 1) {
          m.addStatement("$L.intoArray(out, $L, $L)", value, offset, maskName(plan));
        } else {
          m.addStatement("$L.intoArray(out, $L)", value, offset);
        }
      }
    }
    return m.build();
  }

  /** {@code act(scale * (acc + bias))} as an expression. */
  private static CodeBlock epilogue(Op.Gemm op, String acc, int vector) {
    String e = acc;
    if (op.hasBias()) {
      e = e + ".add(b" + vector + ")";
    }
    if (op.scale() != 1) {
      e = e + ".mul(" + floatLiteral(op.scale()) + ")";
    }
    return activation(op.activation(), op.alpha(), e);
  }

  static CodeBlock activation(ActivationKind kind, double alpha, String e) {
    return switch (kind) {
      case IDENTITY -> CodeBlock.of("$L", e);
      case RELU -> CodeBlock.of("$T.relu($L)", VECTOR_MATH, e);
      case LEAKY_RELU -> CodeBlock.of("$T.leakyRelu($L, $L)", VECTOR_MATH, e, floatLiteral(alpha));
      case SIGMOID -> CodeBlock.of("$T.sigmoid($L)", VECTOR_MATH, e);
      case TANH -> CodeBlock.of("$T.tanh($L)", VECTOR_MATH, e);
      case GELU -> CodeBlock.of("$T.gelu($L)", VECTOR_MATH, e);
      case GELU_TANH -> CodeBlock.of("$T.geluTanh($L)", VECTOR_MATH, e);
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
