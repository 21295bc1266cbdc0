package dev.netc.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What an input file (a spec, a weights file) was like when a spec was generated: its size,
 * modification time and content digest, or that it did not exist.
 *
 * <p>The digest decides whether the file changed; size and time only save reading it again. A
 * file saved without a change (or touched) is read once more and found equal, and the spec is not
 * generated again.
 *
 * @param path the file, relative to the project ({@link GeneratorSettings#relative})
 * @param size its size in bytes, or -1 when it did not exist
 * @param modified its modification time in nanoseconds since the epoch, or -1 when it did not exist
 * @param digest the SHA-256 of its content, or {@link #ABSENT}
 */
record FileStamp(String path, long size, long modified, String digest) {
  /** The digest of a file that did not exist: a weights file that arrives later changes it. */
  static final String ABSENT = "-";

  FileStamp {
    Objects.requireNonNull(path);
    Objects.requireNonNull(digest);
  }

  /** Stamps {@code file} as it is now, reading all of it. */
  static FileStamp take(String path, Path file) throws IOException {
    return take(path, file, null);
  }

  /**
   * This file as it is now. When its size and time are the ones recorded, the recorded digest is
   * taken as is; otherwise the content is read again.
   */
  FileStamp refresh(Path file) throws IOException {
    return take(path, file, this);
  }

  boolean isAbsent() {
    return ABSENT.equals(digest);
  }

  /** Whether the two stamps are of the same content (or both of a missing file). */
  boolean sameContent(FileStamp other) {
    return digest.equals(other.digest);
  }

  private static FileStamp take(String path, Path file, FileStamp known) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException gone) {
      return new FileStamp(path, -1, -1, ABSENT);
    }
    if (!attributes.isRegularFile()) {
      return new FileStamp(path, -1, -1, ABSENT);
    }
    long size = attributes.size();
    long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    if (known != null && !known.isAbsent() && known.size == size && known.modified == modified) {
      return known;
    }
    // Attributes are read before the content: a write racing with this build leaves a time
    // older than the file's, so the next build reads the file again rather than trusting it.
    return new FileStamp(path, size, modified, Digests.sha256(file));
  }
}
