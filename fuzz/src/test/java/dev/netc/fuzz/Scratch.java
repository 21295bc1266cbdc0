package dev.netc.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder the targets write their inputs to: the readers take paths, not bytes. It lives in
 * {@code /dev/shm} where there is one, so that tens of thousands of inputs a minute do not wear
 * a disk, and is removed when the JVM exits.
 */
final class Scratch {
  private static final Path DIR = create();

  private Scratch() {}

  /** {@code bytes} written to the file {@code name} in the scratch folder, replacing what was there. */
  static Path write(String name, byte[] bytes) {
    Path file = DIR.resolve(name);
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** The scratch folder: specs resolve the weights files they name against it. */
  static Path dir() {
    return DIR;
  }

  private static Path create() {
    try {
      Path shm = Path.of("/dev/shm");
      Path dir = Files.isDirectory(shm) && Files.isWritable(shm)
          ? Files.createTempDirectory(shm, "netc-fuzz")
          : Files.createTempDirectory("netc-fuzz");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try (var files = Files.list(dir)) {
          for (Path f : (Iterable<Path>) files::iterator) {
            Files.deleteIfExists(f);
          }
          Files.deleteIfExists(dir);
        } catch (IOException ignored) {
          // a leftover folder in /tmp is harmless
        }
      }));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
