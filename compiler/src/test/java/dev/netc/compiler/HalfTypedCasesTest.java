package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Statements as they are while being typed: each {@code cases/half_typed/*.case}
 * holds a {@code [spec]} with one unfinished statement and the {@code [errors]}
 * checking it gives (in the golden format of {@link Goldens}). Besides matching
 * those, every case must show what an editor user needs: exactly one syntax
 * error, at the end of the unfinished line, and every other diagnostic just as
 * the spec gives it with that line left out, so the lines after it are checked
 * as written and no name they define is reported unknown.
 */
class HalfTypedCasesTest {
  @TestFactory
  @DisplayName("a half-typed statement gives one error at its end and leaves the other lines' diagnostics as they were")
  Stream<DynamicTest> cases() throws IOException {
    Path dir = Path.of("src/test/resources/cases/half_typed");
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".case")).sorted().toList().stream()
          .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(file)));
    }
  }

  private static void run(Path file) throws IOException {
    Map<String, String> sections = ShapeCasesTest.sections(Files.readString(file));
    String spec = sections.get("spec");
    List<Diagnostic> diagnostics = check(file.getFileName().toString(), spec);
    String rendered = Goldens.render(diagnostics);
    if (Goldens.UPDATE) {
      ShapeCasesTest.rewrite(file, "errors", rendered);
      return;
    }
    assertThat(rendered).isEqualTo(sections.get("errors"));

    List<Diagnostic> syntax = diagnostics.stream().filter(HalfTypedCasesTest::isSyntax).toList();
    assertThat(syntax).as("syntax errors").hasSize(1);
    Diagnostic error = syntax.get(0);
    String[] lines = spec.split("\n", -1);
    String typed = lines[error.span().line() - 1];
    assertThat(error.span().column()).as("column of the error on `%s`", typed).isEqualTo(typed.stripTrailing().length() + 1);

    lines[error.span().line() - 1] = "";
    List<Diagnostic> others = diagnostics.stream().filter(d -> d != error).toList();
    assertThat(Goldens.render(others)).as("the other diagnostics, against the spec without the half-typed line")
        .isEqualTo(Goldens.render(check("without.nn", String.join("\n", Arrays.asList(lines)))));
  }

  private static List<Diagnostic> check(String name, String text) {
    CheckResult result = Frontend.check(new SourceFile(name, text), path -> {
      throw new NoSuchFileException(path.toString());
    });
    assertThat(result.hasInternalError()).isFalse();
    return result.diagnostics();
  }

  private static boolean isSyntax(Diagnostic d) {
    return d.code().id().startsWith("NN01");
  }
}
