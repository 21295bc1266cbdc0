package dev.netc.runtime.weights;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes tensors to a safetensors file, for tests and tools: F32, BF16, I64, I32 and I8, each from
 * the Java array that holds it.
 *
 * <p>The output is deterministic and laid out as the format's reference implementation lays it out:
 * tensors sorted by name and packed back to back, {@code __metadata__} (when any) first in a
 * compact JSON header, and the header padded with spaces to a multiple of 8 bytes so that the data
 * section starts aligned.
 *
 * <pre>{@code
 * new SafetensorsWriter()
 *     .add("fc1.weight", weights, 784, 128)
 *     .add("fc1.bias", bias, 128)
 *     .add("classes", new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10)
 *     .write(Path.of("mnist.safetensors"));
 * }</pre>
 */
public final class SafetensorsWriter {
  private static final int ALIGNMENT = 8;

  private record Pending(TensorInfo info, TensorData data) {}

  private final SortedMap<String, Pending> tensors = new TreeMap<>();
  private final SortedMap<String, String> metadata = new TreeMap<>();

  /** An empty file to be. */
  public SafetensorsWriter() {}

  /**
   * Adds an F32 tensor. The array is not copied: leave it unchanged until written.
   *
   * @param shape the dimensions, outermost first; none for a scalar
   * @throws IllegalArgumentException if the name is taken or reserved, a dimension is negative, or
   *     the shape's element count is not {@code data.length}
   */
  public SafetensorsWriter add(String name, float[] data, long... shape) {
    return add(name, new TensorData.Floats(data), shape);
  }

  /**
   * Adds an I64 tensor. The array is not copied: leave it unchanged until written.
   *
   * @param shape the dimensions, outermost first; none for a scalar
   * @throws IllegalArgumentException as {@link #add(String, float[], long...)} does
   */
  public SafetensorsWriter add(String name, long[] data, long... shape) {
    return add(name, new TensorData.Longs(data), shape);
  }

  /**
   * Adds an I32 tensor. The array is not copied: leave it unchanged until written.
   *
   * @param shape the dimensions, outermost first; none for a scalar
   * @throws IllegalArgumentException as {@link #add(String, float[], long...)} does
   */
  public SafetensorsWriter add(String name, int[] data, long... shape) {
    return add(name, new TensorData.Ints(data), shape);
  }

  /**
   * Adds an I8 tensor. The array is not copied: leave it unchanged until written.
   *
   * @param shape the dimensions, outermost first; none for a scalar
   * @throws IllegalArgumentException as {@link #add(String, float[], long...)} does
   */
  public SafetensorsWriter add(String name, byte[] data, long... shape) {
    return add(name, new TensorData.Bytes(data), shape);
  }

  /**
   * Adds a BF16 tensor from the bits of its values, such as {@link WeightFile#readBf16} returns.
   * Not an overload of {@code add}: a {@code short[]} could as well hold F16 bits or 16-bit
   * integers. The array is not copied: leave it unchanged until written.
   *
   * @param shape the dimensions, outermost first; none for a scalar
   * @throws IllegalArgumentException as {@link #add(String, float[], long...)} does
   */
  public SafetensorsWriter addBf16(String name, short[] bits, long... shape) {
    return add(name, new TensorData.Bfloat16(bits), shape);
  }

  private SafetensorsWriter add(String name, TensorData data, long[] shape) {
    Objects.requireNonNull(name, "name");
    if (name.equals(SafetensorsReader.METADATA_KEY)) {
      throw new IllegalArgumentException("\"__metadata__\" is reserved and cannot name a tensor");
    }
    if (!StandardCharsets.UTF_8.newEncoder().canEncode(name)) {
      throw new IllegalArgumentException(
          "tensor " + Names.quote(name) + " has an unpaired surrogate and cannot be UTF-8");
    }
    if (tensors.containsKey(name)) {
      throw new IllegalArgumentException("tensor " + Names.quote(name) + " is already added");
    }
    TensorInfo info = data.shaped(name, shape, "tensor " + Names.quote(name) + ": ");
    tensors.put(name, new Pending(info, data));
    return this;
  }

  /**
   * Adds a {@code __metadata__} entry, replacing any earlier value for {@code key}.
   *
   * @throws IllegalArgumentException if key or value has an unpaired surrogate
   */
  public SafetensorsWriter metadata(String key, String value) {
    for (String s : new String[] {key, value}) {
      if (!StandardCharsets.UTF_8.newEncoder().canEncode(Objects.requireNonNull(s))) {
        throw new IllegalArgumentException(
            "metadata " + Names.quote(s) + " has an unpaired surrogate and cannot be UTF-8");
      }
    }
    metadata.put(key, value);
    return this;
  }

  /** Writes the file, replacing any existing one. */
  public void write(Path file) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      writeTo(out);
    }
  }

  /** Writes the file's bytes to {@code out}, leaving it open. */
  public void writeTo(OutputStream out) throws IOException {
    byte[] header = header();
    ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    out.write(length.putLong(header.length).array());
    out.write(header);
    for (Pending t : tensors.values()) {
      t.data().writeTo(out);
    }
  }

  /**
   * The whole file in memory.
   *
   * @throws IllegalStateException if it would exceed the size of a Java array
   */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail this way
    } catch (OutOfMemoryError e) {
      throw new IllegalStateException("safetensors file too large to build in memory", e);
    }
    return out.toByteArray();
  }

  /** The JSON header in UTF-8, padded with spaces to a multiple of 8 bytes. */
  private byte[] header() {
    StringBuilder json = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      json.append("\"__metadata__\":{");
      String separator = "";
      for (var m : metadata.entrySet()) {
        json.append(separator);
        appendString(json, m.getKey());
        json.append(':');
        appendString(json, m.getValue());
        separator = ",";
      }
      json.append('}');
    }
    long offset = 0;
    for (Pending t : tensors.values()) {
      if (json.length() > 1) {
        json.append(',');
      }
      appendString(json, t.info().name());
      json.append(":{\"dtype\":\"")
          .append(t.info().dtype().safetensorsName())
          .append("\",\"shape\":[");
      long[] shape = t.info().shapeArray();
      for (int i = 0; i < shape.length; i++) {
        json.append(i == 0 ? "" : ",").append(shape[i]);
      }
      long end = offset + t.info().byteSize();
      json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    json.append('}');
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (bytes.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    byte[] header = Arrays.copyOf(bytes, padded);
    Arrays.fill(header, bytes.length, padded, (byte) ' ');
    return header;
  }

  /** A JSON string as serde_json writes it, so that headers match the reference byte for byte. */
  private static void appendString(StringBuilder json, String s) {
    json.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
