package dev.netc.compiler.emit;

import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.plan.NetworkPlan;
import dev.netc.compiler.plan.WeightField;
import dev.netc.runtime.Int8Weight;
import dev.netc.runtime.ParamLoader;
import dev.netc.runtime.kernels.Layout;
import dev.netc.runtime.weights.HalfPrecision;
import dev.netc.runtime.weights.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The weights resource of a network that reads a weights file: a safetensors file holding every
 * field of the class, named after it and already in the layout the kernels read (packed panels,
 * padded biases), so {@code fromResource()} only reads arrays and packs nothing.
 */
final class WeightsResource {
  private WeightsResource() {}

  /** The resource's bytes, the parameters read from {@code weights}; deterministic for the same file. */
  static byte[] bytes(NetworkPlan plan, Path weights) throws IOException {
    Map<String, Object> params = new HashMap<>();
    try (ParamLoader file = ParamLoader.open(weights)) {
      for (NetworkPlan.Parameter p : plan.parameters()) {
        IrGraph.Param param = p.param();
        params.put(param.name(), switch (param.source()) {
          case Graph.ParamSource.Inline inline -> compressed(plan, param, inline.values());
          case Graph.ParamSource.FromFile f -> read(plan, file, param, f.key());
        });
      }
    }
    SafetensorsWriter writer = new SafetensorsWriter();
    for (WeightField f : plan.fields()) {
      Object values = params.get(f.param().name());
      switch (f) {
        case WeightField.Raw r -> writer.add(f.field(), (float[]) values, f.length());
        case WeightField.Packed p -> {
          switch (values) {
            case short[] bits -> writer.addBf16(f.field(), Layout.packPanels(bits, p.k(), p.n(), p.transposed(),
                p.width()), f.length());
            case Int8Weight w -> writer.add(f.field(), Layout.packPanels(w, p.k(), p.n(), p.transposed(), p.width()),
                f.length());
            default -> writer.add(f.field(), Layout.packPanels((float[]) values, p.k(), p.n(), p.transposed(),
                p.width()), f.length());
          }
        }
        case WeightField.Padded p -> writer.add(f.field(), Layout.padded((float[]) values, p.padded()), f.length());
        case WeightField.Columns c -> writer.add(f.field(), Layout.columns((Int8Weight) values,
            c.bias().map(b -> (float[]) params.get(b.name())).orElse(null), c.k(), c.n(), c.transposed(),
            c.padded()), f.length());
      }
    }
    return writer.toBytes();
  }

  /** A parameter from the weights file, as the generated {@code load} reads it. */
  private static Object read(NetworkPlan plan, ParamLoader file, IrGraph.Param p, String key) throws IOException {
    long[] shape = p.shape().dims().stream().mapToLong(d -> d.value()).toArray();
    return switch (p.type().dtype()) {
      case BF16 -> file.bf16(key, shape);
      case I8 -> file.int8(key, plan.graph().outputAxis(p.name()), (int) shape[0], (int) shape[1]);
      default -> file.f32(key, shape);
    };
  }

  /** Inline values, as the generated {@code create} converts them. */
  private static Object compressed(NetworkPlan plan, IrGraph.Param p, float[] values) {
    return switch (p.type().dtype()) {
      case BF16 -> HalfPrecision.toBfloat16(values);
      case I8 -> Int8Weight.quantize(values, (int) p.shape().dim(0).value(), (int) p.shape().dim(1).value(),
          plan.graph().outputAxis(p.name()), p.name());
      default -> values;
    };
  }
}
