package dev.netc.bench.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A protobuf message written field by field. Nested messages are serialized first and embedded as
 * length-delimited bytes, which is their wire format; repeated scalars are written unpacked, which
 * every parser accepts.
 */
final class ProtoMessage {
  /** One write to the stream; writing to memory fails only if the JVM runs out of it. */
  private interface Field {
    void writeTo(CodedOutputStream out) throws IOException;
  }

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

  ProtoMessage int64(int field, long value) {
    return write(o -> o.writeInt64(field, value));
  }

  ProtoMessage int32(int field, int value) {
    return write(o -> o.writeInt32(field, value));
  }

  ProtoMessage float32(int field, float value) {
    return write(o -> o.writeFloat(field, value));
  }

  ProtoMessage string(int field, String value) {
    return write(o -> o.writeString(field, value));
  }

  ProtoMessage bytes(int field, byte[] value) {
    return write(o -> o.writeByteArray(field, value));
  }

  ProtoMessage message(int field, ProtoMessage value) {
    return bytes(field, value.toByteArray());
  }

  byte[] toByteArray() {
    write(CodedOutputStream::flush);
    return bytes.toByteArray();
  }

  private ProtoMessage write(Field field) {
    try {
      field.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
