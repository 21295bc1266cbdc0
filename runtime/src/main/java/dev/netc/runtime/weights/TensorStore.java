package dev.netc.runtime.weights;

import dev.netc.runtime.weights.TensorDecoder.Decoded;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** The open resource a {@link WeightFile} reads tensor data from. */
sealed interface TensorStore extends Closeable {

  /**
   * Reads the data of a tensor the reader has already validated, whose type {@code read} accepts.
   * The data is complete and, for an archive entry, checked against its CRC-32 before this
   * returns; elements that do not fit the read's type are reported in the result.
   */
  <A> Decoded<A> read(TensorEntry entry, TypedRead<A> read) throws IOException;

  /**
   * A safetensors or .npy file. Its size was checked against every tensor's byte range when it was
   * opened, so the data can be allocated and read without further doubt.
   */
  record FileStore(Path file, FileChannel channel) implements TensorStore {
    @Override
    public <A> Decoded<A> read(TensorEntry entry, TypedRead<A> read) throws IOException {
      return TensorDecoder.read(
          TensorDecoder.source(channel, entry.dataOffset()), entry, true, file, read);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * An .npz archive. A compressed entry's sizes are only claims until it is inflated, so data is
   * read as a stream, the entry must end exactly where the shape says, and its CRC-32 must match:
   * ZipFile itself does not check it, and a flipped bit would otherwise be read as a wrong weight.
   */
  record ZipStore(Path file, ZipFile zip) implements TensorStore {
    @Override
    public <A> Decoded<A> read(TensorEntry entry, TypedRead<A> read) throws IOException {
      String tensor = entry.info().name();
      String where = "entry " + Names.quote(entry.zipEntry());
      ZipEntry zipEntry = zip.getEntry(entry.zipEntry());
      if (zipEntry == null) {
        throw new WeightFileException(file, tensor, where + " vanished from the archive");
      }
      try (CheckedInputStream in =
          new CheckedInputStream(zip.getInputStream(zipEntry), new CRC32())) {
        try {
          in.skipNBytes(entry.dataOffset());
        } catch (EOFException e) {
          throw new WeightFileException(
              file, tensor, where + " ends inside its " + entry.dataOffset() + "-byte .npy header");
        }
        Decoded<A> data =
            TensorDecoder.read(TensorDecoder.source(in), entry, false, file, read);
        if (in.read() >= 0) {
          throw new WeightFileException(
              file,
              tensor,
              "%s holds more than the %d bytes that shape %s of %s needs after its header"
                  .formatted(
                      where,
                      entry.info().byteSize(),
                      entry.info().shapeString(),
                      entry.info().dtype().safetensorsName()));
        }
        long actual = in.getChecksum().getValue();
        if (zipEntry.getCrc() != -1 && actual != zipEntry.getCrc()) {
          throw new WeightFileException(
              file,
              tensor,
              "%s is damaged: its CRC-32 is %08x but the archive records %08x"
                  .formatted(where, actual, zipEntry.getCrc()));
        }
        return data;
      } catch (EOFException | ZipException e) {
        // Both come from inflating a damaged or truncated entry.
        throw new WeightFileException(
            file, tensor, where + " cannot be read from the archive: " + Io.reason(e), e);
      }
    }

    @Override
    public void close() throws IOException {
      zip.close();
    }
  }
}
