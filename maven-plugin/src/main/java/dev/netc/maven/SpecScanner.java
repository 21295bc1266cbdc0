package dev.netc.maven;

import dev.netc.compiler.PackageNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.codehaus.plexus.util.Scanner;
import org.sonatype.plexus.build.incremental.BuildContext;

/**
 * Finds the specs under the source folder that match the includes and not the excludes (Ant-style
 * patterns, as in every Maven plugin), and gives each its package: the configured one, or the
 * spec's folder under the source folder.
 */
final class SpecScanner {
  private final GeneratorSettings settings;
  private final BuildContext buildContext;

  SpecScanner(GeneratorSettings settings, BuildContext buildContext) {
    this.settings = settings;
    this.buildContext = buildContext;
  }

  /** Every spec, sorted by name; none when the source folder does not exist. */
  List<Spec> scan() {
    Path root = settings.sourceDirectory();
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    // All files, not only those changed since the IDE's last build: whether a spec is up to date
    // is decided by the state file, which also covers weights files outside the source folder.
    Scanner scanner = buildContext.newScanner(root.toFile(), true);
    scanner.setIncludes(settings.includes().toArray(String[]::new));
    scanner.setExcludes(settings.excludes().toArray(String[]::new));
    scanner.addDefaultExcludes();
    scanner.scan();
    String[] found = scanner.getIncludedFiles();
    Arrays.sort(found);
    List<Spec> specs = new ArrayList<>();
    for (String relative : found) {
      Path file = root.resolve(relative).normalize();
      String packageName = settings.packageName().orElseGet(() -> PackageNames.fromSpecPath(relative));
      specs.add(new Spec(file, settings.relative(file), packageName));
    }
    return specs;
  }
}
