package dev.netc.maven;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.sonatype.plexus.build.incremental.BuildContext;

/**
 * Writes and deletes generated files, touching only what changes: a file whose new content equals
 * the old is left as it is, so its timestamp stays and nothing downstream (javac's staleness
 * check, an IDE's refresh) sees a change. Each write goes through a temporary file and a move, so
 * a reader sees the old file or the new one, never a torn one. Every change is announced to the
 * {@link BuildContext}, which is how an IDE learns of it.
 */
final class OutputFiles {
  private final BuildContext buildContext;
  private int written;
  private int deleted;

  OutputFiles(BuildContext buildContext) {
    this.buildContext = buildContext;
  }

  /** Writes {@code bytes} to {@code target} unless it already holds them; returns whether it wrote. */
  boolean write(Path target, byte[] bytes) throws IOException {
    if (Files.isRegularFile(target) && Files.size(target) == bytes.length
        && Arrays.equals(Files.readAllBytes(target), bytes)) {
      return false;
    }
    Files.createDirectories(target.getParent());
    // Not Files.createTempFile: it makes the file readable by its owner only, and the move would
    // carry that over to a source file others may need to read.
    Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(bytes);
      }
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    buildContext.refresh(target.toFile());
    written++;
    return true;
  }

  /**
   * Deletes {@code target} if it lies inside one of {@code roots}, then the folders that this left
   * empty, up to the root. A path outside every root (a state file edited by hand, say) is never
   * deleted. Returns whether a file was deleted.
   */
  boolean delete(Path target, List<Path> roots) throws IOException {
    Path file = target.toAbsolutePath().normalize();
    Path root = roots.stream().filter(r -> file.startsWith(r) && !file.equals(r)).findFirst().orElse(null);
    if (root == null || !Files.deleteIfExists(file)) {
      return false;
    }
    buildContext.refresh(file.toFile());
    deleted++;
    for (Path folder = file.getParent(); folder != null && !folder.equals(root) && folder.startsWith(root);
        folder = folder.getParent()) {
      try {
        Files.delete(folder);
      } catch (DirectoryNotEmptyException inUse) {
        break;
      }
    }
    return true;
  }

  /** How many files {@link #write} wrote. */
  int written() {
    return written;
  }

  /** How many files {@link #delete} deleted. */
  int deleted() {
    return deleted;
  }
}
