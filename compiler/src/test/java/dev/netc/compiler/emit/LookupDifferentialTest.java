package dev.netc.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.interp.Interpreter;
import dev.netc.compiler.interp.Tensor;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrValidator;
import dev.netc.compiler.passes.Passes;
import dev.netc.compiler.shape.Dim;
import dev.netc.runtime.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Integer inputs, {@code cast}, {@code embedding} and {@code gather} in generated code against the
 * reference interpreter, at batch sizes 1, 2 and 7: integer inputs are passed as {@code long[]} or
 * {@code int[]}, ids drawn below a bound every table of the spec has rows for.
 *
 * <p>Tolerance as in {@link DifferentialTest}; lookups and integer data movement copy values, so
 * they are exact, and only the float arithmetic around them rounds.
 */
class LookupDifferentialTest {
  private static final int[] BATCHES = {1, 2, 7};

  /** A spec and the bound its integer inputs are drawn below (a table's row count). */
  private record Case(String spec, int idBound) {}

  @TestFactory
  Stream<DynamicTest> operations() {
    Map<String, Case> specs = new LinkedHashMap<>();
    specs.put("embedding of i64 ids, with a mask cast to f32", new Case("""
        network Embed {
          input ids: i64[N, T]
          input mask: i64[N, T]
          param E: f32[5, 3] = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11], [12, 13, 14]]
          e = embedding(E, ids)
          output y = e * reshape(1 - cast(mask, f32), [N, T, 1]) * -10000
          output z = relu(gather(e, 0, axis=1) @ E.T)
        }
        """, 2));
    specs.put("embedding of i32 ids of rank 1 and 3", new Case("""
        network Embed32 {
          input ids: i32[N]
          input more: i32[N, 2, 3]
          param E: f32[4, 17] = %s
          output a = embedding(E, ids)
          output b = embedding(E, more) + 1
        }
        """.formatted(values(new Random(5), 4 * 17)), 4));
    specs.put("gather along axes 0, 1 and 2, with negative indices", new Case("""
        network Gathers {
          input x: f32[N, 4, 6]
          input i: i64[3]
          input j: i32[2, 2]
          input s: i64[]
          output a = gather(x, i, axis=1)
          output b = gather(x, j, axis=-1)
          output c = gather(x, 0, axis=1)
          output d = gather(x, -1, axis=2)
          output e = gather(x, 0, axis=0)
          output f = gather(x, i - 2, axis=1)
          output g = gather(gather(x, s, axis=1), j, axis=-1)
        }
        """, 4));
    specs.put("integer data movement and outputs", new Case("""
        network Moves {
          input ids: i64[N, 4]
          input other: i64[N, 2]
          input small: i32[N, 4]
          t = transpose(reshape(ids, [N, 2, 2]), [0, 2, 1])
          output joined = concat([ids[:, 1:3], other, flatten(t)], axis=1)
          output narrowed = cast(ids, i32)
          output widened = cast(small, i64)
          output same = cast(small, i32)
          output truncated = cast(cast(ids, f32) * 0.75 - 1.5, i64)
          output back = cast(cast(ids, f32) * -0.75, i32)
        }
        """, 9));
    return specs.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      assertThat(e.getKey()).isNotNull();
      compare(Networks.ir(fix(e.getValue().spec())), e.getValue().idBound(), new Random(11));
    }));
  }

  /** The i - 2 of the gather case is arithmetic on an integer tensor: written with casts. */
  private static String fix(String spec) {
    return spec.replace("gather(x, i - 2, axis=1)", "gather(x, cast(cast(i, f32) - 2, i64), axis=1)");
  }

  @Test
  @DisplayName("an id outside the table throws IllegalArgumentException naming its position, value and the row count")
  void idOutOfRange() throws Exception {
    IrGraph g = Networks.ir("""
        network Embed {
          input ids: i64[N, T]
          param E: f32[5, 2] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
          output e = embedding(E, ids)
        }
        """);
    Networks.Live net = Networks.compile(Passes.optimize(g));
    float[] ok = (float[]) net.run(new long[] {4, 0, 1, 2}, 2, 2);
    assertThat(ok).containsExactly(8, 9, 0, 1, 2, 3, 4, 5);
    assertThatThrownBy(() -> net.run(new long[] {4, 0, 1, 5}, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ids[1, 1] (flat index 3) is 5, outside [0, 5)");
    assertThatThrownBy(() -> net.run(new long[] {-1, 0, 1, 2}, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ids[0, 0] (flat index 0) is -1, outside [0, 5)");
    assertThatThrownBy(() -> net.run(new long[] {0, 1L << 33}, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is 8589934592, outside [0, 5)");
    assertThatThrownBy(() -> Interpreter.run(g, Map.of("ids", Tensor.of(new long[] {1, 2}, 0, 5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ids[0, 1] (flat index 1) is 5, outside [0, 5)");
  }

  @Test
  @DisplayName("a gathered index outside the axis throws, past the negative range too")
  void gatherOutOfRange() throws Exception {
    IrGraph g = Networks.ir("""
        network G {
          input x: f32[2, 3]
          input i: i32[2]
          output y = gather(x, i, axis=1)
        }
        """);
    Networks.Live net = Networks.compile(Passes.optimize(g));
    float[] x = {0, 1, 2, 3, 4, 5};
    assertThat((float[]) net.run(x, new int[] {-3, 2})).containsExactly(0, 2, 3, 5);
    assertThatThrownBy(() -> net.run(x, new int[] {0, -4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("i[1] (flat index 1) is -4, outside [-3, 3)");
    assertThatThrownBy(() -> net.run(x, new int[] {3, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is 3, outside [-3, 3)");
  }

  private static String values(Random random, int count) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", random.nextGaussian() * 0.5));
    }
    return s.append(']').toString();
  }

  private static void compare(IrGraph reference, int idBound, Random random) throws Exception {
    IrGraph optimized = Passes.optimize(reference);
    assertThat(IrValidator.problems(optimized)).isEmpty();
    List<Networks.Live> nets = List.of(Networks.compile(optimized, CompileOptions.defaults()),
        Networks.compile(optimized, CompileOptions.defaults().withRelease(CompileOptions.OFF_HEAP_RELEASE)));
    for (int batch : BATCHES) {
      Map<String, Long> dims = new LinkedHashMap<>();
      for (String d : reference.runtimeDims()) {
        dims.put(d, (long) batch + 1);
      }
      Map<String, Tensor> inputs = new LinkedHashMap<>();
      List<Object> args = new ArrayList<>();
      for (IrGraph.Input in : reference.inputs()) {
        long[] shape = in.shape().dims().stream().mapToLong(d -> size(d, dims)).toArray();
        int count = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
          values[i] = in.type().dtype() == DType.F32 ? (float) random.nextGaussian() : random.nextInt(idBound);
        }
        inputs.put(in.name(), Tensor.of(shape, values));
        args.add(switch (in.type().dtype()) {
          case F32 -> toFloats(values);
          case I64 -> java.util.Arrays.stream(values).mapToLong(v -> (long) v).toArray();
          case I32 -> java.util.Arrays.stream(values).mapToInt(v -> (int) v).toArray();
          default -> throw new IllegalStateException(in.type().toString());
        });
      }
      dims.values().forEach(v -> args.add((int) (long) v));
      Map<String, Tensor> expected = Interpreter.run(reference, inputs);
      for (int n = 0; n < nets.size(); n++) {
        String target = n == 0 ? "Java 21" : "Java 22, off-heap weights";
        Object result = nets.get(n).run(args.toArray());
        Object[] outputs = reference.outputs().size() == 1 ? new Object[] {result} : (Object[]) result;
        for (int o = 0; o < reference.outputs().size(); o++) {
          IrGraph.Output out = reference.outputs().get(o);
          DType dtype = reference.node(out.node()).dtype();
          double[] want = expected.get(out.name()).data();
          double[] got = doubles(outputs[o], dtype);
          assertThat(got).as("%s at batch %d (%s)", out.name(), batch, target).hasSize(want.length);
          for (int i = 0; i < want.length; i++) {
            double tolerance = dtype.isFloatingPoint() ? 1e-4 * (1 + Math.abs(want[i])) : 0;
            if (Math.abs(got[i] - want[i]) > tolerance) {
              throw new AssertionError(String.format(Locale.ROOT,
                  "%s at batch %d (%s), element %d: generated %s, reference %s", out.name(), batch, target, i,
                  got[i], want[i]));
            }
          }
        }
      }
    }
  }

  /** An output array as doubles, after checking it is the array type its element type promises. */
  private static double[] doubles(Object array, DType dtype) {
    return switch (dtype) {
      case F32 -> {
        float[] f = (float[]) array;
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
          d[i] = f[i];
        }
        yield d;
      }
      case I64 -> java.util.Arrays.stream((long[]) array).asDoubleStream().toArray();
      case I32 -> java.util.Arrays.stream((int[]) array).asDoubleStream().toArray();
      default -> throw new IllegalStateException(dtype.toString());
    };
  }

  private static float[] toFloats(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }

  private static long size(Dim d, Map<String, Long> dims) {
    long v = d.coefficient();
    for (String s : d.symbols()) {
      v *= dims.get(s);
    }
    return v;
  }
}
