package dev.netc.runtime.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Bounded positional reads. */
final class Io {
  private Io() {}

  /**
   * Reads exactly {@code length} bytes at {@code position}. The caller has already checked the
   * range against the file size, so running short means the file shrank while open.
   *
   * @param what for the message, such as {@code "the header"}
   */
  static ByteBuffer readFully(
      Path file, FileChannel channel, long position, int length, String what) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buf.hasRemaining()) {
      // A file channel returns 0 only for an empty buffer, so <= 0 is end of file here and the
      // loop cannot spin.
      if (channel.read(buf, position + buf.position()) <= 0) {
        throw new WeightFileException(
            file,
            null,
            "file ends at byte "
                + (position + buf.position())
                + " while reading "
                + what
                + ", which needs bytes up to "
                + (position + length)
                + "; was the file truncated while open?");
      }
    }
    return buf.flip();
  }

  /** A lower-level exception's message for use in ours; some, like EOFException, have none. */
  static String reason(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** Closes {@code c} after a failure, keeping the failure as the exception that propagates. */
  static void closeAfterFailure(AutoCloseable c, Throwable failure) {
    try {
      c.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }
}
