package dev.netc.runtime.weights;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The weight-file formats netc reads, told apart by file extension. */
public enum WeightFormat {
  /** Hugging Face safetensors: a JSON header followed by raw little-endian data. */
  SAFETENSORS(".safetensors"),
  /** A NumPy {@code .npz}: a zip archive of {@code .npy} arrays, stored or deflated. */
  NPZ(".npz"),
  /** A single NumPy {@code .npy} array, named after the file. */
  NPY(".npy");

  private final String extension;

  WeightFormat(String extension) {
    this.extension = extension;
  }

  /** The extension, with its dot, such as {@code ".safetensors"}. */
  public String extension() {
    return extension;
  }

  /**
   * The format a file's extension names, ignoring case; empty for other extensions and for a name
   * that is nothing but the extension.
   */
  public static Optional<WeightFormat> of(Path file) {
    Path name = file.getFileName();
    if (name == null) {
      return Optional.empty();
    }
    String lower = name.toString().toLowerCase(Locale.ROOT);
    for (WeightFormat f : values()) {
      if (lower.endsWith(f.extension) && lower.length() > f.extension.length()) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
