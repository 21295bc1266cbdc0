package dev.netc.compiler.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.netc.compiler.plan.IntList;
import dev.netc.compiler.plan.NetworkPlan;
import dev.netc.compiler.plan.Sum;
import dev.netc.compiler.plan.Value;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import dev.netc.runtime.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plan's values as Java: sizes as {@code int} expressions (a fixed size is a literal, a
 * run-time one the product of the {@code forward} parameters that hold its symbols), arrays and
 * their offsets, element types as array types.
 */
final class JavaCode {
  static final ClassName WORKSPACE = ClassName.get("dev.netc.runtime", "Workspace");
  static final ClassName CHECKS = ClassName.get("dev.netc.runtime", "Checks");

  private final Map<String, String> symbols;

  /** @param dims each run-time dimension and the variable holding it */
  JavaCode(List<NetworkPlan.Dimension> dims) {
    this.symbols = new java.util.HashMap<>();
    dims.forEach(d -> symbols.put(d.symbol(), d.variable()));
  }

  /** An {@code int} expression for {@code d}: {@code 64 * t}. */
  CodeBlock of(Dim d) {
    List<String> factors = new ArrayList<>();
    if (d.coefficient() != 1 || d.symbols().isEmpty()) {
      factors.add(Long.toString(d.coefficient()));
    }
    for (String s : d.symbols()) {
      factors.add(symbols.get(s));
    }
    return CodeBlock.of("$L", String.join(" * ", factors));
  }

  /** A {@code long} expression for {@code d}, for sizes that are checked before they are used as ints. */
  CodeBlock ofLong(Dim d) {
    if (d.isFixed()) {
      return CodeBlock.of("$LL", d.value());
    }
    List<String> factors = new ArrayList<>();
    factors.add(d.coefficient() != 1 ? d.coefficient() + "L" : "(long) " + symbols.get(d.symbols().get(0)));
    for (int i = d.coefficient() != 1 ? 0 : 1; i < d.symbols().size(); i++) {
      factors.add(symbols.get(d.symbols().get(i)));
    }
    return CodeBlock.of("$L", String.join(" * ", factors));
  }

  /** An {@code int} expression for a sum: {@code 0} when empty. */
  CodeBlock of(Sum s) {
    if (s.isZero()) {
      return CodeBlock.of("0");
    }
    return CodeBlock.join(s.terms().stream().map(this::of).toList(), " + ");
  }

  /** A {@code long} expression for a sum. */
  CodeBlock ofLong(Sum s) {
    if (s.isZero()) {
      return CodeBlock.of("0L");
    }
    return CodeBlock.join(s.terms().stream().map(this::ofLong).toList(), " + ");
  }

  /** The {@code int[]} a kernel takes. */
  CodeBlock of(IntList list) {
    return switch (list) {
      case IntList.Constant c -> CodeBlock.of("$N", c.field());
      case IntList.Dynamic d -> CodeBlock.of("workspace.dims($L, $L)", d.slot(),
          CodeBlock.join(d.entries().stream().map(this::of).toList(), ", "));
      case IntList.Fresh f -> CodeBlock.of("new int[] {$L}", CodeBlock.join(f.entries().stream().map(this::of).toList(),
          ", "));
    };
  }

  /** The array holding a value. */
  static CodeBlock array(Value v) {
    return switch (v) {
      case Value.Input in -> CodeBlock.of("$N", in.variable());
      case Value.Output out -> CodeBlock.of("$N", out.variable());
      case Value.Field f -> CodeBlock.of("this.$N", f.field().field());
      case Value.Scratch s -> CodeBlock.of("$N", s.buffer().variable());
      case Value.Constant c -> CodeBlock.of("$N", c.field());
    };
  }

  /** Where a value's elements start in its array. */
  static CodeBlock offset(Value v) {
    return switch (v) {
      case Value.Input in -> CodeBlock.of("$N", in.offset());
      case Value.Output out -> CodeBlock.of("$N", out.offset());
      case Value.Field f -> CodeBlock.of("0");
      case Value.Scratch s -> CodeBlock.of("0");
      case Value.Constant c -> CodeBlock.of("0");
    };
  }

  /** {@code array, offset}: how every runtime kernel takes an operand. */
  static CodeBlock operand(Value v) {
    return CodeBlock.of("$L, $L", array(v), offset(v));
  }

  /** {@code "[" + n + ", 4]"}: a shape for this call, for messages. */
  CodeBlock shapeText(Shape s) {
    List<CodeBlock> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder("[");
    for (int i = 0; i < s.rank(); i++) {
      Dim d = s.dim(i);
      if (i > 0) {
        literal.append(", ");
      }
      if (d.isFixed()) {
        literal.append(d.valueText());
      } else {
        parts.add(CodeBlock.of("$S", literal.toString()));
        parts.add(of(d));
        literal.setLength(0);
      }
    }
    literal.append(']');
    parts.add(CodeBlock.of("$S", literal.toString()));
    List<CodeBlock> nonEmpty = parts.stream().filter(p -> !p.toString().equals("\"\"")).toList();
    return CodeBlock.join(nonEmpty, " + ");
  }

  /** The Java array type of an element type. */
  static TypeName arrayOf(DType dtype) {
    return ArrayTypeName.of(switch (dtype) {
      case F32 -> TypeName.FLOAT;
      case F64 -> TypeName.DOUBLE;
      case I64 -> TypeName.LONG;
      case I32 -> TypeName.INT;
      case F16, BF16 -> TypeName.SHORT;
      case I8 -> TypeName.BYTE;
    });
  }

  /** {@code Workspace}'s method for scratch of an element type. */
  static String workspaceBuffer(DType dtype) {
    return switch (dtype) {
      case F32 -> "floats";
      case I64 -> "longs";
      case I32 -> "ints";
      case F16, BF16 -> "shorts";
      case I8 -> "bytes";
      case F64 -> throw new IllegalStateException("no step computes in f64");
    };
  }

  /** {@code ParamLoader}'s method that loads a tensor as an element type. */
  static String loader(DType dtype) {
    return switch (dtype) {
      case F32 -> "f32";
      case I64 -> "i64";
      case I32 -> "i32";
      case BF16 -> "bf16";
      case I8 -> "i8";
      case F16, F64 -> throw new IllegalStateException("parameters are not held as " + dtype);
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
