package dev.netc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Neovim, headless, set up as docs/editors.md says (editors/neovim's {@code
 * require('netc').setup}), with the server started from this build's class path:
 * opens the transposed-weight error sample, waits for netc's diagnostic, applies
 * the preferred quick fix and sees the diagnostics clear. Skipped, saying why,
 * where no Neovim 0.7 or newer is on the PATH ({@code .ci/run} installs Debian's
 * when it can).
 */
class NeovimTest {
  private static final long TIMEOUT_SECONDS = 180;

  @Test
  void theTransposeFixClearsTheDiagnosticInNeovim(@TempDir Path dir) throws Exception {
    Optional<String> version = neovimVersion();
    if (version.isEmpty()) {
      skip("no nvim on the PATH");
    }
    if (!atLeast07(version.get())) {
      skip("nvim " + version.get() + " is older than 0.7");
    }
    Path repo = Path.of(System.getProperty("netc.samples", "../samples")).toAbsolutePath().normalize().getParent();
    Path spec = dir.resolve("torch_layout.nn");
    Files.copy(repo.resolve("samples/errors/matmul_transpose_right.nn"), spec);
    Path result = dir.resolve("result.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(dir.resolve("init.lua"), String.join("\n",
        "vim.opt.runtimepath:append(" + lua(repo.resolve("editors/neovim").toString()) + ")",
        "require('netc').setup({ cmd = { " + lua(java) + ", '-cp', " + lua(System.getProperty("java.class.path"))
            + ", 'dev.netc.cli.Main', 'lsp' } })",
        ""));

    ProcessBuilder nvim = new ProcessBuilder("nvim", "--headless", "-i", "NONE", "-n",
        "-u", dir.resolve("init.lua").toString(), spec.toString(),
        "-c", "luafile " + Path.of(NeovimTest.class.getResource("/neovim/transpose_fix.lua").toURI()))
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("nvim.log").toFile());
    // Keep the user's own configuration, plugins and state out of it.
    nvim.environment().put("HOME", dir.toString());
    nvim.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
    nvim.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
    nvim.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
    nvim.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    nvim.environment().put("NETC_TEST_RESULT", result.toString());
    Process p = nvim.start();
    p.getOutputStream().close();
    boolean ended = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String log = Files.readString(dir.resolve("nvim.log"));
    assertThat(ended).as("nvim ended within %d s; its output: %s", TIMEOUT_SECONDS, log).isTrue();
    assertThat(result).as("nvim wrote a result; its output: %s", log).exists();
    assertThat(Files.readString(result)).as("nvim's output: %s", log)
        .isEqualTo("ok: diagnostic shown, \"Transpose W\" applied, diagnostics cleared\n");
    assertThat(p.exitValue()).isZero();
  }

  private static void skip(String why) {
    System.out.println("NeovimTest: skipped: " + why);
    Assumptions.abort(why);
  }

  /** {@code NVIM v0.7.2} -> {@code 0.7.2}, or empty when there is no nvim to run. */
  private static Optional<String> neovimVersion() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("nvim", "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return Optional.empty();
      }
      Matcher m = Pattern.compile("NVIM v(\\d+)\\.(\\d+)\\.(\\d+)").matcher(out);
      return m.find() ? Optional.of(m.group(1) + "." + m.group(2) + "." + m.group(3)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean atLeast07(String version) {
    List<Integer> parts = List.of(version.split("\\.")).stream().map(Integer::parseInt).toList();
    return parts.get(0) > 0 || parts.get(1) >= 7;
  }

  /** A Lua string literal. */
  private static String lua(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
