package dev.netc.runtime.weights;

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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated header of a NumPy {@code .npy} array: magic {@code \x93NUMPY}, a major and minor
 * version byte, a little-endian header length (2 bytes in version 1.0, 4 in 2.0 and 3.0), then a
 * Python dict literal padded with spaces and a newline. The data follows directly.
 *
 * @param info the tensor the header describes
 * @param dataOffset the length of preamble and header, where the data starts
 */
record NpyHeader(TensorInfo info, long dataOffset) {
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /**
   * Far above what any plain array needs (NumPy itself refuses headers over 10,000 bytes unless
   * told otherwise), far below what could hurt.
   */
  static final int MAX_HEADER_BYTES = 1 << 20;

  private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

  /**
   * Reads and checks the header at the start of {@code in}, consuming nothing beyond it.
   *
   * @param available the bytes the source holds in all, or -1 when unknown; when known, the data
   *     must fill the rest exactly
   * @param tensor the tensor's name, for the result and for messages
   * @param container for messages: {@code "the file"} or {@code "entry \"a.npy\""}
   */
  static NpyHeader read(
      InputStream in, long available, Path file, String tensor, String container)
      throws IOException {
    byte[] preamble = in.readNBytes(MAGIC.length + 4);
    if (preamble.length == 0) {
      throw fail(file, tensor, container + " is empty; expected a .npy array starting with "
          + "the magic \\x93NUMPY");
    }
    int matching = Math.min(preamble.length, MAGIC.length);
    for (int i = 0; i < matching; i++) {
      if (preamble[i] != MAGIC[i]) {
        throw fail(file, tensor, container + " does not start with the .npy magic \\x93NUMPY "
            + "(found bytes " + HexFormat.ofDelimiter(" ").formatHex(preamble, 0, matching) + ")");
      }
    }
    if (preamble.length < MAGIC.length + 4) {
      throw fail(file, tensor, container + " ends after " + preamble.length
          + " bytes, inside the 10-byte .npy preamble");
    }
    int major = preamble[6] & 0xFF;
    int minor = preamble[7] & 0xFF;
    if (major < 1 || major > 3 || minor != 0) {
      throw fail(file, tensor, ".npy format version " + major + "." + minor
          + " is not supported; expected 1.0, 2.0 or 3.0");
    }
    ByteBuffer lengthField = ByteBuffer.wrap(preamble, 8, 2).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = lengthField.getShort() & 0xFFFFL;
    int preambleLength = MAGIC.length + 4;
    if (major >= 2) {
      byte[] high = in.readNBytes(2);
      if (high.length < 2) {
        throw fail(file, tensor, container + " ends inside the 4-byte header length of a "
            + "version " + major + ".0 .npy");
      }
      headerLength |= ((high[0] & 0xFFL) << 16) | ((high[1] & 0xFFL) << 24);
      preambleLength += 2;
    }
    if (headerLength > MAX_HEADER_BYTES) {
      throw fail(file, tensor, "header length " + headerLength + " bytes exceeds the limit of "
          + MAX_HEADER_BYTES + " bytes");
    }
    if (available >= 0 && preambleLength + headerLength > available) {
      throw fail(file, tensor, "header length " + headerLength + " bytes runs past the end of "
          + container + ", which holds " + (available - preambleLength) + " bytes after the "
          + preambleLength + "-byte preamble");
    }
    byte[] headerBytes = in.readNBytes((int) headerLength);
    if (headerBytes.length < headerLength) {
      throw fail(file, tensor, container + " ends after " + headerBytes.length + " bytes of the "
          + headerLength + "-byte header");
    }
    long dataOffset = preambleLength + headerLength;
    TensorInfo info = parse(file, tensor, decode(file, tensor, headerBytes, major));

    if (available >= 0) {
      long remaining = available - dataOffset;
      String needed = "shape " + info.shapeString() + " of " + descr(info.dtype()) + " needs "
          + info.byteSize() + " bytes after the " + dataOffset + "-byte header";
      if (remaining < info.byteSize()) {
        throw fail(file, tensor, "data is truncated: " + needed + ", but " + container
            + " holds only " + remaining);
      }
      if (remaining > info.byteSize()) {
        throw fail(file, tensor, container + " holds " + (remaining - info.byteSize())
            + " unexpected bytes after the data: " + needed);
      }
    }
    return new NpyHeader(info, dataOffset);
  }

  private static String decode(Path file, String tensor, byte[] bytes, int major)
      throws WeightFileException {
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
      throw fail(file, tensor, "version 3.0 header is not valid UTF-8");
    }
  }

  private static TensorInfo parse(Path file, String tensor, String header)
      throws WeightFileException {
    Map<String, Literal> dict;
    try {
      dict = PythonDict.parse(header);
    } catch (PythonDict.SyntaxException e) {
      throw fail(file, tensor, "header is not a dict literal like {'descr': '<f4', "
          + "'fortran_order': False, 'shape': (2, 3)}: " + e.getMessage() + " of "
          + snippet(header));
    }
    for (String key : dict.keySet()) {
      if (!KEYS.contains(key)) {
        throw fail(file, tensor, "header has unexpected key " + PythonDict.quote(key)
            + "; expected exactly 'descr', 'fortran_order' and 'shape'");
      }
    }
    for (String key : List.of("descr", "fortran_order", "shape")) {
      if (!dict.containsKey(key)) {
        throw fail(file, tensor, "header has no '" + key
            + "'; expected exactly 'descr', 'fortran_order' and 'shape'");
      }
    }

    if (!(dict.get("descr") instanceof Str descr)) {
      throw fail(file, tensor, "'descr' is " + PythonDict.show(dict.get("descr"))
          + "; expected a type string such as '<f4'");
    }
    DType dtype = DType.fromNumpyDescr(descr.value()).orElseThrow(() -> fail(file, tensor,
        "dtype " + PythonDict.quote(descr.value())
            + (descr.value().startsWith(">") ? " is big-endian" : " is not supported")
            + "; netc reads only " + DType.supportedNumpyDescrs()));

    if (!(dict.get("fortran_order") instanceof Bool fortran)) {
      throw fail(file, tensor, "'fortran_order' is " + PythonDict.show(dict.get("fortran_order"))
          + "; expected True or False");
    }
    if (fortran.value()) {
      throw fail(file, tensor, "array is stored in Fortran (column-major) order; netc reads only "
          + "C order (save np.ascontiguousarray(a) instead)");
    }

    Literal shapeValue = dict.get("shape");
    if (!(shapeValue instanceof Tuple shapeTuple)) {
      throw fail(file, tensor, "'shape' is " + PythonDict.show(shapeValue)
          + "; expected a tuple of non-negative integers such as (2, 3)");
    }
    List<Long> shape = new ArrayList<>(shapeTuple.items().size());
    for (Literal item : shapeTuple.items()) {
      if (!(item instanceof Int dim)) {
        throw fail(file, tensor, "'shape' " + PythonDict.show(shapeTuple) + " holds "
            + PythonDict.show(item) + "; dimensions must be non-negative integers");
      }
      if (dim.value() < 0) {
        throw fail(file, tensor, "'shape' " + PythonDict.show(shapeTuple)
            + " has negative dimension " + dim.value());
      }
      shape.add(dim.value());
    }
    long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
    long count;
    try {
      count = TensorInfo.checkedElementCount(dims);
      Math.multiplyExact(count, dtype.byteSize());
    } catch (ArithmeticException e) {
      throw fail(file, tensor, "shape " + TensorInfo.shapeString(dims) + " of " + descr(dtype)
          + " overflows a 64-bit byte count");
    }
    if (count > FloatDecoder.MAX_ARRAY_LENGTH) {
      throw fail(file, tensor, "shape " + TensorInfo.shapeString(dims) + " has " + count
          + " elements; a Java array holds at most " + FloatDecoder.MAX_ARRAY_LENGTH);
    }
    return new TensorInfo(tensor, dtype, shape);
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

  private static WeightFileException fail(Path file, String tensor, String problem) {
    return new WeightFileException(file, tensor, problem);
  }
}
