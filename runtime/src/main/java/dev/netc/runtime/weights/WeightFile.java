package dev.netc.runtime.weights;

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
 * on demand by {@link #readFloats}, in bounded chunks.
 *
 * <p>A {@code WeightFile} holds the file open until {@link #close() closed}. Tensors may be read
 * from several threads at once.
 *
 * <pre>{@code
 * try (WeightFile weights = WeightFile.open(Path.of("mnist.safetensors"))) {
 *   float[] w1 = weights.readFloats("fc1.weight");
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
   * Reads a tensor's data as floats in row-major order: F32 as stored, F16 and BF16 widened
   * exactly, F64 rounded to the nearest float.
   *
   * @throws WeightFileException if there is no such tensor (the message lists the closest names),
   *     or its data turns out shorter or longer than declared (possible only if the file changed
   *     since it was opened, or for a damaged {@code .npz} entry)
   * @throws IllegalStateException if this file has been closed
   */
  public float[] readFloats(String name) throws IOException {
    TensorEntry entry = entry(name);
    if (closed) {
      throw new IllegalStateException(path + ": weight file is closed");
    }
    return store.readFloats(entry);
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
