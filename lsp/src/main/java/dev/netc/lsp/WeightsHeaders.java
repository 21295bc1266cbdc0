package dev.netc.lsp;

import dev.netc.compiler.Frontend;
import dev.netc.compiler.check.NetworkChecker;
import dev.netc.compiler.check.WeightsCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The headers of the weights files that open specs name: tensor names, element
 * types and shapes, never the data. A header is read the first time a check
 * needs it and again only when the file's size or modification time changes,
 * so re-checking on every keystroke costs one {@code stat} per weights file.
 */
public final class WeightsHeaders implements NetworkChecker.CatalogLoader {
  /** A header as read, or why it could not be, for one state of the file. */
  private record Entry(FileTime modified, long size, WeightsCatalog catalog, IOException failure) {}

  /** How a header is read; {@link Frontend#catalogOf} outside tests. */
  @FunctionalInterface
  public interface Reader {
    WeightsCatalog read(Path path) throws IOException;
  }

  private final Map<Path, Entry> cache = new ConcurrentHashMap<>();
  private final Reader reader;

  public WeightsHeaders() {
    this(Frontend::catalogOf);
  }

  public WeightsHeaders(Reader reader) {
    this.reader = reader;
  }

  @Override
  public WeightsCatalog load(Path path) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      cache.remove(path);
      throw e;
    }
    Entry entry = cache.get(path);
    if (entry == null || !entry.modified().equals(attributes.lastModifiedTime()) || entry.size() != attributes.size()) {
      entry = read(path, attributes);
      cache.put(path, entry);
    }
    if (entry.failure() != null) {
      throw entry.failure();
    }
    return entry.catalog();
  }

  private Entry read(Path path, BasicFileAttributes attributes) {
    try {
      return new Entry(attributes.lastModifiedTime(), attributes.size(), reader.read(path), null);
    } catch (IOException e) {
      // A broken file stays broken until it changes: remember that too, rather than retry on every keystroke.
      return new Entry(attributes.lastModifiedTime(), attributes.size(), null, e);
    }
  }

  /** Forgets a file's header, e.g. when the editor reports that the file changed. */
  public void forget(Path path) {
    cache.remove(path);
  }

  /** How many headers are held. */
  public int size() {
    return cache.size();
  }
}
