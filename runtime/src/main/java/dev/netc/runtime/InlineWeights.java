package dev.netc.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Parameter values embedded in generated code as Base64 text of little-endian
 * floats: a string constant costs no bytecode, where a large array
 * initializer would overflow a method's 64 KB. Long values arrive in several
 * chunks, each under the class file's 65,535-byte limit for a constant.
 */
public final class InlineWeights {
  private InlineWeights() {}

  public static float[] decode(int count, String... chunks) {
    StringBuilder all = new StringBuilder();
    for (String c : chunks) {
      all.append(c);
    }
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(all.toString())).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.remaining() != count * 4L) {
      throw new IllegalStateException("embedded weights hold " + bytes.remaining() / 4 + " floats, expected " + count);
    }
    float[] out = new float[count];
    bytes.asFloatBuffer().get(out);
    return out;
  }

  /** The Base64 text of {@code values}, for the code generator. */
  public static String encode(float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
