package dev.netc.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader on files exported by PyTorch, and on files that lie: every broken file is an
 * {@link OnnxFormatException} that names the file and the element at fault.
 */
class OnnxReaderTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  @TempDir Path dir;

  @Test
  void readsAnExportedModel() throws Exception {
    OnnxModel model = OnnxReader.read(FIXTURES.resolve("mlp_gemm/model.onnx"));
    assertThat(model.producerName()).isEqualTo("pytorch");
    assertThat(model.defaultOpset()).contains(13L);
    OnnxGraph g = model.graph();
    assertThat(g.nodes()).extracting(OnnxNode::opType)
        .containsExactly("Gemm", "Relu", "Gemm", "Relu", "Gemm", "Softmax");
    assertThat(g.inputs()).extracting(OnnxValueInfo::name).containsExactly("x");
    assertThat(g.inputs().get(0).shape().orElseThrow()).containsExactly(
        new OnnxValueInfo.Dim.Symbolic("batch"), new OnnxValueInfo.Dim.Fixed(20));
    OnnxTensor w = g.initializers().stream().filter(t -> t.name().equals("0.weight")).findFirst().orElseThrow();
    assertThat(w.type()).isEqualTo(OnnxDataType.FLOAT);
    assertThat(w.dims()).containsExactly(32L, 20L);
    assertThat(w.toFloats()).hasSize(640);
    assertThat(g.nodes().get(0).attribute("transB")).contains(new OnnxAttribute.IntValue("transB", 1));
  }

  @Test
  void readsTypedFieldsAndRawDataAlike() throws Exception {
    byte[] raw = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2).putFloat(3).array();
    OnnxModel model = OnnxReader.read(dir.resolve("m.onnx"), model(graph(
        tensor("raw", 1, List.of(3L), out -> out.writeByteArray(9, raw)),
        tensor("packed", 1, List.of(3L), out -> {
          out.writeTag(4, 2);
          out.writeUInt32NoTag(12);
          out.writeFloatNoTag(1.5f);
          out.writeFloatNoTag(-2);
          out.writeFloatNoTag(3);
        }),
        tensor("ids", 7, List.of(2L), out -> {
          out.writeInt64(7, 5);
          out.writeInt64(7, -1);
        }))));
    List<OnnxTensor> t = model.graph().initializers();
    assertThat(t.get(0).toFloats()).containsExactly(1.5f, -2f, 3f);
    assertThat(t.get(1).toFloats()).containsExactly(1.5f, -2f, 3f);
    assertThat(t.get(2).toLongs()).containsExactly(5L, -1L);
  }

  @Test
  void aTruncatedFileIsNamedAsSuch() throws Exception {
    byte[] bytes = Files.readAllBytes(FIXTURES.resolve("mlp_gemm/model.onnx"));
    Path cut = dir.resolve("cut.onnx");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> OnnxReader.read(cut))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageStartingWith(cut + " is not a valid ONNX file: the file ends in the middle of a field (truncated?)");
  }

  @Test
  void aFileThatIsNotOnnxIsRefused() throws Exception {
    Path text = dir.resolve("notes.onnx");
    Files.writeString(text, "these are not the weights you are looking for\n");
    assertThatThrownBy(() -> OnnxReader.read(text)).isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining(text.toString());
    Path empty = dir.resolve("empty.onnx");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> OnnxReader.read(empty))
        .hasMessage(empty + " holds no graph: it is not an ONNX model (or it is empty)");
  }

  @Test
  void rawDataOfTheWrongSizeIsRefused() {
    byte[] bytes = model(graph(tensor("fc.weight", 1, List.of(2L, 3L), out -> out.writeByteArray(9, new byte[20]))));
    assertThatThrownBy(() -> OnnxReader.read(dir.resolve("m.onnx"), bytes))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessage(dir.resolve("m.onnx") + ": tensor 'fc.weight' declares the shape [2, 3] (6 float values) but its"
            + " raw_data has 20 bytes, not 24");
  }

  @Test
  void aHugeDeclaredShapeIsRefusedBeforeAnythingIsAllocated() {
    byte[] bytes = model(graph(tensor("big", 1, List.of(1L << 40, 1L << 30), out -> {})));
    assertThatThrownBy(() -> OnnxReader.read(dir.resolve("m.onnx"), bytes))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("tensor 'big' declares the shape [1099511627776, 1073741824]");
  }

  @Test
  void typedFieldsWithTooFewValuesAreRefused() {
    byte[] bytes = model(graph(tensor("b", 1, List.of(4L), out -> out.writeFloat(4, 1f))));
    assertThatThrownBy(() -> OnnxReader.read(dir.resolve("m.onnx"), bytes))
        .hasMessageEndingWith("tensor 'b' declares the shape [4] (4 float values) but holds 1 values");
  }

  @Test
  void externalDataMustExistNextToTheModel() throws Exception {
    byte[] missing = model(graph(external("w", "weights.bin", 0, 16)));
    assertThatThrownBy(() -> OnnxReader.read(dir.resolve("m.onnx"), missing))
        .hasMessageContaining("tensor 'w' keeps its data in 'weights.bin', which does not exist next to the model");
    byte[] outside = model(graph(external("w", "../secrets.bin", 0, 16)));
    assertThatThrownBy(() -> OnnxReader.read(dir.resolve("m.onnx"), outside))
        .hasMessageContaining("outside the model's folder");
    Files.write(dir.resolve("weights.bin"), new byte[8]);
    assertThatThrownBy(() -> OnnxReader.read(dir.resolve("m.onnx"), missing))
        .hasMessageContaining("keeps 16 bytes at offset 0 of 'weights.bin', which has only 8 bytes");
  }

  @Test
  void externalDataIsRead() throws Exception {
    byte[] data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putFloat(1).putFloat(2).putFloat(3)
        .array();
    Files.write(dir.resolve("weights.bin"), data);
    OnnxModel model = OnnxReader.read(dir.resolve("m.onnx"), model(graph(external("w", "weights.bin", 4, 12))));
    assertThat(model.graph().initializers().get(0).toFloats()).containsExactly(1f, 2f, 3f);
  }

  @Test
  void subgraphsNestOnlySoDeep() {
    byte[] g = graph();
    for (int i = 0; i < OnnxReader.MAX_DEPTH + 2; i++) {
      byte[] inner = g;
      g = message(out -> out.writeByteArray(1, message(node -> {
        node.writeString(4, "If");
        node.writeByteArray(5, message(attr -> {
          attr.writeString(1, "then_branch");
          attr.writeInt32(20, 5);
          attr.writeByteArray(6, inner);
        }));
      })));
    }
    byte[] bytes = model(g);
    assertThatThrownBy(() -> OnnxReader.read(dir.resolve("m.onnx"), bytes))
        .hasMessageContaining("nests subgraphs more than " + OnnxReader.MAX_DEPTH + " deep");
  }

  // A few messages written with protobuf's own writer, field numbers as onnx.proto gives them.

  private interface Body {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Body body) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      body.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] model(byte[] graph) {
    return message(out -> {
      out.writeInt64(1, 8);
      out.writeString(2, "test");
      out.writeByteArray(8, message(opset -> opset.writeInt64(2, 13)));
      out.writeByteArray(7, graph);
    });
  }

  private static byte[] graph(byte[]... initializers) {
    return message(out -> {
      out.writeString(2, "g");
      for (byte[] t : initializers) {
        out.writeByteArray(5, t);
      }
    });
  }

  private static byte[] tensor(String name, int type, List<Long> dims, Body data) {
    return message(out -> {
      for (long d : dims) {
        out.writeInt64(1, d);
      }
      out.writeInt32(2, type);
      out.writeString(8, name);
      data.write(out);
    });
  }

  private static byte[] external(String name, String location, long offset, long length) {
    return tensor(name, 1, List.of(length / 4), out -> {
      out.writeByteArray(13, message(e -> {
        e.writeString(1, "location");
        e.writeString(2, location);
      }));
      out.writeByteArray(13, message(e -> {
        e.writeString(1, "offset");
        e.writeString(2, Long.toString(offset));
      }));
      out.writeByteArray(13, message(e -> {
        e.writeString(1, "length");
        e.writeString(2, Long.toString(length));
      }));
      out.writeInt32(14, 1);
    });
  }
}
