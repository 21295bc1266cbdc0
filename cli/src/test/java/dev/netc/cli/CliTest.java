package dev.netc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The netc command as a user runs it: output, formats and exit codes. */
class CliTest {
  record Run(int exit, String out, String err) {}

  static final Path SAMPLES = Path.of(System.getProperty("netc.samples", "../samples"));

  static Run netc(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  static String sample(String name) {
    return SAMPLES.resolve(name).toString();
  }

  @Test
  @DisplayName("a clean spec exits 0 and prints its summary")
  void cleanSpec() {
    Run run = netc("check", sample("image_flip.nn"));
    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("network ImageFlip", "y_hat (output)", "[N, 4]", "Total params: 31",
        "FLOPs per sample: 58 (per unit of N)");
  }

  @Test
  @DisplayName("a spec with errors exits 1; the gnu format is one file:line:col line per diagnostic")
  void gnuFormat() {
    Run run = netc("check", "--format", "gnu", sample("errors/matmul_chain.nn"));
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith(sample("errors/matmul_chain.nn")
        + ":9:19: error: matmul inner dimensions differ: [N, 4] @ [5, 2] [NN0300]\n");
    assertThat(run.err()).contains(":5:20: note: the 4 comes from W2's shape, through h2");
    assertThat(run.out()).doesNotContain("network Chain");
  }

  @Test
  @DisplayName("the human format shows the line, the caret under the span, and the help")
  void humanFormat() {
    Run run = netc("check", "--color", "never", sample("errors/matmul_transpose_left.nn"));
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains(
        "error[NN0300]: matmul inner dimensions differ: [3, 4] @ [3, 5]\n",
        "  --> " + sample("errors/matmul_transpose_left.nn") + ":5:18\n",
        " 5 |   output c = a @ b\n",
        "   |                  ^ b has 3 rows, but a has 4 columns\n",
        "   |\n  ::: " + sample("errors/matmul_transpose_left.nn") + ":3:19\n",
        "   = help: transposing a ([3, 4] -> [4, 3]) would fit\n",
        "netc: 1 error, 0 warnings");
    assertThat(run.err()).doesNotContain("\u001b[");
  }

  @Test
  void colorOnRequest() {
    Run run = netc("check", "--color", "always", sample("errors/matmul_transpose_left.nn"));
    assertThat(run.err()).contains("\u001b[1;31merror[NN0300]");
  }

  @Test
  @DisplayName("the json format is JSON Lines on standard output, one object per diagnostic")
  void jsonFormat() {
    Run run = netc("check", "--format", "json", sample("errors/outer_broadcast.nn"));
    assertThat(run.exit()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("{\"file\":\"" + sample("errors/outer_broadcast.nn") + "\",\"code\":\"NN0304\","
        + "\"severity\":\"warning\",\"message\":\"`/` broadcasts [100, 1] and [100] to [100, 100], larger than both\","
        + "\"line\":7,\"column\":18,\"endLine\":7,\"endColumn\":30,");
    assertThat(lines[0]).endsWith("]}");
  }

  @Test
  @DisplayName("every file is checked, and the exit code reflects all of them")
  void severalFiles() {
    Run run = netc("check", "-q", "--format", "gnu", sample("image_flip.nn"), sample("errors/names.nn"));
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("names.nn:8:11: error: unknown name `hiden` [NN0200]");
  }

  @Test
  @DisplayName("usage errors exit 2")
  void usageErrors() {
    assertThat(netc("check").exit()).isEqualTo(2);
    assertThat(netc("check", "--format", "xml", sample("image_flip.nn")).exit()).isEqualTo(2);
    assertThat(netc("frobnicate").exit()).isEqualTo(2);
    assertThat(netc().exit()).isEqualTo(2);
  }

  @Test
  @DisplayName("a file that does not exist is a diagnostic, not a stack trace")
  void missingFile() {
    Run run = netc("check", "--format", "gnu", "no/such/spec.nn");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("no/such/spec.nn:1:1: error: cannot read `no/such/spec.nn`: no such file [NN0109]\n");
  }

  @Test
  @DisplayName("explain prints the long form of a code; an unknown code is a usage error")
  void explain() {
    Run run = netc("explain", "nn0300");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("NN0300 (error): matmul inner dimensions differ: ... @ ...\n");
    assertThat(netc("explain", "NN9999").exit()).isEqualTo(2);
    Run list = netc("explain");
    assertThat(list.out()).contains("NN0303", "NN0405");
  }

  @Test
  @DisplayName("playground listens on 127.0.0.1 and a fixed port unless told otherwise; a bad port is a usage error")
  void playgroundOptions() {
    Run help = netc("playground", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("--port", "7117", "--host", "127.0.0.1");
    Run bad = netc("playground", "--port", "70000");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--port 70000: a port is 0 to 65535");
  }
}
