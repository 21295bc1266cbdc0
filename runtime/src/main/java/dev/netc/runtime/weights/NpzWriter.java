package dev.netc.runtime.weights;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes several arrays as an uncompressed NumPy {@code .npz}, as {@code np.savez} does: a zip
 * archive with one stored {@code name.npy} entry per tensor, each written by {@link NpyWriter}, so
 * of the types it writes: float32, int64, int32 and int8.
 *
 * <p>The output is deterministic: entries in name order with a fixed timestamp. Each entry is built
 * in memory before it is written, which limits a tensor to under 2 GiB.
 *
 * <pre>{@code
 * new NpzWriter().add("weight", w, 3, 2).add("bias", b, 2).write(Path.of("layer.npz"));
 * }</pre>
 */
public final class NpzWriter {
  /** The earliest time a zip entry can carry, so that equal tensors give equal files. */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

  private record Pending(TensorData data, long[] shape) {}

  private final SortedMap<String, Pending> tensors = new TreeMap<>();

  /** An empty archive to be. */
  public NpzWriter() {}

  /**
   * Adds a float32 tensor, stored as entry {@code name.npy}. The array is not copied: leave it
   * unchanged until written.
   *
   * @param shape the dimensions, outermost first; none for a scalar
   * @throws IllegalArgumentException if the name is empty or taken, a dimension is negative, or the
   *     shape's element count is not {@code data.length}
   */
  public NpzWriter add(String name, float[] data, long... shape) {
    return add(name, new TensorData.Floats(data), shape);
  }

  /** Adds an int64 tensor as {@link #add(String, float[], long...)} adds a float32 one. */
  public NpzWriter add(String name, long[] data, long... shape) {
    return add(name, new TensorData.Longs(data), shape);
  }

  /** Adds an int32 tensor as {@link #add(String, float[], long...)} adds a float32 one. */
  public NpzWriter add(String name, int[] data, long... shape) {
    return add(name, new TensorData.Ints(data), shape);
  }

  /** Adds an int8 tensor as {@link #add(String, float[], long...)} adds a float32 one. */
  public NpzWriter add(String name, byte[] data, long... shape) {
    return add(name, new TensorData.Bytes(data), shape);
  }

  private NpzWriter add(String name, TensorData data, long[] shape) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.endsWith("/")) {
      throw new IllegalArgumentException(
          "tensor name " + Names.quote(name) + " cannot name a zip entry");
    }
    if (tensors.containsKey(name)) {
      throw new IllegalArgumentException("tensor " + Names.quote(name) + " is already added");
    }
    data.shaped(name, shape, "tensor " + Names.quote(name) + ": ");
    tensors.put(name, new Pending(data, shape.clone()));
    return this;
  }

  /** Writes the archive, replacing any existing file. */
  public void write(Path file) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      writeTo(out);
    }
  }

  /** Writes the archive's bytes to {@code out}, leaving it open. */
  public void writeTo(OutputStream out) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    for (var t : tensors.entrySet()) {
      byte[] npy = NpyWriter.toBytes(t.getValue().data(), t.getValue().shape());
      CRC32 crc = new CRC32();
      crc.update(npy);
      ZipEntry entry = new ZipEntry(t.getKey() + ".npy");
      // A stored entry must declare its size and checksum before its data.
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(npy.length);
      entry.setCompressedSize(npy.length);
      entry.setCrc(crc.getValue());
      entry.setTimeLocal(ENTRY_TIME);
      zip.putNextEntry(entry);
      zip.write(npy);
      zip.closeEntry();
    }
    zip.finish(); // not close(): that would close the caller's stream
  }
}
