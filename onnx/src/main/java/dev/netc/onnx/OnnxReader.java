package dev.netc.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an ONNX file: the parts of {@code ModelProto} an importer needs, from the protobuf wire
 * format, with every other field skipped. Field numbers are those of the format's {@code onnx.proto}.
 *
 * <p>Nothing a file says is trusted: lengths are bounded by the bytes that remain, a tensor's data
 * must hold exactly the elements its shape declares, subgraphs nest at most {@value #MAX_DEPTH}
 * deep, and external data must be a file inside the model's folder. A file that breaks any of this
 * is an {@link OnnxFormatException} naming the file and what is wrong.
 *
 * <pre>{@code
 * OnnxModel model = OnnxReader.read(Path.of("model.onnx"));
 * for (OnnxNode node : model.graph().nodes()) { ... }
 * }</pre>
 */
public final class OnnxReader {
  /** How deep subgraphs (attributes of {@code If}, {@code Loop}) may nest. */
  static final int MAX_DEPTH = 16;

  /** Larger files keep their weights as external data; protobuf itself cannot exceed 2 GB. */
  private static final long MAX_FILE = Integer.MAX_VALUE - 8;

  private final Path file;
  private final Path folder;

  private OnnxReader(Path file) {
    this.file = file;
    Path parent = file.toAbsolutePath().normalize().getParent();
    this.folder = parent == null ? Path.of("").toAbsolutePath() : parent;
  }

  /** Reads the model in {@code file}. */
  public static OnnxModel read(Path file) throws IOException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
    if (size > MAX_FILE) {
      throw new OnnxFormatException(file + " is " + size + " bytes; an ONNX file holds at most 2 GB, and larger models"
          + " keep their weights as external data");
    }
    return read(file, Files.readAllBytes(file));
  }

  /** Reads a model from its bytes; {@code file} names it in messages and locates external data. */
  public static OnnxModel read(Path file, byte[] bytes) throws OnnxFormatException {
    OnnxReader reader = new OnnxReader(file);
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    in.enableAliasing(true);
    in.setSizeLimit(Integer.MAX_VALUE);
    try {
      OnnxModel model = reader.model(in);
      if (model.graph() == null) {
        throw new OnnxFormatException(file + " holds no graph: it is not an ONNX model (or it is empty)");
      }
      return model;
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxFormatException(file + " is not a valid ONNX file: " + describe(e) + " (at byte "
          + in.getTotalBytesRead() + " of " + bytes.length + ")", e);
    } catch (IOException e) {
      if (e instanceof OnnxFormatException f) {
        throw f;
      }
      throw new OnnxFormatException(file + " could not be read: " + e.getMessage(), e);
    } catch (ArithmeticException e) {
      throw new OnnxFormatException(file + " declares a tensor with more elements than a 64-bit count can hold", e);
    }
  }

  private static String describe(InvalidProtocolBufferException e) {
    String m = e.getMessage() == null ? "malformed protobuf" : e.getMessage();
    if (m.contains("truncated") || m.contains("ended unexpectedly")) {
      return "the file ends in the middle of a field (truncated?)";
    }
    return "malformed protobuf (" + m + ")";
  }

  private OnnxModel model(CodedInputStream in) throws IOException {
    long irVersion = 0;
    String producer = "";
    String producerVersion = "";
    Map<String, Long> opsets = new LinkedHashMap<>();
    OnnxGraph graph = null;
    while (true) {
      int tag = in.readTag();
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 0 -> {
          return new OnnxModel(file, irVersion, producer, producerVersion, opsets, graph);
        }
        case 1 -> irVersion = varint(in, tag);
        case 2 -> producer = string(in, tag);
        case 3 -> producerVersion = string(in, tag);
        case 7 -> {
          int limit = enter(in, tag);
          graph = graph(in, 0);
          in.popLimit(limit);
        }
        case 8 -> {
          int limit = enter(in, tag);
          String domain = "";
          long version = 0;
          for (int t = in.readTag(); t != 0; t = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(t)) {
              case 1 -> domain = string(in, t);
              case 2 -> version = varint(in, t);
              default -> in.skipField(t);
            }
          }
          in.popLimit(limit);
          opsets.put(domain, version);
        }
        default -> in.skipField(tag);
      }
    }
  }

  private OnnxGraph graph(CodedInputStream in, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new OnnxFormatException(file + " nests subgraphs more than " + MAX_DEPTH + " deep");
    }
    String name = "";
    List<OnnxNode> nodes = new ArrayList<>();
    List<OnnxTensor> initializers = new ArrayList<>();
    List<OnnxValueInfo> inputs = new ArrayList<>();
    List<OnnxValueInfo> outputs = new ArrayList<>();
    List<OnnxValueInfo> values = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      switch (field) {
        case 1 -> {
          int limit = enter(in, tag);
          nodes.add(node(in, depth, nodes.size()));
          in.popLimit(limit);
        }
        case 2 -> name = string(in, tag);
        case 5 -> {
          int limit = enter(in, tag);
          initializers.add(tensor(in));
          in.popLimit(limit);
        }
        case 11, 12, 13 -> {
          int limit = enter(in, tag);
          OnnxValueInfo info = valueInfo(in);
          in.popLimit(limit);
          (field == 11 ? inputs : field == 12 ? outputs : values).add(info);
        }
        default -> in.skipField(tag);
      }
    }
    return new OnnxGraph(name, nodes, initializers, inputs, outputs, values);
  }

  private OnnxNode node(CodedInputStream in, int depth, int index) throws IOException {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String name = "";
    String opType = "";
    String domain = "";
    Map<String, OnnxAttribute> attributes = new LinkedHashMap<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> inputs.add(string(in, tag));
        case 2 -> outputs.add(string(in, tag));
        case 3 -> name = string(in, tag);
        case 4 -> opType = string(in, tag);
        case 7 -> domain = string(in, tag);
        case 5 -> {
          int limit = enter(in, tag);
          OnnxAttribute a = attribute(in, depth);
          in.popLimit(limit);
          attributes.put(a.name(), a);
        }
        default -> in.skipField(tag);
      }
    }
    if (opType.isEmpty()) {
      throw new OnnxFormatException(file + ": node " + (name.isEmpty() ? "#" + index : "'" + name + "'")
          + " has no op_type");
    }
    return new OnnxNode(name.isEmpty() ? opType + "_" + index : name, opType, domain, inputs, outputs, attributes);
  }

  private OnnxAttribute attribute(CodedInputStream in, int depth) throws IOException {
    String name = "";
    int type = 0;
    Float f = null;
    Long i = null;
    String s = null;
    OnnxTensor t = null;
    OnnxGraph g = null;
    List<Float> floats = new ArrayList<>();
    List<Long> ints = new ArrayList<>();
    List<String> strings = new ArrayList<>();
    int other = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      switch (field) {
        case 1 -> name = string(in, tag);
        case 20 -> type = (int) varint(in, tag);
        case 2 -> f = fixed32(in, tag);
        case 3 -> i = varint(in, tag);
        case 4 -> s = string(in, tag);
        case 5 -> {
          int limit = enter(in, tag);
          t = tensor(in);
          in.popLimit(limit);
        }
        case 6 -> {
          int limit = enter(in, tag);
          g = graph(in, depth + 1);
          in.popLimit(limit);
        }
        case 7 -> repeatedFloats(in, tag, floats);
        case 8 -> repeatedVarints(in, tag, ints);
        case 9 -> strings.add(string(in, tag));
        case 10, 11, 22, 23, 14, 15 -> {
          other = field;
          in.skipField(tag);
        }
        default -> in.skipField(tag);
      }
    }
    // Files from old exporters leave out `type`; the field that is set says what the attribute is.
    return switch (type) {
      case 1 -> new OnnxAttribute.FloatValue(name, f == null ? 0f : f);
      case 2 -> new OnnxAttribute.IntValue(name, i == null ? 0L : i);
      case 3 -> new OnnxAttribute.StringValue(name, s == null ? "" : s);
      case 4 -> {
        if (t == null) {
          throw new OnnxFormatException(file + ": attribute '" + name + "' is a TENSOR but holds no tensor");
        }
        yield new OnnxAttribute.TensorValue(name, t);
      }
      case 5 -> {
        if (g == null) {
          throw new OnnxFormatException(file + ": attribute '" + name + "' is a GRAPH but holds no graph");
        }
        yield new OnnxAttribute.GraphValue(name, g);
      }
      case 6 -> new OnnxAttribute.Floats(name, floats);
      case 7 -> new OnnxAttribute.Ints(name, ints);
      case 8 -> new OnnxAttribute.Strings(name, strings);
      case 0 -> {
        if (t != null) {
          yield new OnnxAttribute.TensorValue(name, t);
        } else if (g != null) {
          yield new OnnxAttribute.GraphValue(name, g);
        } else if (s != null) {
          yield new OnnxAttribute.StringValue(name, s);
        } else if (f != null) {
          yield new OnnxAttribute.FloatValue(name, f);
        } else if (i != null) {
          yield new OnnxAttribute.IntValue(name, i);
        } else if (!ints.isEmpty()) {
          yield new OnnxAttribute.Ints(name, ints);
        } else if (!floats.isEmpty()) {
          yield new OnnxAttribute.Floats(name, floats);
        } else if (!strings.isEmpty()) {
          yield new OnnxAttribute.Strings(name, strings);
        }
        yield new OnnxAttribute.Other(name, other == 0 ? "UNDEFINED" : "field " + other);
      }
      case 9 -> new OnnxAttribute.Other(name, "TENSORS");
      case 10 -> new OnnxAttribute.Other(name, "GRAPHS");
      case 11 -> new OnnxAttribute.Other(name, "SPARSE_TENSOR");
      case 12 -> new OnnxAttribute.Other(name, "SPARSE_TENSORS");
      case 13 -> new OnnxAttribute.Other(name, "TYPE_PROTO");
      case 14 -> new OnnxAttribute.Other(name, "TYPE_PROTOS");
      default -> new OnnxAttribute.Other(name, "type " + type);
    };
  }

  private OnnxTensor tensor(CodedInputStream in) throws IOException {
    List<Long> dims = new ArrayList<>();
    int dataType = 0;
    String name = "";
    ByteBuffer raw = null;
    FloatList floats = null;
    DoubleList doubles = null;
    LongList longs = null;
    boolean unsigned64 = false;
    boolean external = false;
    Map<String, String> externalData = new LinkedHashMap<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> repeatedVarints(in, tag, dims);
        case 2 -> dataType = (int) varint(in, tag);
        case 8 -> name = string(in, tag);
        case 9 -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
          raw = in.readByteBuffer();
        }
        case 4 -> (floats = floats == null ? new FloatList() : floats).read(in, tag);
        case 10 -> (doubles = doubles == null ? new DoubleList() : doubles).read(in, tag);
        case 5 -> (longs = longs == null ? new LongList() : longs).readInt32(in, tag);
        case 7, 11 -> {
          unsigned64 |= WireFormat.getTagFieldNumber(tag) == 11;
          (longs = longs == null ? new LongList() : longs).readInt64(in, tag);
        }
        case 13 -> {
          int limit = enter(in, tag);
          String key = "";
          String value = "";
          for (int t = in.readTag(); t != 0; t = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(t)) {
              case 1 -> key = string(in, t);
              case 2 -> value = string(in, t);
              default -> in.skipField(t);
            }
          }
          in.popLimit(limit);
          externalData.put(key, value);
        }
        case 14 -> external = varint(in, tag) == 1;
        default -> in.skipField(tag);
      }
    }
    String shown = name.isEmpty() ? "(unnamed)" : "'" + name + "'";
    int code = dataType;
    OnnxDataType type = OnnxDataType.of(code)
        .orElseThrow(() -> new OnnxFormatException(file + ": tensor " + shown + " has an unknown data_type " + code));
    for (long d : dims) {
      if (d < 0) {
        throw new OnnxFormatException(file + ": tensor " + shown + " has a negative dimension " + d + " in " + dims);
      }
    }
    long count;
    try {
      count = OnnxTensor.count(dims);
    } catch (ArithmeticException e) {
      throw new OnnxFormatException(file + ": tensor " + shown + " declares the shape " + dims
          + ", more elements than can be counted");
    }
    if (count > Integer.MAX_VALUE - 8) {
      throw new OnnxFormatException(file + ": tensor " + shown + " declares " + count + " elements (shape " + dims
          + "); netc holds at most 2^31 elements in a tensor");
    }
    String declared = " declares the shape " + dims + " (" + count + " " + type.spelling() + " values)";
    OnnxTensor.Data data;
    if (external) {
      data = externalData(externalData, shown, type, count);
    } else if (raw != null) {
      if (type.bytes() == 0) {
        throw new OnnxFormatException(file + ": tensor " + shown + " is " + type.spelling()
            + "; netc reads numeric tensors only");
      }
      long expected = count * type.bytes();
      if (raw.remaining() != expected) {
        throw new OnnxFormatException(file + ": tensor " + shown + declared + " but its raw_data has "
            + raw.remaining() + " bytes, not " + expected);
      }
      data = new OnnxTensor.Data.Raw(raw.asReadOnlyBuffer());
    } else {
      int found;
      if (floats != null) {
        found = floats.size;
        data = new OnnxTensor.Data.Floats(floats.toArray());
      } else if (doubles != null) {
        found = doubles.size;
        data = new OnnxTensor.Data.Doubles(doubles.toArray());
      } else if (longs != null) {
        found = longs.size;
        data = new OnnxTensor.Data.Longs(longs.toArray());
      } else {
        found = 0;
        data = new OnnxTensor.Data.Longs(new long[0]);
      }
      if (found != count) {
        throw new OnnxFormatException(file + ": tensor " + shown + declared + " but holds " + found + " values");
      }
      if (type == OnnxDataType.STRING) {
        throw new OnnxFormatException(file + ": tensor " + shown + " holds strings; netc reads numeric tensors only");
      }
      if (unsigned64 && type != OnnxDataType.UINT64 && type != OnnxDataType.UINT32) {
        throw new OnnxFormatException(file + ": tensor " + shown + " is " + type.spelling()
            + " but keeps its values in uint64_data");
      }
    }
    return new OnnxTensor(name, type, dims, data);
  }

  private OnnxTensor.Data externalData(Map<String, String> entries, String shown, OnnxDataType type, long count)
      throws OnnxFormatException {
    String location = entries.get("location");
    if (location == null || location.isEmpty()) {
      throw new OnnxFormatException(file + ": tensor " + shown + " keeps its data in an external file but names none");
    }
    Path target = folder.resolve(location).normalize();
    if (Path.of(location).isAbsolute() || !target.startsWith(folder)) {
      throw new OnnxFormatException(file + ": tensor " + shown + " keeps its data in '" + location
          + "', outside the model's folder; external data must be a file next to the model");
    }
    if (!Files.isRegularFile(target)) {
      throw new OnnxFormatException(file + ": tensor " + shown + " keeps its data in '" + location
          + "', which does not exist next to the model (" + target + "); copy it there");
    }
    long offset = parseLong(entries.getOrDefault("offset", "0"), "offset", shown);
    long expected = count * type.bytes();
    long length = entries.containsKey("length") ? parseLong(entries.get("length"), "length", shown) : expected;
    if (length != expected) {
      throw new OnnxFormatException(file + ": tensor " + shown + " needs " + expected + " bytes for " + count + " "
          + type.spelling() + " values, but its external data is " + length + " bytes");
    }
    long size;
    try {
      size = Files.size(target);
    } catch (IOException e) {
      throw new OnnxFormatException(file + ": cannot read '" + location + "': " + e.getMessage(), e);
    }
    if (offset < 0 || offset + length > size) {
      throw new OnnxFormatException(file + ": tensor " + shown + " keeps " + length + " bytes at offset " + offset
          + " of '" + location + "', which has only " + size + " bytes");
    }
    return new OnnxTensor.Data.External(target, offset, length);
  }

  private long parseLong(String text, String what, String shown) throws OnnxFormatException {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new OnnxFormatException(file + ": tensor " + shown + " has an external data " + what + " of '" + text
          + "', not a number");
    }
  }

  private OnnxValueInfo valueInfo(CodedInputStream in) throws IOException {
    String name = "";
    Optional<OnnxDataType> elem = Optional.empty();
    Optional<List<OnnxValueInfo.Dim>> shape = Optional.empty();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> name = string(in, tag);
        case 2 -> {
          int typeLimit = enter(in, tag);
          for (int t = in.readTag(); t != 0; t = in.readTag()) {
            if (WireFormat.getTagFieldNumber(t) != 1) {
              in.skipField(t);
              continue;
            }
            int tensorLimit = enter(in, t);
            for (int u = in.readTag(); u != 0; u = in.readTag()) {
              switch (WireFormat.getTagFieldNumber(u)) {
                case 1 -> elem = OnnxDataType.of((int) varint(in, u));
                case 2 -> {
                  int shapeLimit = enter(in, u);
                  shape = Optional.of(dims(in));
                  in.popLimit(shapeLimit);
                }
                default -> in.skipField(u);
              }
            }
            in.popLimit(tensorLimit);
          }
          in.popLimit(typeLimit);
        }
        default -> in.skipField(tag);
      }
    }
    return new OnnxValueInfo(name, elem, shape);
  }

  private List<OnnxValueInfo.Dim> dims(CodedInputStream in) throws IOException {
    List<OnnxValueInfo.Dim> dims = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) != 1) {
        in.skipField(tag);
        continue;
      }
      int limit = enter(in, tag);
      OnnxValueInfo.Dim dim = new OnnxValueInfo.Dim.Unknown();
      for (int t = in.readTag(); t != 0; t = in.readTag()) {
        switch (WireFormat.getTagFieldNumber(t)) {
          case 1 -> dim = new OnnxValueInfo.Dim.Fixed(varint(in, t));
          case 2 -> {
            String p = string(in, t);
            dim = p.isEmpty() ? new OnnxValueInfo.Dim.Unknown() : new OnnxValueInfo.Dim.Symbolic(p);
          }
          default -> in.skipField(t);
        }
      }
      in.popLimit(limit);
      dims.add(dim);
    }
    return dims;
  }

  // Wire-level helpers: each checks the wire type the schema gives the field, so a field of the
  // wrong kind is reported, not misread.

  private int enter(CodedInputStream in, int tag) throws IOException {
    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    int length = in.readRawVarint32();
    if (length < 0) {
      throw new OnnxFormatException(file + " is not a valid ONNX file: a negative length at byte "
          + in.getTotalBytesRead());
    }
    return in.pushLimit(length);
  }

  private long varint(CodedInputStream in, int tag) throws IOException {
    expect(tag, WireFormat.WIRETYPE_VARINT);
    return in.readInt64();
  }

  private float fixed32(CodedInputStream in, int tag) throws IOException {
    expect(tag, WireFormat.WIRETYPE_FIXED32);
    return in.readFloat();
  }

  private String string(CodedInputStream in, int tag) throws IOException {
    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    return in.readStringRequireUtf8();
  }

  private void repeatedVarints(CodedInputStream in, int tag, List<Long> out) throws IOException {
    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int limit = enter(in, tag);
      while (in.getBytesUntilLimit() > 0) {
        out.add(in.readInt64());
      }
      in.popLimit(limit);
    } else {
      out.add(varint(in, tag));
    }
  }

  private void repeatedFloats(CodedInputStream in, int tag, List<Float> out) throws IOException {
    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int limit = enter(in, tag);
      while (in.getBytesUntilLimit() > 0) {
        out.add(in.readFloat());
      }
      in.popLimit(limit);
    } else {
      out.add(fixed32(in, tag));
    }
  }

  private void expect(int tag, int wireType) throws OnnxFormatException {
    if (WireFormat.getTagWireType(tag) != wireType) {
      throw new OnnxFormatException(file + " is not a valid ONNX file: field " + WireFormat.getTagFieldNumber(tag)
          + " has wire type " + WireFormat.getTagWireType(tag) + " where the format has " + wireType);
    }
  }

  /** A growable float array: a packed field holds as many values as its bytes, never more than the file. */
  private final class FloatList {
    float[] values = new float[16];
    int size;

    void read(CodedInputStream in, int tag) throws IOException {
      if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int limit = enter(in, tag);
        while (in.getBytesUntilLimit() > 0) {
          add(in.readFloat());
        }
        in.popLimit(limit);
      } else {
        add(fixed32(in, tag));
      }
    }

    void add(float v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    float[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }

  private final class DoubleList {
    double[] values = new double[16];
    int size;

    void read(CodedInputStream in, int tag) throws IOException {
      if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int limit = enter(in, tag);
        while (in.getBytesUntilLimit() > 0) {
          add(in.readDouble());
        }
        in.popLimit(limit);
      } else {
        expect(tag, WireFormat.WIRETYPE_FIXED64);
        add(in.readDouble());
      }
    }

    void add(double v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    double[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }

  private final class LongList {
    long[] values = new long[16];
    int size;

    void readInt32(CodedInputStream in, int tag) throws IOException {
      if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int limit = enter(in, tag);
        while (in.getBytesUntilLimit() > 0) {
          add(in.readInt32());
        }
        in.popLimit(limit);
      } else {
        expect(tag, WireFormat.WIRETYPE_VARINT);
        add(in.readInt32());
      }
    }

    void readInt64(CodedInputStream in, int tag) throws IOException {
      if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int limit = enter(in, tag);
        while (in.getBytesUntilLimit() > 0) {
          add(in.readInt64());
        }
        in.popLimit(limit);
      } else {
        add(varint(in, tag));
      }
    }

    void add(long v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
