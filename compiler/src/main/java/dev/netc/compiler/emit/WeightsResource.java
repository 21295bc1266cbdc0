package dev.netc.compiler.emit;

import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.plan.NetworkPlan;
import dev.netc.compiler.plan.WeightField;
import dev.netc.runtime.kernels.Layout;
import dev.netc.runtime.weights.SafetensorsWriter;
import dev.netc.runtime.weights.WeightFile;
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
    Map<String, float[]> params = new HashMap<>();
    try (WeightFile file = WeightFile.open(weights)) {
      for (NetworkPlan.Parameter p : plan.parameters()) {
        params.put(p.param().name(), switch (p.param().source()) {
          case Graph.ParamSource.Inline inline -> inline.values();
          case Graph.ParamSource.FromFile f -> file.readFloats(f.key());
        });
      }
    }
    SafetensorsWriter writer = new SafetensorsWriter();
    for (WeightField f : plan.fields()) {
      float[] values = params.get(f.param().name());
      float[] stored = switch (f) {
        case WeightField.Raw r -> values;
        case WeightField.Packed p -> Layout.packPanels(values, p.k(), p.n(), p.transposed(), p.width());
        case WeightField.Padded p -> Layout.padded(values, p.padded());
      };
      writer.add(f.field(), stored, stored.length);
    }
    return writer.toBytes();
  }
}
