package dev.netc.playground;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The repository's samples, packaged with the playground (its build copies every {@code .nn} of
 * {@code samples/} and {@code samples/errors/}): names like {@code image_flip.nn} and {@code
 * errors/bias_per_sample.nn}, the top level first.
 */
final class Samples {
  private static final String FOLDER = "dev/netc/playground/samples/";

  private final List<String> names;

  private Samples(List<String> names) {
    this.names = List.copyOf(names);
  }

  /** The samples beside this class, in its jar or its classes folder. */
  static Samples packaged() {
    List<String> found = new ArrayList<>();
    try {
      Path location = Path.of(Samples.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(location)) {
        Path root = location.resolve(FOLDER);
        if (Files.isDirectory(root)) {
          try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".nn"))
                .forEach(f -> found.add(root.relativize(f).toString().replace('\\', '/')));
          }
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          jar.stream().map(e -> e.getName())
              .filter(n -> n.startsWith(FOLDER) && n.endsWith(".nn"))
              .forEach(n -> found.add(n.substring(FOLDER.length())));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    found.sort(Comparator.comparing((String n) -> n.contains("/")).thenComparing(Comparator.naturalOrder()));
    return new Samples(found);
  }

  List<String> names() {
    return names;
  }

  /** The text of sample {@code name}; empty for a name that is not one of {@link #names()}. */
  Optional<String> text(String name) {
    if (!names.contains(name)) {
      return Optional.empty();
    }
    try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
      return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
