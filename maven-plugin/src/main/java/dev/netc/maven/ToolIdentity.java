package dev.netc.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What tells one build of the plugin and compiler from another, for the state file: a change
 * regenerates every spec, since a new compiler may generate different code from the same spec.
 *
 * <p>A release is told by its version. A snapshot keeps its version while its code changes, so it
 * is told by the content of its jars as well.
 */
final class ToolIdentity {
  private ToolIdentity() {}

  /**
   * @param version the plugin's version
   * @param jars the plugin's jar and the netc jars it runs (compiler, runtime, grammar, onnx); only read
   *     for a snapshot
   */
  static String of(String version, List<Path> jars) throws IOException {
    StringBuilder identity = new StringBuilder("netc-maven-plugin ").append(version);
    if (version.endsWith("-SNAPSHOT")) {
      for (Path jar : jars) {
        if (Files.isRegularFile(jar)) {
          identity.append(' ').append(jar.getFileName()).append('=').append(Digests.sha256(jar));
        }
      }
    }
    return identity.toString();
  }
}
