package dev.netc.onnx.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** ONNX's shape rules over {@link SymDim}s: what an operator's result shape is, or empty when the operands do not fit. */
final class Shapes {
  private Shapes() {}

  /** NumPy broadcasting: sizes equal, or one of them 1. */
  static Optional<List<SymDim>> broadcast(List<SymDim> a, List<SymDim> b) {
    int rank = Math.max(a.size(), b.size());
    List<SymDim> out = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      SymDim x = i < rank - a.size() ? SymDim.of(1) : a.get(i - (rank - a.size()));
      SymDim y = i < rank - b.size() ? SymDim.of(1) : b.get(i - (rank - b.size()));
      if (x.equals(y) || y.equals(SymDim.of(1))) {
        out.add(x);
      } else if (x.equals(SymDim.of(1))) {
        out.add(y);
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(out);
  }

  /** NumPy matmul, with its 1-D rules and broadcast leading axes. */
  static Optional<List<SymDim>> matmul(List<SymDim> a, List<SymDim> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Optional.empty();
    }
    boolean vectorA = a.size() == 1;
    boolean vectorB = b.size() == 1;
    List<SymDim> left = vectorA ? List.of(SymDim.of(1), a.get(0)) : a;
    List<SymDim> right = vectorB ? List.of(b.get(0), SymDim.of(1)) : b;
    if (!left.get(left.size() - 1).equals(right.get(right.size() - 2))) {
      return Optional.empty();
    }
    Optional<List<SymDim>> batch = broadcast(left.subList(0, left.size() - 2), right.subList(0, right.size() - 2));
    if (batch.isEmpty()) {
      return Optional.empty();
    }
    List<SymDim> out = new ArrayList<>(batch.get());
    if (!vectorA) {
      out.add(left.get(left.size() - 2));
    }
    if (!vectorB) {
      out.add(right.get(right.size() - 1));
    }
    return Optional.of(out);
  }

  /** ONNX Reshape: a 0 copies the input's size on that axis (unless {@code allowZero}), one -1 is inferred. */
  static Optional<List<SymDim>> reshape(List<SymDim> input, List<SymDim> target, boolean allowZero) {
    List<SymDim> out = new ArrayList<>();
    int inferred = -1;
    SymDim known = SymDim.of(1);
    for (int i = 0; i < target.size(); i++) {
      SymDim t = target.get(i);
      if (t.isFixed() && t.factor() == -1) {
        if (inferred >= 0) {
          return Optional.empty();
        }
        inferred = i;
        out.add(null);
        continue;
      }
      if (t.isFixed() && t.factor() == 0 && !allowZero) {
        if (i >= input.size()) {
          return Optional.empty();
        }
        t = input.get(i);
      }
      if (t.isFixed() && t.factor() < 1) {
        return Optional.empty();
      }
      out.add(t);
      known = known.times(t);
    }
    SymDim total = SymDim.of(1);
    for (SymDim d : input) {
      total = total.times(d);
    }
    if (inferred >= 0) {
      Optional<SymDim> rest = total.dividedBy(known);
      if (rest.isEmpty()) {
        return Optional.empty();
      }
      out.set(inferred, rest.get());
    } else if (!known.equals(total)) {
      return Optional.empty();
    }
    return Optional.of(out);
  }

  static Optional<List<SymDim>> unsqueeze(List<SymDim> input, List<Long> axes) {
    int rank = input.size() + axes.size();
    boolean[] inserted = new boolean[rank];
    for (long a : axes) {
      long n = a < 0 ? a + rank : a;
      if (n < 0 || n >= rank || inserted[(int) n]) {
        return Optional.empty();
      }
      inserted[(int) n] = true;
    }
    List<SymDim> out = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < rank; i++) {
      out.add(inserted[i] ? SymDim.of(1) : input.get(next++));
    }
    return Optional.of(out);
  }

  /** ONNX Squeeze: the given axes, which must be 1, or every axis of size 1 when none is given. */
  static Optional<List<SymDim>> squeeze(List<SymDim> input, List<Long> axes) {
    int rank = input.size();
    boolean[] removed = new boolean[rank];
    if (axes.isEmpty()) {
      for (int i = 0; i < rank; i++) {
        removed[i] = input.get(i).equals(SymDim.of(1));
      }
    }
    for (long a : axes) {
      long n = a < 0 ? a + rank : a;
      if (n < 0 || n >= rank || !input.get((int) n).equals(SymDim.of(1))) {
        return Optional.empty();
      }
      removed[(int) n] = true;
    }
    List<SymDim> out = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      if (!removed[i]) {
        out.add(input.get(i));
      }
    }
    return Optional.of(out);
  }
}
