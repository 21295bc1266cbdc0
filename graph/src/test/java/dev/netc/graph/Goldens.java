package dev.netc.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files of pictures. Run with {@code -Dnetc.update-goldens=true} to rewrite them, then read
 * the diff (and look at the SVGs) before committing it.
 */
final class Goldens {
  static final boolean UPDATE = Boolean.getBoolean("netc.update-goldens");

  private Goldens() {}

  static Path samples() {
    return Path.of(System.getProperty("netc.samples", "../samples"));
  }

  /** Asserts {@code actual} equals the golden file, or rewrites it in update mode. */
  static void assertMatches(Path golden, String actual) {
    try {
      if (UPDATE) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, actual);
        return;
      }
      assertThat(golden).as("golden file %s (run with -Dnetc.update-goldens=true to create it)", golden).exists();
      assertThat(actual).as("against %s", golden).isEqualTo(Files.readString(golden));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
