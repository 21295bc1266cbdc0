package dev.netc.compiler;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One file a compile produced.
 *
 * @param path where it goes, relative to the output root, with {@code /} separators: the
 *     package's folders and the file's name ({@code com/example/Mlp.java})
 * @param kind a Java source for the compiler, or a resource to place beside the classes
 * @param network the network (class name) it belongs to
 */
public record GeneratedFile(String path, Kind kind, String network, byte[] bytes) {
  /** What a generated file is, which decides where a build puts it. */
  public enum Kind {
    /** Java source, UTF-8. */
    SOURCE,
    /** A resource the classes load from the class path (the packed weights). */
    RESOURCE
  }

  public GeneratedFile {
    Objects.requireNonNull(path);
    Objects.requireNonNull(kind);
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The text of a source file. */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The file's name without its folders: {@code Mlp.java}. */
  public String fileName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
