package dev.netc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The jar's entry point: one clear line on a JVM older than 21, netc itself on any other. */
class LauncherTest {
  @Test
  void aJvmOlderThan21IsRefusedInOneLineThatNamesIt() {
    assertThat(Launcher.problem("17", "/usr/lib/jvm/java-17"))
        .startsWith("netc: needs Java 21 or newer, but this is Java 17 (/usr/lib/jvm/java-17)")
        .doesNotContain("\n");
    assertThat(Launcher.problem("1.8", "/opt/jdk8")).contains("this is Java 8 (/opt/jdk8)");
    assertThat(Launcher.problem("21", "/x")).isNull();
    assertThat(Launcher.problem("25", "/x")).isNull();
  }

  /**
   * Runs the entry point, as compiled, on a real old JVM. The class files of the build are
   * used, not the jar, which is made after the tests; Launcher's are Java 8's, Main's 21's.
   */
  @Test
  void anOldJvmPrintsTheLineAndExitsWithStatusOne() throws Exception {
    Optional<Path> old = oldJava();
    if (old.isEmpty()) {
      System.out.println("LauncherTest: skipped the run on an old JVM: no JDK older than 21 in /usr/lib/jvm");
      Assumptions.abort("no JDK older than 21 in /usr/lib/jvm");
    }
    Path classes = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process p = new ProcessBuilder(old.get().toString(), "-cp", classes.toString(), "dev.netc.cli.Launcher", "lsp")
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(err.lines().toList()).singleElement().asString().startsWith("netc: needs Java 21 or newer, but this is Java ");
    assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
  }

  /** The java of a JDK older than 21, if the machine has one. */
  private static Optional<Path> oldJava() throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      for (Path home : homes.sorted().toList()) {
        Path release = home.resolve("release");
        Path java = home.resolve("bin/java");
        if (!Files.isRegularFile(release) || !Files.isExecutable(java)) {
          continue;
        }
        List<String> lines = Files.readAllLines(release);
        for (String line : lines) {
          if (line.startsWith("JAVA_VERSION=")) {
            int major = Launcher.major(line.substring("JAVA_VERSION=".length()).replace("\"", ""));
            if (major > 0 && major < Launcher.MIN_JAVA) {
              return Optional.of(java);
            }
          }
        }
      }
    }
    return Optional.empty();
  }
}
