package dev.netc.runtime.weights;

import dev.netc.runtime.weights.Json.JArray;
import dev.netc.runtime.weights.Json.JNumber;
import dev.netc.runtime.weights.Json.JObject;
import dev.netc.runtime.weights.Json.JString;
import dev.netc.runtime.weights.Json.Member;
import dev.netc.runtime.weights.Json.Value;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and validates a safetensors header: an 8-byte little-endian length N, N bytes of UTF-8
 * JSON, then the data section, which the tensors' {@code data_offsets} must tile exactly.
 *
 * <p>The checks follow the format's reference implementation: the header is at most 100 MB,
 * each tensor's byte range matches its shape and type, and the ranges are packed back to back
 * from offset 0 to the end of the file, with no overlap, gap or trailing bytes. Nothing of the
 * data section is read here.
 */
final class SafetensorsReader {
  /** The reference implementation's cap; real headers are kilobytes to a few megabytes. */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  /** The reserved header key for free-form string metadata. */
  static final String METADATA_KEY = "__metadata__";

  private static final int LENGTH_FIELD_BYTES = 8;

  /** A tensor with its byte range relative to the data section. */
  private record Located(TensorInfo info, long begin, long end) {}

  private SafetensorsReader() {}

  /** Opens {@code file}, validating its header; the returned file owns the channel. */
  static WeightFile open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long fileSize = channel.size();
      if (fileSize < LENGTH_FIELD_BYTES) {
        throw new WeightFileException(
            file,
            null,
            (fileSize == 0 ? "file is empty" : "file is only " + fileSize + " bytes long")
                + "; a safetensors file starts with an 8-byte header length");
      }
      long headerLength = Io.readFully(file, channel, 0, LENGTH_FIELD_BYTES, "the header length")
          .getLong();
      // The field is unsigned; a negative long is a length beyond 2^63, absurd either way.
      if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
        throw new WeightFileException(
            file,
            null,
            "header length " + Long.toUnsignedString(headerLength) + " bytes exceeds the limit of "
                + MAX_HEADER_BYTES + " bytes; the file is corrupt or not safetensors");
      }
      long available = fileSize - LENGTH_FIELD_BYTES;
      if (headerLength > available) {
        throw new WeightFileException(
            file,
            null,
            "header length " + headerLength + " bytes runs past the end of the file, which holds "
                + available + " bytes after the 8-byte length field");
      }
      ByteBuffer headerBytes =
          Io.readFully(file, channel, LENGTH_FIELD_BYTES, (int) headerLength, "the header");
      long dataStart = LENGTH_FIELD_BYTES + headerLength;
      JObject root = parseHeader(file, headerBytes);

      Map<String, String> metadata = Map.of();
      List<Located> located = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Member m : root.members()) {
        if (!seen.add(m.key())) {
          throw m.key().equals(METADATA_KEY)
              ? new WeightFileException(file, null, "header has \"__metadata__\" twice")
              : new WeightFileException(file, m.key(), "appears twice in the header");
        }
        if (m.key().equals(METADATA_KEY)) {
          metadata = metadata(file, m.value());
        } else {
          located.add(tensor(file, m.key(), m.value(), fileSize - dataStart));
        }
      }
      checkTiling(file, located, fileSize - dataStart);

      List<TensorEntry> entries = new ArrayList<>(located.size());
      for (Located t : located) {
        entries.add(new TensorEntry(t.info(), dataStart + t.begin(), null));
      }
      return new WeightFile(
          file,
          WeightFormat.SAFETENSORS,
          entries,
          metadata,
          new TensorStore.FileStore(file, channel));
    } catch (IOException | RuntimeException | Error e) {
      Io.closeAfterFailure(channel, e);
      throw e;
    }
  }

  private static JObject parseHeader(Path file, ByteBuffer bytes) throws WeightFileException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes)
              .toString();
    } catch (CharacterCodingException e) {
      // The decoder leaves the buffer positioned at the offending bytes.
      throw new WeightFileException(
          file,
          null,
          "header is not valid UTF-8 (bad byte sequence at header byte " + bytes.position() + ")");
    }
    Value root;
    try {
      root = Json.parse(text);
    } catch (Json.SyntaxException e) {
      throw new WeightFileException(file, null, "header is not valid JSON: " + e.getMessage());
    }
    if (!(root instanceof JObject object)) {
      throw new WeightFileException(
          file,
          null,
          "header is " + Json.describe(root)
              + "; expected a JSON object mapping tensor names to {dtype, shape, data_offsets}");
    }
    return object;
  }

  private static Map<String, String> metadata(Path file, Value value) throws WeightFileException {
    if (!(value instanceof JObject object)) {
      throw new WeightFileException(
          file,
          null,
          "\"__metadata__\" is " + Json.describe(value) + "; expected an object of strings");
    }
    Map<String, String> metadata = new TreeMap<>();
    for (Member m : object.members()) {
      if (!(m.value() instanceof JString s)) {
        throw new WeightFileException(
            file,
            null,
            "\"__metadata__\" entry " + Names.quote(m.key()) + " is " + Json.describe(m.value())
                + "; metadata values must be strings");
      }
      if (metadata.put(m.key(), s.value()) != null) {
        throw new WeightFileException(
            file, null, "\"__metadata__\" has key " + Names.quote(m.key()) + " twice");
      }
    }
    return metadata;
  }

  private static Located tensor(Path file, String name, Value value, long dataSize)
      throws WeightFileException {
    if (!(value instanceof JObject object)) {
      throw new WeightFileException(
          file,
          name,
          "header entry is " + Json.describe(value)
              + "; expected an object with dtype, shape and data_offsets");
    }
    var duplicate = object.firstDuplicateKey();
    if (duplicate.isPresent()) {
      throw new WeightFileException(
          file, name, "field " + Names.quote(duplicate.get()) + " appears twice");
    }

    Value dtypeValue = field(file, name, object, "dtype", "a string such as \"F32\"");
    if (!(dtypeValue instanceof JString dtypeName)) {
      throw new WeightFileException(
          file,
          name,
          "\"dtype\" is " + Json.describe(dtypeValue) + "; expected a string such as \"F32\"");
    }
    DType dtype =
        DType.fromSafetensorsName(dtypeName.value())
            .orElseThrow(
                () ->
                    new WeightFileException(
                        file,
                        name,
                        "dtype " + Names.quote(dtypeName.value()) + " is not supported; netc reads "
                            + DType.supportedSafetensorsNames()));

    long[] shape = integers(file, name, object, "shape", -1, "dimension");
    long[] offsets = integers(file, name, object, "data_offsets", 2, "offset");
    long begin = offsets[0];
    long end = offsets[1];
    String shapeText = TensorInfo.shapeString(shape);
    String offsetText = "data_offsets [" + begin + ", " + end + "]";

    long count;
    long bytes;
    try {
      count = TensorInfo.checkedElementCount(shape);
      bytes = Math.multiplyExact(count, dtype.byteSize());
    } catch (ArithmeticException e) {
      throw new WeightFileException(
          file,
          name,
          "shape " + shapeText + " of " + dtype + " overflows a 64-bit byte count");
    }
    if (count > FloatDecoder.MAX_ARRAY_LENGTH) {
      throw new WeightFileException(
          file,
          name,
          "shape " + shapeText + " has " + count + " elements; a Java array holds at most "
              + FloatDecoder.MAX_ARRAY_LENGTH);
    }
    if (begin > end) {
      throw new WeightFileException(file, name, offsetText + " end before they begin");
    }
    if (end - begin != bytes) {
      throw new WeightFileException(
          file,
          name,
          offsetText + " span " + (end - begin) + " bytes, but shape " + shapeText + " of "
              + dtype + " needs " + count + " × " + dtype.byteSize() + " = " + bytes + " bytes");
    }
    if (end > dataSize) {
      throw new WeightFileException(
          file,
          name,
          offsetText + " end past the data section, which holds only " + dataSize + " bytes");
    }
    return new Located(new TensorInfo(name, dtype, boxed(shape)), begin, end);
  }

  private static Value field(Path file, String name, JObject object, String key, String expected)
      throws WeightFileException {
    return object
        .get(key)
        .orElseThrow(
            () ->
                new WeightFileException(
                    file, name, "missing \"" + key + "\"; expected " + expected));
  }

  /**
   * The non-negative integers in array field {@code key}.
   *
   * @param length the required length, or -1 for any
   * @param what for messages: what one element is
   */
  private static long[] integers(
      Path file, String name, JObject object, String key, int length, String what)
      throws WeightFileException {
    String expected =
        length < 0
            ? "an array of non-negative integers such as [784, 128]"
            : "an array of " + length + " non-negative integers such as [0, 4096]";
    Value value = field(file, name, object, key, expected);
    if (!(value instanceof JArray array)) {
      throw new WeightFileException(
          file, name, "\"" + key + "\" is " + Json.describe(value) + "; expected " + expected);
    }
    if (length >= 0 && array.elements().size() != length) {
      throw new WeightFileException(
          file,
          name,
          "\"" + key + "\" has " + array.elements().size() + " elements; expected " + expected);
    }
    long[] result = new long[array.elements().size()];
    for (int i = 0; i < result.length; i++) {
      Value v = array.elements().get(i);
      String at = "\"" + key + "\"[" + i + "]";
      if (!(v instanceof JNumber n) || !n.isInteger()) {
        throw new WeightFileException(
            file, name, at + " is " + Json.describe(v) + "; expected a non-negative integer");
      }
      if (n.text().startsWith("-")) {
        throw new WeightFileException(
            file, name, at + " is " + n.text() + "; a " + what + " cannot be negative");
      }
      try {
        result[i] = Long.parseLong(n.text());
      } catch (NumberFormatException e) {
        throw new WeightFileException(
            file, name, at + " is " + Json.describe(v) + ", which does not fit in 64 bits");
      }
    }
    return result;
  }

  /** Checks that the byte ranges tile the data section: no overlap, no gap, nothing left over. */
  private static void checkTiling(Path file, List<Located> tensors, long dataSize)
      throws WeightFileException {
    List<Located> byOffset = new ArrayList<>(tensors);
    byOffset.sort(Comparator.comparingLong(Located::begin).thenComparingLong(Located::end));
    long covered = 0;
    Located previous = null;
    for (Located t : byOffset) {
      String range = "data_offsets [" + t.begin() + ", " + t.end() + "]";
      if (t.begin() < covered) {
        throw new WeightFileException(
            file,
            t.info().name(),
            range + " overlap tensor " + Names.quote(previous.info().name()) + " at ["
                + previous.begin() + ", " + previous.end() + "]; each tensor needs its own bytes");
      }
      if (t.begin() > covered) {
        throw new WeightFileException(
            file,
            t.info().name(),
            range + " leave data bytes [" + covered + ", " + t.begin()
                + ") unused; safetensors packs tensors back to back from offset 0");
      }
      covered = t.end();
      previous = t;
    }
    if (covered != dataSize) {
      throw new WeightFileException(
          file,
          null,
          "data section holds " + dataSize + " bytes but the tensors cover only " + covered
              + "; the " + (dataSize - covered) + " bytes after them belong to no tensor");
    }
  }

  private static List<Long> boxed(long[] values) {
    List<Long> list = new ArrayList<>(values.length);
    for (long v : values) {
      list.add(v);
    }
    return list;
  }
}
