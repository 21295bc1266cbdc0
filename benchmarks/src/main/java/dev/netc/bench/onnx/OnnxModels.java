package dev.netc.bench.onnx;

import static dev.netc.bench.EncoderShape.D_FF;
import static dev.netc.bench.EncoderShape.D_K;
import static dev.netc.bench.EncoderShape.D_MODEL;
import static dev.netc.bench.EncoderShape.EPS;
import static dev.netc.bench.EncoderShape.HEADS;

import dev.netc.bench.Network;
import dev.netc.bench.model.DenseWeights;
import dev.netc.bench.model.EncoderWeights;
import dev.netc.bench.onnx.OnnxGraph.Attribute;
import dev.netc.runtime.Int8Weight;
import java.util.List;

/**
 * The benchmarks' networks as ONNX models, built from the same weights as every other
 * implementation. The graphs use the plain operators an exporter such as {@code torch.onnx} emits,
 * so that ONNX Runtime's own graph optimizations (fusing Gemm and Relu, MatMul and Add, the erf
 * form of GELU, the attention pattern) get the same chance they get on real models.
 */
public final class OnnxModels {
  /** The name of the batch dimension in every model. */
  public static final String BATCH = "N";
  /** The name of the sequence dimension of the encoder. */
  public static final String SEQUENCE = "T";

  private OnnxModels() {}

  /**
   * A dense network: input {@code x} [N, in], output {@code y} [N, out]. Layers with a bias are
   * {@code Gemm} nodes (the form exporters give {@code nn.Linear}), bare products {@code MatMul}.
   */
  public static byte[] dense(DenseWeights weights) {
    Network network = weights.network();
    OnnxGraph g = new OnnxGraph(network.id());
    String h = g.input("x", BATCH, (long) network.inputWidth());
    for (int l = 0; l < network.layers(); l++) {
      long in = network.in(l);
      long out = network.out(l);
      String w = g.initializer(network.weightName(l), weights.weight(l), in, out);
      if (weights.bias(l) != null) {
        String b = g.initializer(network.biasName(l), weights.bias(l), out);
        h = g.node("Gemm", h, w, b);
      } else {
        h = g.node("MatMul", h, w);
      }
      if (network.relu(l)) {
        h = g.node("Relu", h);
      }
    }
    g.output(h, "y", BATCH, (long) network.outputWidth());
    return g.toModel();
  }

  /**
   * {@link #dense} with 8-bit weights, as {@code onnxruntime.quantization.quantize_dynamic}
   * writes a model with per-channel weights: each layer quantizes its input to uint8 at run time
   * ({@code DynamicQuantizeLinear}), multiplies it with the int8 weight ({@code MatMulInteger},
   * int32 sums), and scales the sums back to float by the input's scale times each column's. The
   * weights are quantized as netc's i8 weights are (symmetric, a scale per output column), so
   * both run the same integers. ONNX Runtime fuses the pattern into its own quantized kernels.
   */
  public static byte[] denseInt8(DenseWeights weights) {
    Network network = weights.network();
    OnnxGraph g = new OnnxGraph(network.id() + "_int8");
    String h = g.input("x", BATCH, (long) network.inputWidth());
    for (int l = 0; l < network.layers(); l++) {
      int in = network.in(l);
      int out = network.out(l);
      Int8Weight q = Int8Weight.quantize(weights.weight(l), in, out, 1, network.weightName(l));
      String w = g.initializer(network.weightName(l), q.values(), in, out);
      String wZero = g.initializer(network.weightName(l) + "_zero_point", new byte[out], out);
      String wScale = g.initializer(network.weightName(l) + "_scale", q.scales(), out);
      List<String> quantized = g.nodeOutputs("DynamicQuantizeLinear", 3, h);
      String xq = quantized.get(0);
      String xScale = quantized.get(1);
      String xZero = quantized.get(2);
      String sums = g.node("MatMulInteger", xq, w, xZero, wZero);
      String floats = g.node("Cast", List.of(sums), List.of(Attribute.of("to", 1L)));
      h = g.node("Mul", floats, g.node("Mul", xScale, wScale));
      if (weights.bias(l) != null) {
        h = g.node("Add", h, g.initializer(network.biasName(l), weights.bias(l), out));
      }
      if (network.relu(l)) {
        h = g.node("Relu", h);
      }
    }
    g.output(h, "y", BATCH, (long) network.outputWidth());
    return g.toModel();
  }

  /**
   * The encoder block: inputs {@code x} [N, T, d_model] and {@code mask} [T, T], output {@code
   * y} [N, T, d_model], computed as {@code encoder.nn} computes it.
   */
  public static byte[] encoder(EncoderWeights w) {
    OnnxGraph g = new OnnxGraph("encoder");
    String x = g.input("x", BATCH, SEQUENCE, (long) D_MODEL);
    String mask = g.input("mask", SEQUENCE, SEQUENCE);
    long d = D_MODEL;

    String q = heads(g, linear(g, x, g.initializer("Wq", w.wq(), d, d), g.initializer("bq", w.bq(), d)), false);
    String kT = heads(g, linear(g, x, g.initializer("Wk", w.wk(), d, d), g.initializer("bk", w.bk(), d)), true);
    String v = heads(g, linear(g, x, g.initializer("Wv", w.wv(), d, d), g.initializer("bv", w.bv(), d)), false);

    String scores = g.node("MatMul", q, kT);
    String scaled = g.node("Div", scores, g.scalar((float) Math.sqrt(D_K)));
    String masked = g.node("Add", scaled, mask);
    String weights = g.node("Softmax", List.of(masked), List.of(Attribute.of("axis", -1L)));
    String context = g.node("MatMul", weights, v);
    String merged =
        g.node(
            "Reshape",
            g.node("Transpose", List.of(context), List.of(Attribute.ints("perm", 0, 2, 1, 3))),
            g.int64s(0, 0, D_MODEL));

    String attended = linear(g, merged, g.initializer("Wo", w.wo(), d, d), g.initializer("bo", w.bo(), d));
    String h = layerNorm(g, g.node("Add", x, attended), "ln1", w.ln1Gamma(), w.ln1Beta());

    String ff = gelu(g, linear(g, h, g.initializer("W1", w.w1(), d, D_FF), g.initializer("b1", w.b1(), D_FF)));
    String ff2 = linear(g, ff, g.initializer("W2", w.w2(), D_FF, d), g.initializer("b2", w.b2(), d));
    String y = layerNorm(g, g.node("Add", h, ff2), "ln2", w.ln2Gamma(), w.ln2Beta());
    g.output(y, "y", BATCH, SEQUENCE, (long) D_MODEL);
    return g.toModel();
  }

  /** {@code x @ w + b} for a 3-D {@code x}: MatMul and Add, as exporters write {@code nn.Linear} there. */
  private static String linear(OnnxGraph g, String x, String w, String b) {
    return g.node("Add", g.node("MatMul", x, w), b);
  }

  /**
   * [N, T, d_model] to [N, heads, T, d_k] for q and v, or [N, heads, d_k, T] for k, ready to be
   * the right operand of q @ k.T.
   */
  private static String heads(OnnxGraph g, String x, boolean transposed) {
    String split = g.node("Reshape", x, g.int64s(0, 0, HEADS, D_K));
    long[] perm = transposed ? new long[] {0, 2, 3, 1} : new long[] {0, 2, 1, 3};
    return g.node("Transpose", List.of(split), List.of(Attribute.ints("perm", perm)));
  }

  /** LayerNormalization over the last axis (opset 17). */
  private static String layerNorm(OnnxGraph g, String x, String name, float[] gamma, float[] beta) {
    String scale = g.initializer(name + ".gamma", gamma, D_MODEL);
    String bias = g.initializer(name + ".beta", beta, D_MODEL);
    return g.node(
        "LayerNormalization",
        List.of(x, scale, bias),
        List.of(Attribute.of("axis", -1L), Attribute.of("epsilon", EPS)));
  }

  /** Exact GELU, {@code x * 0.5 * (1 + erf(x / sqrt 2))}, in the form ONNX Runtime fuses into one kernel. */
  private static String gelu(OnnxGraph g, String x) {
    String erf = g.node("Erf", g.node("Div", x, g.scalar((float) Math.sqrt(2))));
    return g.node("Mul", g.node("Mul", x, g.node("Add", erf, g.scalar(1f))), g.scalar(0.5f));
  }
}
