package dev.netc.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers split over two threads allocate nothing per forward pass, in every fresh JVM: the
 * {@link SplitAllocation} probe (a dense layer split by rows, by panels and a one-row product by
 * columns, and attention split by heads, generated for Java 21 and 22) runs in {@value #JVMS}
 * JVMs of its own, each warming its kernels up as {@code load} does, and each must report 0 bytes
 * on the caller and netc's workers over its last 500 rounds.
 *
 * <p>One JVM is not enough: the cause this guards against (a second float species made the Vector
 * API's call sites bimorphic, and C2 then boxed vectors) showed in about one fresh JVM in five, as
 * the luck of what the JIT saw first. Three runs catch such a defect half the time; the probe
 * itself, run in a loop, is how to look harder.
 */
class SplitAllocationTest {
  private static final int JVMS = 3;
  private static final Pattern LINE = Pattern.compile("Java (\\d+): (\\d+) bytes");

  @TempDir Path dir;

  @Test
  @DisplayName("split layers allocate nothing per forward pass on two threads, in each of several fresh JVMs")
  void noAllocationInFreshJvms() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> reports = new ArrayList<>();
    // The JVMs run at once: what is measured is allocation, which sharing the cores does not change,
    // and one after another they would take a minute and a half of every build.
    List<Process> processes = new ArrayList<>();
    for (int run = 0; run < JVMS; run++) {
      Path work = Files.createDirectories(dir.resolve("run" + run));
      // The back-off off, as in the build's tests: a busy machine must not stop the layers splitting.
      processes.add(new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
          "-Dnetc.parallel.backoff=false",
          "-cp", System.getProperty("java.class.path"), SplitAllocation.class.getName(), work.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("run" + run + ".log").toFile()).start());
    }
    for (int run = 0; run < JVMS; run++) {
      Process process = processes.get(run);
      // The probe gives up after a minute per release; past that it hangs.
      boolean exited = process.waitFor(5, TimeUnit.MINUTES);
      if (!exited) {
        process.destroyForcibly();
      }
      String output = Files.readString(dir.resolve("run" + run + ".log"), StandardCharsets.UTF_8);
      assertThat(exited).as("run %d did not finish:%n%s", run, output).isTrue();
      assertThat(process.exitValue()).as("run %d:%n%s", run, output).isZero();
      Matcher m = LINE.matcher(output);
      int releases = 0;
      while (m.find()) {
        releases++;
        reports.add("run " + run + ", Java " + m.group(1) + ": " + m.group(2) + " bytes");
        assertThat(Long.parseLong(m.group(2))).as("run %d, code for Java %s:%n%s", run, m.group(1), output).isZero();
      }
      assertThat(releases).as("run %d reports both releases:%n%s", run, output).isEqualTo(2);
    }
    assertThat(reports).hasSize(2 * JVMS);
  }
}
