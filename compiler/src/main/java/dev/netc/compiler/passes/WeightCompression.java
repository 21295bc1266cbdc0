package dev.netc.compiler.passes;

import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.Op;
import dev.netc.compiler.shape.TensorType;
import dev.netc.runtime.DType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores every eligible matmul weight in {@code bf16} or {@code i8} ({@code netc compile --weights}):
 * an f32 rank-2 parameter that is only ever the weight of {@link Op.Gemm}s, all reading it the same
 * way (transposed or not, so an {@code i8} weight has one output axis to carry its scales), and is
 * not an output. Biases, norms, embedding tables and anything else a step reads whole stay as they
 * are. The graph's nodes do not change: a compressed weight's node still computes in f32, with the
 * values its 16 or 8 bits give.
 *
 * <p>Last in the pipeline: the folds before it compute with the weights as declared, and the
 * weights they leave are the ones compressed.
 */
public final class WeightCompression implements Pass {
  private final DType storage;

  /** @param storage {@code BF16} or {@code I8} */
  public WeightCompression(DType storage) {
    if (storage != DType.BF16 && storage != DType.I8) {
      throw new IllegalArgumentException("weights are compressed to bf16 or i8, not " + storage);
    }
    this.storage = storage;
  }

  @Override
  public String name() {
    return "weight-compression";
  }

  @Override
  public IrGraph apply(IrGraph g) {
    Map<String, Boolean> transposed = new HashMap<>();
    Set<String> excluded = new HashSet<>();
    for (IrNode n : g.nodes()) {
      for (int i = 0; i < n.inputs().size(); i++) {
        if (!(g.node(n.inputs().get(i)).op() instanceof Op.Param p)) {
          continue;
        }
        if (n.op() instanceof Op.Gemm gemm && i == 1) {
          Boolean before = transposed.put(p.name(), gemm.transposed());
          if (before != null && before != gemm.transposed()) {
            excluded.add(p.name());
          }
        } else {
          excluded.add(p.name());
        }
      }
    }
    for (IrGraph.Output o : g.outputs()) {
      if (g.node(o.node()).op() instanceof Op.Param p) {
        excluded.add(p.name());
      }
    }
    boolean changed = false;
    List<IrGraph.Param> params = new java.util.ArrayList<>();
    for (IrGraph.Param p : g.params()) {
      boolean eligible = p.type().dtype() == DType.F32 && p.shape().rank() == 2 && transposed.containsKey(p.name())
          && !excluded.contains(p.name());
      params.add(eligible ? new IrGraph.Param(p.name(), new TensorType(storage, p.shape()), p.source()) : p);
      changed |= eligible;
    }
    return changed ? g.withParams(params) : g;
  }
}
