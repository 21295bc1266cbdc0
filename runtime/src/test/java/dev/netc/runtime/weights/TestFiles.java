package dev.netc.runtime.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds weight-file bytes, well-formed or deliberately not, for tests. */
final class TestFiles {
  private TestFiles() {}

  /** A committed fixture under {@code src/test/resources/weights}. */
  static Path fixture(String name) {
    try {
      return Path.of(TestFiles.class.getResource("/weights/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path write(Path dir, String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  /** A safetensors file: the header's length, the header as given, then {@code data}. */
  static byte[] safetensors(String header, byte[] data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return concat(le64(json.length), json, data);
  }

  /** A safetensors file with {@code dataBytes} zero bytes of data. */
  static byte[] safetensors(String header, int dataBytes) {
    return safetensors(header, new byte[dataBytes]);
  }

  static byte[] le64(long value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }

  /** A version 1.0 .npy with the given dict (padded to 64 bytes as NumPy pads) and data bytes. */
  static byte[] npy(String dict, byte[] data) {
    String header = dict;
    int pad = 63 - (10 + header.length()) % 64;
    header = header + " ".repeat(pad) + "\n";
    ByteBuffer prefix = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    prefix.put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    return concat(prefix.array(), header.getBytes(StandardCharsets.ISO_8859_1), data);
  }

  /** A .npy of type descr with the given shape literal and {@code dataBytes} zero bytes. */
  static byte[] npy(String descr, String shape, int dataBytes) {
    return npy(
        "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }",
        new byte[dataBytes]);
  }

  /** A zip with the given entries, names and contents alternating; stored or deflated. */
  static byte[] zip(boolean deflate, Object... namesAndContents) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        byte[] content = (byte[]) namesAndContents[i + 1];
        ZipEntry entry = new ZipEntry((String) namesAndContents[i]);
        if (!deflate) {
          CRC32 crc = new CRC32();
          crc.update(content);
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(content.length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] floatsLe(float... values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      buf.putFloat(v);
    }
    return buf.array();
  }

  static byte[] longsLe(long... values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      buf.putLong(v);
    }
    return buf.array();
  }

  static byte[] intsLe(int... values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      buf.putInt(v);
    }
    return buf.array();
  }

  static byte[] doublesLe(double... values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      buf.putDouble(v);
    }
    return buf.array();
  }

  static byte[] shortsLe(short... values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short v : values) {
      buf.putShort(v);
    }
    return buf.array();
  }

  /**
   * A safetensors file holding one tensor per {@code (name, dtype, shape, data)} quadruple, in the
   * order given; the shape is a JSON array such as {@code "[2, 3]"}.
   */
  static byte[] safetensorsOf(Object... quadruples) {
    StringBuilder header = new StringBuilder("{");
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (int i = 0; i < quadruples.length; i += 4) {
      byte[] bytes = (byte[]) quadruples[i + 3];
      header
          .append(i == 0 ? "" : ",")
          .append("\"%s\":{\"dtype\":\"%s\",\"shape\":%s,\"data_offsets\":[%d,%d]}"
              .formatted(quadruples[i], quadruples[i + 1], quadruples[i + 2], data.size(),
                  data.size() + bytes.length));
      data.writeBytes(bytes);
    }
    return safetensors(header.append('}').toString(), data.toByteArray());
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Replaces every occurrence of {@code from} by {@code to}, which must be as long. */
  static byte[] replaceAll(byte[] bytes, String from, String to) {
    byte[] f = from.getBytes(StandardCharsets.ISO_8859_1);
    byte[] t = to.getBytes(StandardCharsets.ISO_8859_1);
    if (f.length != t.length) {
      throw new IllegalArgumentException("replacement must keep the length");
    }
    byte[] out = bytes.clone();
    for (int i = 0; i + f.length <= out.length; i++) {
      if (Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
        System.arraycopy(t, 0, out, i, t.length);
      }
    }
    return out;
  }
}
