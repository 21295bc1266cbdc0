package dev.netc.runtime.weights;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Opens NumPy's formats: a lone {@code .npy} array, or an {@code .npz} zip of them. */
final class NumpyReader {
  private static final String NPY_SUFFIX = ".npy";

  private NumpyReader() {}

  /**
   * Opens a lone {@code .npy}; its one tensor is named after the file without its extension. The
   * file must end exactly where the data does.
   */
  static WeightFile openNpy(Path file) throws IOException {
    String fileName = file.getFileName().toString();
    String tensor = fileName.substring(0, fileName.length() - NPY_SUFFIX.length());
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      // Not closed here: closing the stream would close the channel the WeightFile keeps.
      InputStream in = Channels.newInputStream(channel);
      NpyHeader header = NpyHeader.read(in, channel.size(), file, tensor, "the file");
      return new WeightFile(
          file,
          WeightFormat.NPY,
          List.of(header.entry(null)),
          Map.of(),
          new TensorStore.FileStore(file, channel));
    } catch (IOException | RuntimeException | Error e) {
      Io.closeAfterFailure(channel, e);
      throw e;
    }
  }

  /**
   * Opens an {@code .npz}, as written by {@code np.savez} (stored entries) or {@code
   * np.savez_compressed} (deflated). Every entry must be a valid {@code name.npy}; only the headers
   * are read, inflating no more of each entry than its header.
   */
  static WeightFile openNpz(Path file) throws IOException {
    if (Files.size(file) == 0) {
      throw new WeightFileException(
          file, null, "file is empty; expected an .npz (a zip archive of .npy arrays)");
    }
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException | EOFException e) {
      // EOFException: the end records point outside the file.
      throw new WeightFileException(
          file, null, "not a zip archive, as an .npz must be (" + Io.reason(e) + ")", e);
    }
    try {
      List<TensorEntry> entries = new ArrayList<>();
      Map<String, String> entryOfTensor = new HashMap<>();
      for (ZipEntry entry : Collections.list(zip.entries())) {
        String entryName = entry.getName();
        if (entry.isDirectory() || !entryName.endsWith(NPY_SUFFIX)) {
          throw new WeightFileException(
              file,
              null,
              "entry "
                  + Names.quote(entryName)
                  + " is not a .npy file; an .npz holds only name.npy entries");
        }
        String tensor = entryName.substring(0, entryName.length() - NPY_SUFFIX.length());
        if (entryOfTensor.put(tensor, entryName) != null) {
          throw new WeightFileException(
              file,
              tensor,
              "appears twice: the archive has two entries named " + Names.quote(entryName));
        }
        NpyHeader header = header(file, zip, entry, tensor);
        entries.add(header.entry(entryName));
      }
      return new WeightFile(
          file, WeightFormat.NPZ, entries, Map.of(), new TensorStore.ZipStore(file, zip));
    } catch (IOException | RuntimeException | Error e) {
      Io.closeAfterFailure(zip, e);
      throw e;
    }
  }

  private static NpyHeader header(Path file, ZipFile zip, ZipEntry entry, String tensor)
      throws IOException {
    String where = "entry " + Names.quote(entry.getName());
    try (InputStream in = zip.getInputStream(entry)) {
      // The central directory's size is checked against the header here and against the
      // inflated bytes when the data is read, since for a deflated entry it is only a claim.
      return NpyHeader.read(in, entry.getSize(), file, tensor, where);
    } catch (ZipException | EOFException e) {
      throw new WeightFileException(
          file, tensor, where + " cannot be read from the archive: " + Io.reason(e), e);
    }
  }
}
