package dev.netc.bench.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an ONNX model: inputs, outputs, initializers and nodes, serialized as a {@code
 * ModelProto} for ONNX Runtime. Field numbers are those of {@code onnx.proto3}.
 *
 * <pre>{@code
 * OnnxGraph g = new OnnxGraph("mlp");
 * String x = g.input("x", "N", 784L);
 * String h = g.node("Relu", g.node("Gemm", x, g.initializer("W", w, 784, 128), g.initializer("b", b, 128)));
 * g.output(h, "y", "N", 128L);
 * byte[] model = g.toModel();
 * }</pre>
 */
public final class OnnxGraph {
  /** The opset the graph's operators are taken from: 17 is the first with LayerNormalization. */
  public static final int OPSET = 17;
  /** The IR version of ONNX 1.12, which introduced opset 17. */
  public static final int IR_VERSION = 8;

  // onnx.proto3 field numbers, grouped by message.
  private static final int MODEL_IR_VERSION = 1;
  private static final int MODEL_PRODUCER_NAME = 2;
  private static final int MODEL_GRAPH = 7;
  private static final int MODEL_OPSET_IMPORT = 8;
  private static final int OPSET_VERSION = 2;
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_NAME = 2;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  private static final int NODE_ATTRIBUTE = 5;
  private static final int ATTRIBUTE_NAME = 1;
  private static final int ATTRIBUTE_F = 2;
  private static final int ATTRIBUTE_I = 3;
  private static final int ATTRIBUTE_INTS = 8;
  private static final int ATTRIBUTE_TYPE = 20;
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  private static final int VALUE_INFO_NAME = 1;
  private static final int VALUE_INFO_TYPE = 2;
  private static final int TYPE_TENSOR_TYPE = 1;
  private static final int TENSOR_TYPE_ELEM_TYPE = 1;
  private static final int TENSOR_TYPE_SHAPE = 2;
  private static final int SHAPE_DIM = 1;
  private static final int DIM_VALUE = 1;
  private static final int DIM_PARAM = 2;

  // Enumerations of onnx.proto3.
  private static final int FLOAT = 1;
  private static final int INT64 = 7;
  private static final int INT8 = 3;
  private static final int ATTRIBUTE_FLOAT = 1;
  private static final int ATTRIBUTE_INT = 2;
  private static final int ATTRIBUTE_INTS_TYPE = 7;

  private final String name;
  private final List<ProtoMessage> nodes = new ArrayList<>();
  private final List<ProtoMessage> initializers = new ArrayList<>();
  private final List<ProtoMessage> inputs = new ArrayList<>();
  private final List<ProtoMessage> outputs = new ArrayList<>();
  private int nextValue;

  /** An empty graph called {@code name}. */
  public OnnxGraph(String name) {
    this.name = name;
  }

  /** A node attribute. */
  public record Attribute(String name, int type, long i, float f, long[] ints) {
    /** An integer attribute, such as Softmax's {@code axis}. */
    public static Attribute of(String name, long value) {
      return new Attribute(name, ATTRIBUTE_INT, value, 0, null);
    }

    /** A float attribute, such as LayerNormalization's {@code epsilon}. */
    public static Attribute of(String name, float value) {
      return new Attribute(name, ATTRIBUTE_FLOAT, 0, value, null);
    }

    /** An integer list attribute, such as Transpose's {@code perm}. */
    public static Attribute ints(String name, long... values) {
      return new Attribute(name, ATTRIBUTE_INTS_TYPE, 0, 0, values);
    }

    ProtoMessage proto() {
      ProtoMessage a = new ProtoMessage().string(ATTRIBUTE_NAME, name).int32(ATTRIBUTE_TYPE, type);
      switch (type) {
        case ATTRIBUTE_INT -> a.int64(ATTRIBUTE_I, i);
        case ATTRIBUTE_FLOAT -> a.float32(ATTRIBUTE_F, f);
        default -> {
          for (long v : ints) {
            a.int64(ATTRIBUTE_INTS, v);
          }
        }
      }
      return a;
    }
  }

  /**
   * Declares a float input.
   *
   * @param dims each a {@code Long} size or a {@code String} naming a symbolic dimension
   * @return its name
   */
  public String input(String name, Object... dims) {
    inputs.add(valueInfo(name, dims));
    return name;
  }

  /** Makes {@code value} the graph output {@code name}, through an Identity node if they differ. */
  public void output(String value, String name, Object... dims) {
    if (!value.equals(name)) {
      nodes.add(nodeProto("Identity", List.of(value), name, List.of()));
    }
    outputs.add(valueInfo(name, dims));
  }

  /** A float constant of shape {@code dims}, row-major; no dims for a scalar. */
  public String initializer(String name, float[] data, long... dims) {
    ByteBuffer raw = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(data);
    initializers.add(tensor(name, FLOAT, raw.array(), dims));
    return name;
  }

  /** An 8-bit integer constant of shape {@code dims}, row-major. */
  public String initializer(String name, byte[] data, long... dims) {
    initializers.add(tensor(name, INT8, data.clone(), dims));
    return name;
  }

  /** A scalar float constant with a fresh name. */
  public String scalar(float value) {
    return initializer("const_" + nextValue++, new float[] {value});
  }

  /** A 1-D int64 constant with a fresh name, such as Reshape's target shape. */
  public String int64s(long... values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asLongBuffer().put(values);
    String name = "const_" + nextValue++;
    initializers.add(tensor(name, INT64, raw.array(), values.length));
    return name;
  }

  /** Adds a node of one output and no attributes; returns its output's name. */
  public String node(String op, String... in) {
    return node(op, List.of(in), List.of());
  }

  /** Adds a node of one output; returns its output's name. */
  public String node(String op, List<String> in, List<Attribute> attributes) {
    String out = op.toLowerCase() + "_" + nextValue++;
    nodes.add(nodeProto(op, in, out, attributes));
    return out;
  }

  /** Adds a node of {@code outputs} outputs and no attributes; returns their names. */
  public List<String> nodeOutputs(String op, int outputs, String... in) {
    String base = op.toLowerCase() + "_" + nextValue++;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < outputs; i++) {
      names.add(base + "_" + i);
    }
    ProtoMessage node = new ProtoMessage();
    List.of(in).forEach(i -> node.string(NODE_INPUT, i));
    names.forEach(o -> node.string(NODE_OUTPUT, o));
    nodes.add(node.string(NODE_NAME, base).string(NODE_OP_TYPE, op));
    return names;
  }

  /** The serialized {@code ModelProto}. */
  public byte[] toModel() {
    ProtoMessage graph = new ProtoMessage();
    nodes.forEach(n -> graph.message(GRAPH_NODE, n));
    graph.string(GRAPH_NAME, name);
    initializers.forEach(t -> graph.message(GRAPH_INITIALIZER, t));
    inputs.forEach(i -> graph.message(GRAPH_INPUT, i));
    outputs.forEach(o -> graph.message(GRAPH_OUTPUT, o));
    return new ProtoMessage()
        .int64(MODEL_IR_VERSION, IR_VERSION)
        .string(MODEL_PRODUCER_NAME, "netc-benchmarks")
        .message(MODEL_GRAPH, graph)
        .message(MODEL_OPSET_IMPORT, new ProtoMessage().int64(OPSET_VERSION, OPSET))
        .toByteArray();
  }

  private static ProtoMessage nodeProto(String op, List<String> in, String out, List<Attribute> attributes) {
    ProtoMessage node = new ProtoMessage();
    in.forEach(i -> node.string(NODE_INPUT, i));
    node.string(NODE_OUTPUT, out).string(NODE_NAME, out).string(NODE_OP_TYPE, op);
    attributes.forEach(a -> node.message(NODE_ATTRIBUTE, a.proto()));
    return node;
  }

  private static ProtoMessage tensor(String name, int type, byte[] raw, long... dims) {
    ProtoMessage t = new ProtoMessage();
    for (long d : dims) {
      t.int64(TENSOR_DIMS, d);
    }
    return t.int32(TENSOR_DATA_TYPE, type).string(TENSOR_NAME, name).bytes(TENSOR_RAW_DATA, raw);
  }

  private static ProtoMessage valueInfo(String name, Object... dims) {
    ProtoMessage shape = new ProtoMessage();
    for (Object d : dims) {
      ProtoMessage dim = new ProtoMessage();
      switch (d) {
        case Long size -> dim.int64(DIM_VALUE, size);
        case Integer size -> dim.int64(DIM_VALUE, size);
        case String symbol -> dim.string(DIM_PARAM, symbol);
        default -> throw new IllegalArgumentException("a dimension is a size or a name, not " + d);
      }
      shape.message(SHAPE_DIM, dim);
    }
    ProtoMessage tensorType =
        new ProtoMessage().int32(TENSOR_TYPE_ELEM_TYPE, FLOAT).message(TENSOR_TYPE_SHAPE, shape);
    ProtoMessage type = new ProtoMessage().message(TYPE_TENSOR_TYPE, tensorType);
    return new ProtoMessage().string(VALUE_INFO_NAME, name).message(VALUE_INFO_TYPE, type);
  }
}
