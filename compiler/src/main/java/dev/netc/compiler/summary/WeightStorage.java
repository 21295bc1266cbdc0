package dev.netc.compiler.summary;

import dev.netc.compiler.ir.IrGraph;
import dev.netc.runtime.DType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bytes a compiled network's parameters take, by the type each is stored in: what
 * {@code netc check --weights bf16} states beside the size as declared. An {@code i8} weight
 * also stores one f32 scale per output column.
 *
 * @param params the parameters' element counts by storage type, in the enum's order
 * @param scales the f32 scales of the {@code i8} weights
 */
public record WeightStorage(Map<DType, Long> params, long scales) {
  public WeightStorage {
    params = Map.copyOf(params);
  }

  /** The parameters of an optimized graph, as its generated class holds them. */
  public static WeightStorage of(IrGraph graph) {
    Map<DType, Long> params = new EnumMap<>(DType.class);
    long scales = 0;
    for (IrGraph.Param p : graph.params()) {
      long count = p.shape().elementCount().value();
      params.merge(p.type().dtype(), count, Long::sum);
      if (p.type().dtype() == DType.I8) {
        scales += p.shape().dim(graph.outputAxis(p.name())).value();
      }
    }
    return new WeightStorage(params, scales);
  }

  /** Every byte: each parameter at its type's size, and the scales. */
  public long bytes() {
    return params.entrySet().stream().mapToLong(e -> e.getValue() * e.getKey().byteSize()).sum()
        + scales * DType.F32.byteSize();
  }

  /**
   * {@code 214.0 KiB (bf16: 109,184 params, 213.3 KiB; f32: 202 params, 808 B), 50.0% of 427.3 KiB
   * as f32}: the bytes stored by type, against {@code declaredBytes}.
   */
  public String describe(long declaredBytes) {
    List<String> parts = new ArrayList<>();
    for (DType type : DType.values()) {
      Long count = params.get(type);
      if (count != null && count > 0) {
        String part = type.spelling() + ": " + String.format(Locale.ROOT, "%,d", count) + " params, "
            + NetworkSummary.bytes(count * type.byteSize());
        if (type == DType.I8) {
          part += " + " + String.format(Locale.ROOT, "%,d", scales) + " f32 scales, "
              + NetworkSummary.bytes(scales * DType.F32.byteSize());
        }
        parts.add(part);
      }
    }
    return NetworkSummary.bytes(bytes()) + " (" + String.join("; ", parts) + "), "
        + String.format(Locale.ROOT, "%.1f%%", 100.0 * bytes() / Math.max(1, declaredBytes)) + " of "
        + NetworkSummary.bytes(declaredBytes) + " as declared";
  }
}
