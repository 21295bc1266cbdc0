package dev.netc.runtime.weights;

import dev.netc.runtime.DType;
import dev.netc.runtime.weights.TensorDecoder.Decoded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An open weight file: a safetensors file, a NumPy {@code .npz} archive or a lone {@code .npy}
 * array, chosen by extension.
 *
 * <p>Opening reads and validates the header(s) only: every tensor's type, shape and byte range is
 * checked against the others and against the size of the file before any data is touched, so that a
 * truncated, oversized or lying file fails with a {@link WeightFileException} that names the file,
 * the tensor and the problem, rather than with a wrong read or an out-of-memory error. Data is read
 * on demand, in bounded chunks, by one of the typed reads: {@link #readFloats}, {@link #readInts},
 * {@link #readLongs}, {@link #readBf16} and {@link #readI8}. Each takes the stored types it can
 * convert without loss of meaning, and refuses the others with a message that names the read that
 * fits.
 *
 * <p>A {@code WeightFile} holds the file open until {@link #close() closed}. Tensors may be read
 * from several threads at once.
 *
 * <pre>{@code
 * try (WeightFile weights = WeightFile.open(Path.of("bert.safetensors"))) {
 *   float[] words = weights.readFloats("embeddings.word_embeddings.weight");
 *   long[] positions = weights.readLongs("embeddings.position_ids");
 * }
 * }</pre>
 */
public final class WeightFile implements AutoCloseable {
  private static final int SUGGESTIONS = 5;

  private final Path path;
  private final WeightFormat format;
  private final SortedMap<String, TensorEntry> entries;
  private final List<TensorInfo> tensors;
  private final Map<String, String> metadata;
  private final TensorStore store;
  private volatile boolean closed;

  /** For the readers, which have validated every entry; names are unique. */
  WeightFile(
      Path path,
      WeightFormat format,
      Collection<TensorEntry> entries,
      Map<String, String> metadata,
      TensorStore store) {
    this.path = path;
    this.format = format;
    this.entries = new TreeMap<>();
    for (TensorEntry e : entries) {
      if (this.entries.put(e.info().name(), e) != null) {
        throw new IllegalArgumentException("duplicate tensor " + e.info().name());
      }
    }
    List<TensorInfo> infos = new ArrayList<>(entries.size());
    this.entries.values().forEach(e -> infos.add(e.info()));
    this.tensors = Collections.unmodifiableList(infos);
    this.metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
    this.store = store;
  }

  /**
   * Opens a weight file, reading and validating its header(s) but no tensor data.
   *
   * @param file a {@code .safetensors}, {@code .npz} or {@code .npy} file (extension in any case)
   * @throws WeightFileException if the extension is unknown or the file is malformed, truncated,
   *     inconsistent or holds a type netc cannot read
   * @throws IOException if the file cannot be read at all, such as {@link
   *     java.nio.file.NoSuchFileException}
   */
  public static WeightFile open(Path file) throws IOException {
    WeightFormat format =
        WeightFormat.of(file)
            .orElseThrow(
                () ->
                    new WeightFileException(
                        file,
                        null,
                        "unknown weight-file extension; expected .safetensors, .npz or .npy"));
    if (Files.isDirectory(file)) {
      throw new WeightFileException(file, null, "is a directory, not a weight file");
    }
    return switch (format) {
      case SAFETENSORS -> SafetensorsReader.open(file);
      case NPZ -> NumpyReader.openNpz(file);
      case NPY -> NumpyReader.openNpy(file);
    };
  }

  /**
   * What {@code file} declares, sorted by name, without reading any tensor data: for tools that
   * compare declared shapes with a spec.
   *
   * <p>The header is validated exactly as by {@link #open}, including every byte range against the
   * size of the file, so a file that this accepts opens, and a truncated or lying one fails here
   * with the same message. Only the payload bytes are never read.
   *
   * @throws WeightFileException as {@link #open} does
   */
  public static List<TensorInfo> readHeader(Path file) throws IOException {
    try (WeightFile weights = open(file)) {
      return weights.tensors();
    }
  }

  /** The file, as given to {@link #open}. */
  public Path path() {
    return path;
  }

  /** The file's format. */
  public WeightFormat format() {
    return format;
  }

  /** Every tensor in the file, sorted by name. */
  public List<TensorInfo> tensors() {
    return tensors;
  }

  /** The tensor named {@code name}, if the file has one. */
  public Optional<TensorInfo> find(String name) {
    TensorEntry e = entries.get(name);
    return e == null ? Optional.empty() : Optional.of(e.info());
  }

  /**
   * The tensor named {@code name}.
   *
   * @throws WeightFileException if there is none; the message lists the closest names the file does
   *     have
   */
  public TensorInfo require(String name) throws WeightFileException {
    return entry(name).info();
  }

  /**
   * A safetensors file's {@code __metadata__} string map, sorted by key; empty for NumPy formats
   * and files without metadata.
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Reads a floating-point tensor as floats in row-major order: F32 as stored, F16 and BF16
   * widened exactly, F64 rounded to the nearest float.
   *
   * @throws WeightFileException if there is no such tensor (the message lists the closest names),
   *     it holds integers, or its data turns out shorter or longer than declared (possible only if
   *     the file changed since it was opened, or for a damaged {@code .npz} entry)
   * @throws IllegalStateException if this file has been closed
   */
  public float[] readFloats(String name) throws IOException {
    return read(name, TypedRead.FLOATS);
  }

  /**
   * Reads an integer tensor as ints in row-major order: I32 as stored, I8 widened, I64 narrowed
   * when every value fits an int.
   *
   * @throws WeightFileException as {@link #readFloats} does, or if the tensor holds floating-point
   *     values, or I64 values beyond an int's range (the message names the first)
   * @throws IllegalStateException if this file has been closed
   */
  public int[] readInts(String name) throws IOException {
    return read(name, TypedRead.INTS);
  }

  /**
   * Reads an integer tensor as longs in row-major order: I64 as stored, I32 and I8 widened.
   *
   * @throws WeightFileException as {@link #readFloats} does, or if the tensor holds floating-point
   *     values
   * @throws IllegalStateException if this file has been closed
   */
  public long[] readLongs(String name) throws IOException {
    return read(name, TypedRead.LONGS);
  }

  /**
   * Reads a floating-point tensor as the bits of bfloat16 values in row-major order: BF16 as
   * stored; F32, F16 and F64 rounded to nearest, ties to even. Values beyond bfloat16's range
   * become infinities, values below half its smallest subnormal zeros of the same sign, and NaNs
   * quiet NaNs of the same sign.
   *
   * @throws WeightFileException as {@link #readFloats} does, or if the tensor holds integers
   * @throws IllegalStateException if this file has been closed
   */
  public short[] readBf16(String name) throws IOException {
    return read(name, TypedRead.BF16);
  }

  /**
   * Reads an I8 tensor as bytes in row-major order, as stored. Nothing else is converted to int8:
   * quantizing floating-point weights needs scales, which are chosen where the weights are
   * quantized, not here.
   *
   * @throws WeightFileException as {@link #readFloats} does, or if the tensor is not I8
   * @throws IllegalStateException if this file has been closed
   */
  public byte[] readI8(String name) throws IOException {
    return read(name, TypedRead.I8);
  }

  /** Releases the file. Closing twice is harmless. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      store.close();
    }
  }

  @Override
  public String toString() {
    return format + " " + path + " (" + tensors.size() + " tensors)";
  }

  private <A> A read(String name, TypedRead<A> read) throws IOException {
    TensorEntry entry = entry(name);
    if (closed) {
      throw new IllegalStateException(path + ": weight file is closed");
    }
    DType stored = entry.info().dtype();
    if (!read.accepts(stored)) {
      throw new WeightFileException(path, name, read.refusal(stored));
    }
    Decoded<A> decoded = store.read(entry, read);
    if (decoded.misfitIndex() >= 0) {
      throw new WeightFileException(
          path, name, read.misfit(stored, decoded.misfitIndex(), decoded.misfitValue()));
    }
    return decoded.values();
  }

  private TensorEntry entry(String name) throws WeightFileException {
    TensorEntry e = entries.get(name);
    if (e != null) {
      return e;
    }
    if (entries.isEmpty()) {
      throw new WeightFileException(path, name, "not found; the file holds no tensors");
    }
    List<String> quoted = new ArrayList<>();
    for (String candidate : Names.closest(name, entries.keySet(), SUGGESTIONS)) {
      quoted.add(Names.quote(candidate));
    }
    String which = entries.size() <= SUGGESTIONS ? "the file holds " : "the closest names are ";
    throw new WeightFileException(path, name, "not found; " + which + String.join(", ", quoted));
  }
}
