package dev.netc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Emacs in batch mode with editors/emacs/netc-mode.el and eglot, as
 * docs/editors.md sets them up, the server started from this build's class path:
 * the mode highlights and knows comments, and eglot (which takes no related
 * information, and plain-text hovers without markdown-mode) shows where the
 * size came from in the message and a hover without code fences. Skipped,
 * saying why, where there is no Emacs with eglot.
 */
class EmacsTest {
  private static final long TIMEOUT_SECONDS = 180;

  @Test
  void eglotShowsTheFoldedMessageAndAPlainHover(@TempDir Path dir) throws Exception {
    if (!onPath("emacs")) {
      skip("no emacs on the PATH");
    }
    Path repo = Path.of(System.getProperty("netc.samples", "../samples")).toAbsolutePath().normalize().getParent();
    if (!onPath("git")) {
      skip("no git on the PATH, through which eglot finds the project");
    }
    Path project = Files.createDirectories(dir.resolve("project"));
    assertThat(new ProcessBuilder("git", "init", "-q", project.toString()).inheritIO().start().waitFor()).isZero();
    Path spec = project.resolve("torch_layout.nn");
    Files.copy(repo.resolve("samples/errors/matmul_transpose_right.nn"), spec);
    Path result = dir.resolve("result.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    ProcessBuilder emacs = new ProcessBuilder("emacs", "--batch", "-Q",
        "-l", Path.of(EmacsTest.class.getResource("/emacs/eglot_check.el").toURI()).toString())
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("emacs.log").toFile());
    emacs.environment().put("HOME", dir.toString());
    emacs.environment().put("NETC_EMACS_DIR", repo.resolve("editors/emacs").toString());
    emacs.environment().put("NETC_SERVER",
        String.join("\t", java, "-cp", System.getProperty("java.class.path"), "dev.netc.cli.Main", "lsp"));
    emacs.environment().put("NETC_SPEC", spec.toString());
    emacs.environment().put("NETC_TEST_RESULT", result.toString());
    Process p = emacs.start();
    p.getOutputStream().close();
    boolean ended = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String log = Files.readString(dir.resolve("emacs.log"));
    assertThat(ended).as("emacs ended within %d s; its output: %s", TIMEOUT_SECONDS, log).isTrue();
    if (p.exitValue() == 3) {
      skip("emacs has no eglot");
    }
    assertThat(p.exitValue()).as("emacs's output: %s", log).isZero();
    assertThat(Files.readAllLines(result)).as("emacs's output: %s", log).containsExactly(
        "mode: netc-mode",
        "comment: t",
        "keyword face: font-lock-keyword-face",
        "type face: font-lock-type-face",
        "diagnostic: netc [NN0300]: matmul inner dimensions differ: [N, 4] @ [6, 4] | W has 6 rows, but x has 4 columns"
            + " | line 3: the 4 comes from x's shape | line 4: the 6 comes from W's shape"
            + " | note: `@` needs the left side's last axis to equal the right side's second-to-last axis: 4 != 6"
            + " | note: weights stored as [out, in], as PyTorch's nn.Linear keeps them, are used as `x @ W.T`"
            + " | help: transposing W ([6, 4] -> [4, 6]) would fit",
        "hover plaintext: W: f32[6, 4] | parameter · 24 values");
  }

  private static void skip(String why) {
    System.out.println("EmacsTest: skipped: " + why);
    Assumptions.abort(why);
  }

  private static boolean onPath(String program) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
