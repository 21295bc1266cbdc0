package dev.netc.runtime.weights;

import dev.netc.runtime.DType;
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
import java.util.Arrays;
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
 * <p>The checks follow the format's reference implementation: the header is at most 100 MB, each
 * tensor's byte range matches its shape and type, and the ranges are packed back to back from
 * offset 0 to the end of the file, with no overlap, gap or trailing bytes. Nothing of the data
 * section is read here.
 */
final class SafetensorsReader {
  /** The reference implementation's cap; real headers are kilobytes to a few megabytes. */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  /** The reserved header key for free-form string metadata. */
  static final String METADATA_KEY = "__metadata__";

  private static final int LENGTH_FIELD_BYTES = 8;

  /** Every type {@link DType} names, for messages: "F32, F16, ... and I8". */
  private static final String SUPPORTED =
      Names.list(Arrays.stream(DType.values()).map(DType::safetensorsName).toList());

  /** A tensor with its byte range relative to the data section. */
  private record Located(TensorInfo info, long begin, long end) {}

  private final Path file;

  private SafetensorsReader(Path file) {
    this.file = file;
  }

  /** Opens {@code file}, validating its header; the returned file owns the channel. */
  static WeightFile open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new SafetensorsReader(file).read(channel);
    } catch (IOException | RuntimeException | Error e) {
      Io.closeAfterFailure(channel, e);
      throw e;
    }
  }

  private WeightFile read(FileChannel channel) throws IOException {
    long fileSize = channel.size();
    if (fileSize < LENGTH_FIELD_BYTES) {
      throw fail(
          null,
          "%s; a safetensors file starts with an 8-byte header length",
          fileSize == 0
              ? "file is empty"
              : "file is only " + Names.count(fileSize, "byte") + " long");
    }
    long headerLength =
        Io.readFully(file, channel, 0, LENGTH_FIELD_BYTES, "the header length").getLong();
    // The field is unsigned; a negative long is a length beyond 2^63, absurd either way.
    if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
      throw fail(
          null,
          "header length %s bytes exceeds the limit of %d bytes; the file is"
              + " corrupt or not safetensors",
          Long.toUnsignedString(headerLength),
          MAX_HEADER_BYTES);
    }
    long available = fileSize - LENGTH_FIELD_BYTES;
    if (headerLength > available) {
      throw fail(
          null,
          "header length %d bytes runs past the end of the file, which holds %d"
              + " bytes after the 8-byte length field",
          headerLength,
          available);
    }
    ByteBuffer headerBytes =
        Io.readFully(file, channel, LENGTH_FIELD_BYTES, (int) headerLength, "the header");
    long dataStart = LENGTH_FIELD_BYTES + headerLength;
    long dataSize = fileSize - dataStart;

    Map<String, String> metadata = Map.of();
    List<Located> located = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Member m : parseHeader(headerBytes).members()) {
      boolean isMetadata = m.key().equals(METADATA_KEY);
      if (!seen.add(m.key())) {
        throw isMetadata
            ? fail(null, "header has \"__metadata__\" twice")
            : fail(m.key(), "appears twice in the header");
      }
      if (isMetadata) {
        metadata = metadata(m.value());
      } else {
        located.add(tensor(m.key(), m.value(), dataSize));
      }
    }
    checkTiling(located, dataSize);

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
  }

  private JObject parseHeader(ByteBuffer bytes) throws WeightFileException {
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
      throw fail(
          null,
          "header is not valid UTF-8 (bad byte sequence at header byte %d)",
          bytes.position());
    }
    Value root;
    try {
      root = Json.parse(text);
    } catch (Json.SyntaxException e) {
      throw fail(null, "header is not valid JSON: %s", e.getMessage());
    }
    if (!(root instanceof JObject object)) {
      throw fail(
          null,
          "header is %s; expected a JSON object mapping tensor names to {dtype,"
              + " shape, data_offsets}",
          Json.describe(root));
    }
    return object;
  }

  private Map<String, String> metadata(Value value) throws WeightFileException {
    if (!(value instanceof JObject object)) {
      throw fail(
          null, "\"__metadata__\" is %s; expected an object of strings", Json.describe(value));
    }
    Map<String, String> metadata = new TreeMap<>();
    for (Member m : object.members()) {
      if (!(m.value() instanceof JString s)) {
        throw fail(
            null,
            "\"__metadata__\" entry %s is %s; metadata values must be strings",
            Names.quote(m.key()),
            Json.describe(m.value()));
      }
      if (metadata.put(m.key(), s.value()) != null) {
        throw fail(null, "\"__metadata__\" has key %s twice", Names.quote(m.key()));
      }
    }
    return metadata;
  }

  private Located tensor(String name, Value value, long dataSize) throws WeightFileException {
    if (!(value instanceof JObject object)) {
      throw fail(
          name,
          "header entry is %s; expected an object with dtype, shape and" + " data_offsets",
          Json.describe(value));
    }
    var duplicate = object.firstDuplicateKey();
    if (duplicate.isPresent()) {
      throw fail(name, "field %s appears twice", Names.quote(duplicate.get()));
    }

    Value dtypeValue = field(name, object, "dtype", "a string such as \"F32\"");
    if (!(dtypeValue instanceof JString dtypeName)) {
      throw fail(
          name, "\"dtype\" is %s; expected a string such as \"F32\"", Json.describe(dtypeValue));
    }
    var supported = DType.fromSafetensorsName(dtypeName.value());
    if (supported.isEmpty()) {
      throw fail(
          name,
          "dtype %s is not supported; netc reads %s",
          Names.quote(dtypeName.value()),
          SUPPORTED);
    }
    DType dtype = supported.get();

    long[] shape = integers(name, object, "shape", -1, "dimension");
    long[] offsets = integers(name, object, "data_offsets", 2, "offset");
    long begin = offsets[0];
    long end = offsets[1];
    String shapeText = TensorInfo.shapeString(shape);
    String range = "data_offsets [%d, %d]".formatted(begin, end);

    long count;
    long bytes;
    try {
      count = TensorInfo.checkedElementCount(shape);
      bytes = Math.multiplyExact(count, dtype.byteSize());
    } catch (ArithmeticException e) {
      throw fail(name, "shape %s of %s overflows a 64-bit byte count", shapeText, dtype.safetensorsName());
    }
    if (count > TensorDecoder.MAX_ARRAY_LENGTH) {
      throw fail(
          name,
          "shape %s has %d elements; a Java array holds at most %d",
          shapeText,
          count,
          TensorDecoder.MAX_ARRAY_LENGTH);
    }
    if (begin > end) {
      throw fail(name, "%s end before they begin", range);
    }
    if (end - begin != bytes) {
      throw fail(
          name,
          "%s span %d bytes, but shape %s of %s needs %d × %d = %d bytes",
          range,
          end - begin,
          shapeText,
          dtype.safetensorsName(),
          count,
          dtype.byteSize(),
          bytes);
    }
    if (end > dataSize) {
      throw fail(
          name,
          "%s end past the data section, which holds only %s",
          range,
          Names.count(dataSize, "byte"));
    }
    return new Located(new TensorInfo(name, dtype, boxed(shape)), begin, end);
  }

  private Value field(String name, JObject object, String key, String expected)
      throws WeightFileException {
    var value = object.get(key);
    if (value.isEmpty()) {
      throw fail(name, "missing \"%s\"; expected %s", key, expected);
    }
    return value.get();
  }

  /**
   * The non-negative integers in array field {@code key}.
   *
   * @param length the required length, or -1 for any
   * @param what for messages: what one element is
   */
  private long[] integers(String name, JObject object, String key, int length, String what)
      throws WeightFileException {
    String expected =
        length < 0
            ? "an array of non-negative integers such as [784, 128]"
            : "an array of " + length + " non-negative integers such as [0, 4096]";
    Value value = field(name, object, key, expected);
    if (!(value instanceof JArray array)) {
      throw fail(name, "\"%s\" is %s; expected %s", key, Json.describe(value), expected);
    }
    if (length >= 0 && array.elements().size() != length) {
      throw fail(
          name,
          "\"%s\" has %s; expected %s",
          key,
          Names.count(array.elements().size(), "element"),
          expected);
    }
    long[] result = new long[array.elements().size()];
    for (int i = 0; i < result.length; i++) {
      Value v = array.elements().get(i);
      if (!(v instanceof JNumber n) || !n.isInteger()) {
        throw fail(
            name, "\"%s\"[%d] is %s; expected a non-negative integer", key, i, Json.describe(v));
      }
      if (n.text().startsWith("-")) {
        throw fail(name, "\"%s\"[%d] is %s; a %s cannot be negative", key, i, n.text(), what);
      }
      try {
        result[i] = Long.parseLong(n.text());
      } catch (NumberFormatException e) {
        throw fail(
            name, "\"%s\"[%d] is %s, which does not fit in 64 bits", key, i, Json.describe(v));
      }
    }
    return result;
  }

  /** Checks that the byte ranges tile the data section: no overlap, no gap, nothing left over. */
  private void checkTiling(List<Located> tensors, long dataSize) throws WeightFileException {
    List<Located> byOffset = new ArrayList<>(tensors);
    byOffset.sort(Comparator.comparingLong(Located::begin).thenComparingLong(Located::end));
    long covered = 0;
    Located previous = null;
    for (Located t : byOffset) {
      String name = t.info().name();
      if (t.begin() < covered) {
        throw fail(
            name,
            "data_offsets [%d, %d] overlap tensor %s at [%d, %d]; each tensor needs"
                + " its own bytes",
            t.begin(),
            t.end(),
            Names.quote(previous.info().name()),
            previous.begin(),
            previous.end());
      }
      if (t.begin() > covered) {
        throw fail(
            name,
            "data_offsets [%d, %d] leave data bytes [%d, %d) unused; safetensors"
                + " packs tensors back to back from offset 0",
            t.begin(),
            t.end(),
            covered,
            t.begin());
      }
      covered = t.end();
      previous = t;
    }
    if (covered != dataSize) {
      throw fail(
          null,
          "data section holds %d bytes but the tensors cover only %d; the %s after"
              + " them belong to no tensor",
          dataSize,
          covered,
          Names.count(dataSize - covered, "byte"));
    }
  }

  /** Tensor-specific when {@code tensor} is not null; arguments only in {@code args}. */
  private WeightFileException fail(String tensor, String problem, Object... args) {
    return new WeightFileException(file, tensor, problem.formatted(args));
  }

  private static List<Long> boxed(long[] values) {
    List<Long> list = new ArrayList<>(values.length);
    for (long v : values) {
      list.add(v);
    }
    return list;
  }
}
