package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.diag.Label;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden files: of diagnostics (each diagnostic as its position, severity,
 * code and message, then its label, secondary spans, notes and help, one per
 * line), and of generated sources. Run with {@code -Dnetc.update-goldens=true}
 * to rewrite them, then read the diff before committing it.
 */
final class Goldens {
  static final boolean UPDATE = Boolean.getBoolean("netc.update-goldens");

  private Goldens() {}

  static Path samples() {
    return Path.of(System.getProperty("netc.samples", "../samples"));
  }

  static String render(List<Diagnostic> diagnostics) {
    StringBuilder out = new StringBuilder();
    for (Diagnostic d : diagnostics) {
      out.append(d.span().line()).append(':').append(d.span().column()).append(": ")
          .append(d.severity().word()).append('[').append(d.code().id()).append("]: ")
          .append(d.message()).append('\n');
      if (!d.label().isEmpty()) {
        out.append("  label: ").append(d.label()).append('\n');
      }
      for (Label l : d.related()) {
        out.append("  related ").append(l.span().line()).append(':').append(l.span().column()).append(": ")
            .append(l.message()).append('\n');
      }
      for (String note : d.notes()) {
        out.append("  note: ").append(note).append('\n');
      }
      for (Fix fix : d.fixes()) {
        out.append("  help: ").append(fix.message()).append('\n');
      }
    }
    return out.toString();
  }

  /** Asserts {@code actual} equals the golden file, or rewrites it in update mode. */
  static void assertMatches(Path golden, String actual) {
    try {
      if (UPDATE) {
        Files.writeString(golden, actual);
        return;
      }
      assertThat(golden).as("golden file %s (run with -Dnetc.update-goldens=true to create it)", golden).exists();
      assertThat(actual).as("against %s", golden).isEqualTo(Files.readString(golden));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
