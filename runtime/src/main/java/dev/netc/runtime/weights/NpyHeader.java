package dev.netc.runtime.weights;

import dev.netc.runtime.DType;
import dev.netc.runtime.weights.PythonDict.Bool;
import dev.netc.runtime.weights.PythonDict.Int;
import dev.netc.runtime.weights.PythonDict.Literal;
import dev.netc.runtime.weights.PythonDict.Str;
import dev.netc.runtime.weights.PythonDict.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The validated header of a NumPy {@code .npy} array: magic {@code \x93NUMPY}, a major and minor
 * version byte, a little-endian header length (2 bytes in version 1.0, 4 in 2.0 and 3.0), then a
 * Python dict literal padded with spaces and a newline. The data follows directly.
 *
 * @param info the tensor the header describes
 * @param dataOffset the length of preamble and header, where the data starts
 * @param byteOrder the order of each element's bytes, from the descr's {@code '<'} or {@code '>'}
 * @param fortranOrder whether the elements are stored column-major ({@code 'fortran_order': True})
 */
record NpyHeader(TensorInfo info, long dataOffset, ByteOrder byteOrder, boolean fortranOrder) {
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /**
   * Far above what any plain array needs (NumPy itself refuses headers over 10,000 bytes unless
   * told otherwise), far below what could hurt.
   */
  static final int MAX_HEADER_BYTES = 1 << 20;

  /** Magic, two version bytes and the version 1.0 length field. */
  private static final int PREAMBLE_BYTES = MAGIC.length + 4;

  private static final List<String> KEYS = List.of("descr", "fortran_order", "shape");

  /**
   * Every type {@link DType} has a NumPy descr for, for messages: "'<f4', ... and '|i1'", each
   * also big-endian ('>f4').
   */
  private static final String SUPPORTED =
      Names.list(
              Arrays.stream(DType.values())
                  .flatMap(t -> t.numpyDescr().stream())
                  .map(PythonDict::quote)
                  .toList())
          + " (or big-endian, '>f4')";

  /**
   * Reads and checks the header at the start of {@code in}, consuming nothing beyond it.
   *
   * @param available the bytes the source holds in all, or -1 when unknown; when known, the data
   *     must fill the rest exactly
   * @param tensor the tensor's name, for the result and for messages
   * @param container for messages: {@code "the file"} or {@code "entry \"a.npy\""}
   */
  static NpyHeader read(InputStream in, long available, Path file, String tensor, String container)
      throws IOException {
    return new Reader(file, tensor, container).read(in, available);
  }

  /** Where the data this header describes lives: in the file, or in the npz entry {@code zipEntry}. */
  TensorEntry entry(String zipEntry) {
    return new TensorEntry(info, dataOffset, zipEntry, byteOrder, fortranOrder);
  }

  /** One header being read; holds what every message names. */
  private record Reader(Path file, String tensor, String container) {

    NpyHeader read(InputStream in, long available) throws IOException {
      byte[] preamble = in.readNBytes(PREAMBLE_BYTES);
      if (preamble.length == 0) {
        throw fail(
            "%s is empty; expected a .npy array starting with the magic \\x93NUMPY", container);
      }
      int matching = Math.min(preamble.length, MAGIC.length);
      for (int i = 0; i < matching; i++) {
        if (preamble[i] != MAGIC[i]) {
          throw fail(
              "%s does not start with the .npy magic \\x93NUMPY (found bytes %s)",
              container, HexFormat.ofDelimiter(" ").formatHex(preamble, 0, matching));
        }
      }
      if (preamble.length < PREAMBLE_BYTES) {
        throw fail(
            "%s ends after %s, inside the %d-byte .npy preamble",
            container, Names.count(preamble.length, "byte"), PREAMBLE_BYTES);
      }
      int major = preamble[6] & 0xFF;
      int minor = preamble[7] & 0xFF;
      if (major < 1 || major > 3 || minor != 0) {
        throw fail(
            ".npy format version %d.%d is not supported; expected 1.0, 2.0 or 3.0", major, minor);
      }
      long headerLength =
          ByteBuffer.wrap(preamble, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFFL;
      int preambleLength = PREAMBLE_BYTES;
      if (major >= 2) {
        byte[] high = in.readNBytes(2);
        if (high.length < 2) {
          throw fail(
              "%s ends inside the 4-byte header length of a version %d.0 .npy", container, major);
        }
        headerLength |= (high[0] & 0xFFL) << 16 | (high[1] & 0xFFL) << 24;
        preambleLength += 2;
      }
      if (headerLength > MAX_HEADER_BYTES) {
        throw fail(
            "header length %d bytes exceeds the limit of %d bytes", headerLength, MAX_HEADER_BYTES);
      }
      if (available >= 0 && preambleLength + headerLength > available) {
        throw fail(
            "header length %d bytes runs past the end of %s, which holds %d bytes after"
                + " the %d-byte preamble",
            headerLength, container, available - preambleLength, preambleLength);
      }
      byte[] headerBytes = in.readNBytes((int) headerLength);
      if (headerBytes.length < headerLength) {
        throw fail(
            "%s ends after %d bytes of the %d-byte header",
            container, headerBytes.length, headerLength);
      }
      long dataOffset = preambleLength + headerLength;
      Map<String, Literal> dict = parse(decode(headerBytes, major));
      TensorInfo info = new TensorInfo(tensor, dtype(dict.get("descr")), shape(dict));

      if (available >= 0) {
        long remaining = available - dataOffset;
        String needed =
            "shape %s of %s needs %d bytes after the %d-byte header"
                .formatted(info.shapeString(), descr(info.dtype()), info.byteSize(), dataOffset);
        if (remaining < info.byteSize()) {
          throw fail("data is truncated: %s, but %s holds only %d", needed, container, remaining);
        }
        if (remaining > info.byteSize()) {
          throw fail(
              "%s holds %s after the data: %s",
              container, Names.count(remaining - info.byteSize(), "unexpected byte"), needed);
        }
      }
      boolean bigEndian = ((Str) dict.get("descr")).value().startsWith(">");
      return new NpyHeader(
          info,
          dataOffset,
          bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
          ((Bool) dict.get("fortran_order")).value());
    }

    private String decode(byte[] bytes, int major) throws WeightFileException {
      if (major < 3) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
      }
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      } catch (CharacterCodingException e) {
        throw fail("version 3.0 header is not valid UTF-8");
      }
    }

    private Map<String, Literal> parse(String header) throws WeightFileException {
      Map<String, Literal> dict;
      try {
        dict = PythonDict.parse(header);
      } catch (PythonDict.SyntaxException e) {
        throw fail(
            "header is not a dict literal like {'descr': '<f4', 'fortran_order': False,"
                + " 'shape': (2, 3)}: %s of %s",
            e.getMessage(), snippet(header));
      }
      for (String key : dict.keySet()) {
        if (!KEYS.contains(key)) {
          throw fail(
              "header has unexpected key %s; expected exactly 'descr', 'fortran_order'"
                  + " and 'shape'",
              PythonDict.quote(key));
        }
      }
      for (String key : KEYS) {
        if (!dict.containsKey(key)) {
          throw fail(
              "header has no '%s'; expected exactly 'descr', 'fortran_order' and 'shape'", key);
        }
      }
      return dict;
    }

    private DType dtype(Literal descr) throws WeightFileException {
      if (!(descr instanceof Str s)) {
        throw fail("'descr' is %s; expected a type string such as '<f4'", PythonDict.show(descr));
      }
      // NumPy writes the byte order explicitly, '<' or '>', for every type wider than a byte.
      String text = s.value();
      String littleEndian = text.startsWith(">") ? "<" + text.substring(1) : text;
      var dtype = DType.fromNumpyDescr(littleEndian);
      if (dtype.isEmpty() || (text.startsWith(">") && dtype.get().byteSize() == 1)) {
        throw fail("dtype %s is not supported; netc reads only %s", PythonDict.quote(text), SUPPORTED);
      }
      return dtype.get();
    }

    private List<Long> shape(Map<String, Literal> dict) throws WeightFileException {
      if (!(dict.get("fortran_order") instanceof Bool)) {
        throw fail(
            "'fortran_order' is %s; expected True or False",
            PythonDict.show(dict.get("fortran_order")));
      }
      // Fortran order is only the order of the data: TensorDecoder returns it row-major.
      if (!(dict.get("shape") instanceof Tuple tuple)) {
        throw fail(
            "'shape' is %s; expected a tuple of non-negative integers such as (2, 3)",
            PythonDict.show(dict.get("shape")));
      }
      List<Long> shape = new ArrayList<>(tuple.items().size());
      for (Literal item : tuple.items()) {
        if (!(item instanceof Int dim)) {
          throw fail(
              "'shape' %s holds %s; dimensions must be non-negative integers",
              PythonDict.show(tuple), PythonDict.show(item));
        }
        if (dim.value() < 0) {
          throw fail("'shape' %s has negative dimension %d", PythonDict.show(tuple), dim.value());
        }
        shape.add(dim.value());
      }
      DType dtype = dtype(dict.get("descr"));
      long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
      long count;
      try {
        count = TensorInfo.checkedElementCount(dims);
        Math.multiplyExact(count, dtype.byteSize());
      } catch (ArithmeticException e) {
        throw fail(
            "shape %s of %s overflows a 64-bit byte count",
            TensorInfo.shapeString(dims), descr(dtype));
      }
      if (count > TensorDecoder.MAX_ARRAY_LENGTH) {
        throw fail(
            "shape %s has %d elements; a Java array holds at most %d",
            TensorInfo.shapeString(dims), count, TensorDecoder.MAX_ARRAY_LENGTH);
      }
      return shape;
    }

    private WeightFileException fail(String problem, Object... args) {
      return new WeightFileException(file, tensor, problem.formatted(args));
    }
  }

  /** The header for a message: printable ASCII kept, the rest escaped, long ones cut. */
  private static String snippet(String header) {
    String text = header.strip();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(text.length(), 120); i++) {
      char c = text.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return sb.append(text.length() > 120 ? "..." : "").toString();
  }

  private static String descr(DType dtype) {
    return dtype.numpyDescr().map(PythonDict::quote).orElse(dtype.name());
  }
}
