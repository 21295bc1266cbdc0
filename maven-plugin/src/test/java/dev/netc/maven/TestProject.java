package dev.netc.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.sonatype.plexus.build.incremental.DefaultBuildContext;

/** A Maven-shaped project in a temporary folder, and generations of its specs. */
final class TestProject {
  final Path base;
  final RecordingLog log = new RecordingLog();
  Optional<String> packageName = Optional.empty();
  List<String> excludes = List.of();
  boolean failOnWarning;
  int vectorBits = 256;
  String tile = "12x2";
  int release = 21;

  TestProject(Path base) {
    this.base = base;
  }

  /** Writes a file of the project, relative to its folder. */
  Path write(String path, String text) {
    Path file = base.resolve(path);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  Path file(String path) {
    return base.resolve(path);
  }

  GeneratorSettings settings() {
    return new GeneratorSettings(base, Path.of("src/main/nn"), null, excludes,
        Path.of("target/generated-sources/netc"), Path.of("target/generated-resources/netc"),
        Path.of("target/netc/generate-default.state"), Path.of("target/netc-import/generate-default"), packageName,
        failOnWarning,
        GeneratorSettings.compileOptions(packageName, true, vectorBits, tile, 1024, 32768, release, "f32"),
        "netc-maven-plugin test");
  }

  SpecGenerator.Summary generate() throws Exception {
    return new SpecGenerator(settings(), new DefaultBuildContext(), log).run();
  }

  /** Every file under {@code target/}, relative to the project, with its modification time. */
  TreeMap<String, FileTime> outputs() throws IOException {
    TreeMap<String, FileTime> files = new TreeMap<>();
    Path target = base.resolve("target");
    if (!Files.isDirectory(target)) {
      return files;
    }
    try (Stream<Path> all = Files.walk(target)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        files.put(base.relativize(p).toString().replace('\\', '/'), Files.getLastModifiedTime(p));
      }
    }
    return files;
  }

  /** Moves a file's modification time back, so that a rewrite, however quick, is seen. */
  void age(String path) throws IOException {
    Path file = base.resolve(path);
    Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() - 60_000));
  }
}
