package dev.netc.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Frontend;
import dev.netc.compiler.diag.Diagnostic;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.build.incremental.BuildContext;
import org.sonatype.plexus.build.incremental.DefaultBuildContext;

class DiagnosticReporterTest {
  /** A bias shaped per sample instead of per neuron: an error with a note and advice. */
  static final String BIAS = """
      network Bias {
        input x: f32[32, 64]
        param b: f32[32] = [%s]
        output y = x + b
      }
      """.formatted("0, ".repeat(31) + "0");

  @TempDir Path dir;

  @Test
  void logsTheGnuLineWithTheFullPathThenNotesAndHelp() throws Exception {
    TestProject project = new TestProject(dir);
    Path spec = project.write("src/main/nn/bias.nn", BIAS);
    CheckResult result = Frontend.checkFile(spec, "src/main/nn/bias.nn");
    RecordingLog log = new RecordingLog();
    DiagnosticReporter reporter = new DiagnosticReporter(log, new DefaultBuildContext());

    result.diagnostics().forEach(d -> reporter.report(spec, "src/main/nn/bias.nn", d));

    List<String> errors = log.at("ERROR");
    assertThat(errors.get(0)).startsWith(spec + ":4:").contains(": error: ").endsWith("[NN0302]");
    assertThat(errors.get(1)).isEqualTo("    ^ " + result.diagnostics().get(0).label());
    // Continuation lines are indented, so that log parsers take only the located ones.
    assertThat(errors).allMatch(l -> l.startsWith(spec + ":") || l.startsWith("    ^ ") || l.startsWith("    = "));
    assertThat(errors).anyMatch(l -> l.startsWith("    = help: "));
    assertThat(reporter.errors()).isEqualTo(result.count(dev.netc.compiler.diag.Severity.ERROR));
    assertThat(reporter.filesWithProblems()).isEqualTo(1);
  }

  @Test
  void anIdeGetsAMarkerPerDiagnostic() throws Exception {
    TestProject project = new TestProject(dir);
    Path spec = project.write("src/main/nn/bias.nn", BIAS);
    Diagnostic d = Frontend.checkFile(spec, "bias.nn").diagnostics().get(0);
    List<String> markers = new ArrayList<>();
    BuildContext ide = new DefaultBuildContext() {
      @Override
      public void addMessage(File file, int line, int column, String message, int severity, Throwable cause) {
        markers.add(file + " " + line + ":" + column + " " + severity + " " + message);
      }
    };

    new DiagnosticReporter(new RecordingLog(), ide).report(spec, "bias.nn", d);

    assertThat(markers).containsExactly(spec + " 4:" + d.span().column() + " " + BuildContext.SEVERITY_ERROR + " "
        + d.message() + " [NN0302]");
  }

  @Test
  void aProblemWithAWholeFileHasNoPlaceAndItsLaterLinesIndented() {
    Path model = dir.resolve("src/main/nn/model.onnx");
    RecordingLog log = new RecordingLog();
    DiagnosticReporter reporter = new DiagnosticReporter(log, new DefaultBuildContext());

    reporter.report(model, dev.netc.compiler.diag.Severity.ERROR, 0, 0,
        "model.onnx uses an operator netc does not import (opset 13):\n  Conv, used by node Conv_0");

    assertThat(log.at("ERROR")).containsExactly(
        model + ": error: model.onnx uses an operator netc does not import (opset 13):",
        "      Conv, used by node Conv_0");
    assertThat(reporter.errors()).isEqualTo(1);
  }
}
