package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every spec under {@code samples/errors/} is checked and its diagnostics
 * compared with the golden file beside it ({@code name.expected}): position,
 * code, message, the secondary spans, notes and fixes. Adding a case is adding
 * two files.
 */
class ErrorCorpusTest {
  /** Beyond this, a message no longer fits an editor's problem list or a terminal line. */
  private static final int MAX_MESSAGE = 100;

  @TestFactory
  @DisplayName("each spec in samples/errors gives exactly the diagnostics of its golden file")
  Stream<DynamicTest> corpus() throws IOException {
    Path dir = Goldens.samples().resolve("errors");
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".nn")).sorted().toList().stream()
          .map(spec -> DynamicTest.dynamicTest(spec.getFileName().toString(), () -> {
            CheckResult result = Frontend.checkFile(spec, spec.getFileName().toString());
            assertThat(result.diagnostics()).as("a spec in samples/errors must produce diagnostics").isNotEmpty();
            assertThat(result.hasInternalError()).isFalse();
            // The message is the first line of what an editor shows, and all that its list of problems shows.
            assertThat(result.diagnostics()).allSatisfy(d -> assertThat(d.message().length())
                .as("length of `%s`", d.message()).isLessThanOrEqualTo(MAX_MESSAGE));
            String golden = spec.getFileName().toString().replaceAll("\\.nn$", ".expected");
            Goldens.assertMatches(spec.resolveSibling(golden), Goldens.render(result.diagnostics()));
          }));
    }
  }
}
