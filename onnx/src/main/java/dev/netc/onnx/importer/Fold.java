package dev.netc.onnx.importer;

import dev.netc.onnx.OnnxAttribute;
import dev.netc.onnx.OnnxDataType;
import dev.netc.onnx.OnnxFormatException;
import dev.netc.onnx.OnnxNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Computes a node whose inputs are all constants, during the import: the shape arithmetic
 * exporters emit ({@code Shape -> Gather -> Unsqueeze -> Concat -> Reshape}), constant tensors
 * built from it, and transposes or reshapes of initializers. Elements that stand for run-time
 * sizes stay symbolic through the operations that only move them (gather, slice, concat, ...)
 * and through products and exact quotients; anything else with a symbolic element is not folded.
 */
final class Fold {
  /** Constants larger than this are moved or reshaped only, never computed element by element in double. */
  private static final long MAX_ELEMENTS = 1 << 24;

  private final OnnxNode node;
  private final List<Optional<Value.Const>> in;
  private final int opset;

  private Fold(OnnxNode node, List<Optional<Value.Const>> in, int opset) {
    this.node = node;
    this.in = in;
    this.opset = opset;
  }

  /** The node's outputs, or empty when it cannot be computed here. */
  static Optional<List<Value.Const>> apply(OnnxNode node, List<Optional<Value.Const>> inputs, int opset)
      throws ImportException, OnnxFormatException {
    for (Optional<Value.Const> c : inputs) {
      if (c.isPresent() && c.get().count() > MAX_ELEMENTS) {
        return Optional.empty();
      }
    }
    return new Fold(node, inputs, opset).run();
  }

  private Value.Const input(int i) throws ImportException {
    if (i >= in.size() || in.get(i).isEmpty()) {
      throw new ImportException("node " + node.name() + " (" + node.opType() + ") lacks its input " + (i + 1));
    }
    return in.get(i).get();
  }

  private Optional<List<Value.Const>> one(Value.Const c) {
    return Optional.of(List.of(c));
  }

  private Optional<List<Value.Const>> run() throws ImportException, OnnxFormatException {
    switch (node.opType()) {
      case "Identity", "Dropout" -> {
        return one(input(0));
      }
      case "Shape" -> {
        Value.Const x = input(0);
        return one(Value.Const.of(OnnxDataType.INT64, List.of((long) x.dims().size()),
            x.dims().stream().mapToDouble(Long::doubleValue).toArray()));
      }
      case "Size" -> {
        return one(Value.Const.of(OnnxDataType.INT64, List.of(), new double[] {input(0).count()}));
      }
      case "Cast" -> {
        int to = (int) longAttr("to", 1);
        OnnxDataType t = OnnxDataType.of(to).orElse(OnnxDataType.FLOAT);
        Value.Const x = input(0);
        if (x.isSymbolic()) {
          return t.isInteger() ? one(x) : Optional.empty();
        }
        double[] v = x.doubles().clone();
        if (t.isInteger()) {
          for (int i = 0; i < v.length; i++) {
            v[i] = t == OnnxDataType.BOOL ? (v[i] != 0 ? 1 : 0) : (double) (long) v[i];
          }
        } else if (t == OnnxDataType.FLOAT) {
          for (int i = 0; i < v.length; i++) {
            v[i] = (float) v[i];
          }
        }
        return one(Value.Const.of(t, x.dims(), v));
      }
      case "Unsqueeze", "Squeeze" -> {
        Value.Const x = input(0);
        List<Long> axes = new ArrayList<>();
        if (opset >= 13) {
          if (in.size() > 1 && in.get(1).isPresent()) {
            for (long a : in.get(1).get().longs()) {
              axes.add(a);
            }
          }
        } else if (node.attribute("axes").orElse(null) instanceof OnnxAttribute.Ints ints) {
          axes.addAll(ints.values());
        }
        Optional<List<SymDim>> shape = node.opType().equals("Unsqueeze")
            ? Shapes.unsqueeze(x.shape(), axes)
            : Shapes.squeeze(x.shape(), axes);
        return shape.map(s -> List.of(withDims(x, fixed(s))));
      }
      case "Reshape" -> {
        Value.Const x = input(0);
        Value.Const target = input(1);
        if (target.isSymbolic()) {
          return Optional.empty();
        }
        Optional<List<SymDim>> shape = Shapes.reshape(x.shape(), Arrays.asList(target.sizes()),
            longAttr("allowzero", 0) != 0);
        return shape.map(s -> List.of(withDims(x, fixed(s))));
      }
      case "Flatten" -> {
        Value.Const x = input(0);
        int rank = x.dims().size();
        long a = OnnxImporter.axis(node, longAttr("axis", 1), rank, true);
        long outer = 1;
        for (int i = 0; i < a; i++) {
          outer *= x.dims().get(i);
        }
        return one(withDims(x, List.of(outer, x.count() / Math.max(outer, 1))));
      }
      case "Concat" -> {
        return concat();
      }
      case "Gather" -> {
        return gather();
      }
      case "Slice" -> {
        return slice();
      }
      case "Transpose" -> {
        return transpose();
      }
      case "Add", "Sub", "Mul", "Div", "Pow", "Equal", "Where" -> {
        return elementwise();
      }
      case "Neg", "Sqrt", "Reciprocal", "Exp", "Floor", "Ceil", "Not", "Relu", "Abs" -> {
        return unary();
      }
      case "ConstantOfShape" -> {
        Value.Const shape = input(0);
        if (shape.isSymbolic()) {
          return Optional.empty();
        }
        List<Long> dims = new ArrayList<>();
        for (long d : shape.longs()) {
          dims.add(d);
        }
        double fill = 0;
        OnnxDataType type = OnnxDataType.FLOAT;
        if (node.attribute("value").orElse(null) instanceof OnnxAttribute.TensorValue t) {
          Value.Const v = Value.Const.of(t.value());
          fill = v.doubles().length > 0 ? v.doubles()[0] : 0;
          type = t.value().type();
        }
        long n = 1;
        for (long d : dims) {
          n *= d;
        }
        if (n > MAX_ELEMENTS) {
          return Optional.empty();
        }
        double[] v = new double[(int) n];
        Arrays.fill(v, fill);
        return one(Value.Const.of(type, dims, v));
      }
      case "Range" -> {
        double start = input(0).scalar();
        double limit = input(1).scalar();
        double delta = input(2).scalar();
        if (input(0).isSymbolic() || input(1).isSymbolic() || delta == 0) {
          return Optional.empty();
        }
        long n = Math.max((long) Math.ceil((limit - start) / delta), 0);
        double[] v = new double[(int) n];
        for (int i = 0; i < n; i++) {
          v[i] = start + i * delta;
        }
        return one(Value.Const.of(input(0).type(), List.of(n), v));
      }
      case "Expand" -> {
        Value.Const x = input(0);
        Value.Const shape = input(1);
        if (shape.isSymbolic()) {
          return Optional.empty();
        }
        List<SymDim> target = new ArrayList<>();
        for (long d : shape.longs()) {
          target.add(SymDim.of(d));
        }
        Optional<List<SymDim>> out = Shapes.broadcast(x.shape(), target);
        if (out.isEmpty()) {
          return Optional.empty();
        }
        List<Long> dims = fixed(out.get());
        return one(Value.Const.of(x.type(), dims, broadcastTo(x, dims)));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private long longAttr(String name, long fallback) {
    return node.attribute(name).orElse(null) instanceof OnnxAttribute.IntValue i ? i.value() : fallback;
  }

  private static List<Long> fixed(List<SymDim> s) {
    return s.stream().map(SymDim::factor).toList();
  }

  private static Value.Const withDims(Value.Const x, List<Long> dims) {
    return new Value.Const(x.type(), dims, x.values(), x.symbolic(), x.tensor(), x.origin());
  }

  /** The elements of {@code x} at {@code index} (flat positions), keeping symbolic elements symbolic. */
  private static Value.Const pick(Value.Const x, List<Long> dims, int[] index) throws OnnxFormatException {
    if (x.isSymbolic()) {
      SymDim[] src = x.sizes();
      SymDim[] out = new SymDim[index.length];
      for (int i = 0; i < index.length; i++) {
        out[i] = src[index[i]];
      }
      return Value.Const.ofSymbolic(dims, out);
    }
    double[] src = x.doubles();
    double[] out = new double[index.length];
    for (int i = 0; i < index.length; i++) {
      out[i] = src[index[i]];
    }
    return Value.Const.of(x.type(), dims, out);
  }

  private static long[] strides(List<Long> dims) {
    long[] s = new long[dims.size()];
    long acc = 1;
    for (int i = dims.size() - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims.get(i);
    }
    return s;
  }

  private Optional<List<Value.Const>> concat() throws ImportException, OnnxFormatException {
    List<Value.Const> parts = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      parts.add(input(i));
    }
    int rank = parts.get(0).dims().size();
    int a = OnnxImporter.axis(node, longAttr("axis", 0), rank, false);
    boolean symbolic = parts.stream().anyMatch(Value.Const::isSymbolic);
    List<Long> dims = new ArrayList<>(parts.get(0).dims());
    long total = 0;
    for (Value.Const p : parts) {
      if (p.dims().size() != rank) {
        return Optional.empty();
      }
      total += p.dims().get(a);
    }
    dims.set(a, total);
    long outer = 1;
    for (int i = 0; i < a; i++) {
      outer *= dims.get(i);
    }
    List<SymDim> sym = new ArrayList<>();
    List<Double> num = new ArrayList<>();
    for (long o = 0; o < outer; o++) {
      for (Value.Const p : parts) {
        long chunk = p.count() / Math.max(outer, 1);
        if (symbolic) {
          SymDim[] s = p.sizes();
          for (long j = 0; j < chunk; j++) {
            sym.add(s[(int) (o * chunk + j)]);
          }
        } else {
          double[] d = p.doubles();
          for (long j = 0; j < chunk; j++) {
            num.add(d[(int) (o * chunk + j)]);
          }
        }
      }
    }
    if (symbolic) {
      return one(Value.Const.ofSymbolic(dims, sym.toArray(SymDim[]::new)));
    }
    return one(Value.Const.of(parts.get(0).type(), dims, num.stream().mapToDouble(Double::doubleValue).toArray()));
  }

  private Optional<List<Value.Const>> gather() throws ImportException, OnnxFormatException {
    Value.Const x = input(0);
    Value.Const idx = input(1);
    if (idx.isSymbolic()) {
      return Optional.empty();
    }
    int rank = x.dims().size();
    int a = OnnxImporter.axis(node, longAttr("axis", 0), rank, false);
    long size = x.dims().get(a);
    long[] ids = idx.longs();
    List<Long> dims = new ArrayList<>(x.dims().subList(0, a));
    dims.addAll(idx.dims());
    dims.addAll(x.dims().subList(a + 1, rank));
    long outer = 1;
    for (int i = 0; i < a; i++) {
      outer *= x.dims().get(i);
    }
    long inner = 1;
    for (int i = a + 1; i < rank; i++) {
      inner *= x.dims().get(i);
    }
    int[] index = new int[(int) (outer * ids.length * inner)];
    int k = 0;
    for (long o = 0; o < outer; o++) {
      for (long id : ids) {
        long j = id < 0 ? id + size : id;
        if (j < 0 || j >= size) {
          throw new ImportException("node " + node.name() + " (Gather) picks position " + id + " of an axis of size "
              + size);
        }
        for (long i = 0; i < inner; i++) {
          index[k++] = (int) ((o * size + j) * inner + i);
        }
      }
    }
    return one(pick(x, dims, index));
  }

  private Optional<List<Value.Const>> slice() throws ImportException, OnnxFormatException {
    Value.Const x = input(0);
    int rank = x.dims().size();
    long[] starts;
    long[] ends;
    long[] axes = null;
    long[] steps = null;
    if (opset < 10) {
      return Optional.empty();
    }
    if (input(1).isSymbolic() || input(2).isSymbolic()) {
      return Optional.empty();
    }
    starts = input(1).longs();
    ends = input(2).longs();
    if (in.size() > 3 && in.get(3).isPresent()) {
      axes = in.get(3).get().longs();
    }
    if (in.size() > 4 && in.get(4).isPresent()) {
      steps = in.get(4).get().longs();
    }
    long[] lo = new long[rank];
    long[] step = new long[rank];
    long[] count = new long[rank];
    for (int i = 0; i < rank; i++) {
      step[i] = 1;
      count[i] = x.dims().get(i);
    }
    OnnxImporter.sameLengths(node, starts, ends, axes, steps);
    for (int i = 0; i < starts.length; i++) {
      int a = OnnxImporter.axis(node, axes == null ? i : axes[i], rank, false);
      long n = x.dims().get(a);
      long st = steps == null ? 1 : steps[i];
      if (st == 0) {
        return Optional.empty();
      }
      long s = starts[i] < 0 ? starts[i] + n : starts[i];
      long e = ends[i] < 0 ? ends[i] + n : ends[i];
      if (st > 0) {
        s = Math.max(0, Math.min(n, s));
        e = Math.max(0, Math.min(n, e));
        count[a] = Math.max(0, (e - s + st - 1) / st);
      } else {
        s = Math.max(-1, Math.min(n - 1, s));
        e = Math.max(-1, Math.min(n - 1, e));
        count[a] = Math.max(0, (s - e + (-st) - 1) / (-st));
      }
      lo[a] = s;
      step[a] = st;
    }
    List<Long> dims = new ArrayList<>();
    long total = 1;
    for (long c : count) {
      dims.add(c);
      total *= c;
    }
    long[] srcStrides = strides(x.dims());
    int[] index = new int[(int) total];
    long[] pos = new long[rank];
    for (int k = 0; k < total; k++) {
      long flat = 0;
      for (int i = 0; i < rank; i++) {
        flat += (lo[i] + pos[i] * step[i]) * srcStrides[i];
      }
      index[k] = (int) flat;
      for (int i = rank - 1; i >= 0; i--) {
        if (++pos[i] < count[i]) {
          break;
        }
        pos[i] = 0;
      }
    }
    return one(pick(x, dims, index));
  }

  private Optional<List<Value.Const>> transpose() throws ImportException, OnnxFormatException {
    Value.Const x = input(0);
    int rank = x.dims().size();
    long[] perm = new long[rank];
    if (node.attribute("perm").orElse(null) instanceof OnnxAttribute.Ints ints) {
      if (ints.values().size() != rank || ints.values().stream().distinct().count() != rank
          || ints.values().stream().anyMatch(p -> p < 0 || p >= rank)) {
        throw new ImportException("node " + node.name() + " (Transpose): perm " + ints.values()
            + " is not a permutation of the " + rank + " axes");
      }
      for (int i = 0; i < rank; i++) {
        perm[i] = ints.values().get(i);
      }
    } else {
      for (int i = 0; i < rank; i++) {
        perm[i] = rank - 1 - i;
      }
    }
    List<Long> dims = new ArrayList<>();
    for (long p : perm) {
      dims.add(x.dims().get((int) p));
    }
    long[] src = strides(x.dims());
    int[] index = new int[(int) x.count()];
    long[] pos = new long[rank];
    for (int k = 0; k < index.length; k++) {
      long flat = 0;
      for (int i = 0; i < rank; i++) {
        flat += pos[i] * src[(int) perm[i]];
      }
      index[k] = (int) flat;
      for (int i = rank - 1; i >= 0; i--) {
        if (++pos[i] < dims.get(i)) {
          break;
        }
        pos[i] = 0;
      }
    }
    Value.Const t = pick(x, dims, index);
    return one(new Value.Const(t.type(), t.dims(), t.values(), t.symbolic(), null, x.origin()));
  }

  /** {@code x}'s elements broadcast to {@code dims}. */
  private static double[] broadcastTo(Value.Const x, List<Long> dims) throws OnnxFormatException {
    double[] src = x.doubles();
    int rank = dims.size();
    long[] srcStrides = new long[rank];
    long acc = 1;
    for (int i = rank - 1; i >= 0; i--) {
      int j = i - (rank - x.dims().size());
      long size = j >= 0 ? x.dims().get(j) : 1;
      srcStrides[i] = size == 1 ? 0 : acc;
      acc *= size;
    }
    long total = 1;
    for (long d : dims) {
      total *= d;
    }
    double[] out = new double[(int) total];
    long[] pos = new long[rank];
    for (int k = 0; k < total; k++) {
      long flat = 0;
      for (int i = 0; i < rank; i++) {
        flat += pos[i] * srcStrides[i];
      }
      out[k] = src[(int) flat];
      for (int i = rank - 1; i >= 0; i--) {
        if (++pos[i] < dims.get(i)) {
          break;
        }
        pos[i] = 0;
      }
    }
    return out;
  }

  private Optional<List<Value.Const>> elementwise() throws ImportException, OnnxFormatException {
    String op = node.opType();
    int arity = op.equals("Where") ? 3 : 2;
    List<Value.Const> xs = new ArrayList<>();
    for (int i = 0; i < arity; i++) {
      xs.add(input(i));
    }
    List<SymDim> shape = xs.get(0).shape();
    for (Value.Const x : xs.subList(1, xs.size())) {
      Optional<List<SymDim>> b = Shapes.broadcast(shape, x.shape());
      if (b.isEmpty()) {
        return Optional.empty();
      }
      shape = b.get();
    }
    List<Long> dims = fixed(shape);
    boolean symbolic = xs.stream().anyMatch(Value.Const::isSymbolic);
    OnnxDataType type = op.equals("Equal") ? OnnxDataType.BOOL : op.equals("Where") ? xs.get(1).type()
        : xs.get(0).type();
    if (symbolic) {
      return symbolicElementwise(op, xs, dims, type);
    }
    double[][] v = new double[arity][];
    for (int i = 0; i < arity; i++) {
      v[i] = broadcastTo(xs.get(i), dims);
    }
    double[] out = new double[v[0].length];
    boolean integer = type.isInteger();
    for (int k = 0; k < out.length; k++) {
      double a = v[0][k];
      double b = v[1][k];
      out[k] = switch (op) {
        case "Add" -> a + b;
        case "Sub" -> a - b;
        case "Mul" -> a * b;
        case "Div" -> integer ? (b == 0 ? 0 : (double) ((long) a / (long) b)) : a / b;
        case "Pow" -> Math.pow(a, b);
        case "Equal" -> a == b ? 1 : 0;
        default -> a != 0 ? b : v[2][k];
      };
      if (type == OnnxDataType.FLOAT) {
        out[k] = (float) out[k];
      }
    }
    return one(Value.Const.of(type, dims, out));
  }

  private Optional<List<Value.Const>> symbolicElementwise(String op, List<Value.Const> xs, List<Long> dims,
      OnnxDataType type) throws OnnxFormatException {
    long total = 1;
    for (long d : dims) {
      total *= d;
    }
    SymDim[][] v = new SymDim[xs.size()][];
    for (int i = 0; i < xs.size(); i++) {
      SymDim[] s = xs.get(i).sizes();
      v[i] = new SymDim[(int) total];
      for (int k = 0; k < total; k++) {
        v[i][k] = s.length == 1 ? s[0] : s.length == total ? s[k] : null;
        if (v[i][k] == null) {
          return Optional.empty();
        }
      }
    }
    SymDim[] out = new SymDim[(int) total];
    for (int k = 0; k < total; k++) {
      SymDim a = v[0][k];
      SymDim b = v[1][k];
      Optional<SymDim> r = switch (op) {
        case "Mul" -> Optional.of(a.times(b));
        case "Div" -> a.dividedBy(b);
        case "Add", "Sub" -> a.isFixed() && b.isFixed()
            ? Optional.of(SymDim.of(op.equals("Add") ? a.factor() + b.factor() : a.factor() - b.factor()))
            : b.equals(SymDim.of(0)) ? Optional.of(a) : Optional.empty();
        case "Equal" -> a.equals(b) ? Optional.of(SymDim.of(1))
            : a.isFixed() && b.isFixed() ? Optional.of(SymDim.of(0)) : Optional.empty();
        case "Where" -> a.isFixed() ? Optional.of(a.factor() != 0 ? b : v[2][k]) : Optional.empty();
        default -> Optional.empty();
      };
      if (r.isEmpty()) {
        return Optional.empty();
      }
      out[k] = r.get();
    }
    Value.Const c = Value.Const.ofSymbolic(dims, out);
    return one(new Value.Const(type == OnnxDataType.BOOL ? OnnxDataType.BOOL : OnnxDataType.INT64, c.dims(),
        c.values(), c.symbolic(), null, null));
  }

  private Optional<List<Value.Const>> unary() throws ImportException, OnnxFormatException {
    Value.Const x = input(0);
    if (x.isSymbolic()) {
      return Optional.empty();
    }
    double[] v = x.doubles().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = switch (node.opType()) {
        case "Neg" -> -v[i];
        case "Sqrt" -> Math.sqrt(v[i]);
        case "Reciprocal" -> 1 / v[i];
        case "Exp" -> Math.exp(v[i]);
        case "Floor" -> Math.floor(v[i]);
        case "Ceil" -> Math.ceil(v[i]);
        case "Not" -> v[i] == 0 ? 1 : 0;
        case "Relu" -> Math.max(0, v[i]);
        default -> Math.abs(v[i]);
      };
      if (x.type() == OnnxDataType.FLOAT) {
        v[i] = (float) v[i];
      }
    }
    return one(Value.Const.of(x.type(), x.dims(), v));
  }
}
