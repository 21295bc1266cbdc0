package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Shape cases as data: each {@code cases/shapes/*.case} file holds a
 * {@code [spec]}, and what checking it must give: {@code [shapes]} (each named
 * node's shape), {@code [params]} (each parameter's shape) or {@code [errors]}
 * (the diagnostics, in the golden format of {@link Goldens}). Adding a case adds
 * no Java.
 */
class ShapeCasesTest {
  @TestFactory
  @DisplayName("each shape case checks to exactly the shapes or diagnostics it states")
  Stream<DynamicTest> cases() throws IOException {
    // The source folder, not the copy on the class path, so that update mode rewrites the real files.
    Path dir = Path.of("src/test/resources/cases/shapes");
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".case")).sorted().toList().stream()
          .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(file)));
    }
  }

  private static void run(Path file) throws IOException {
    Map<String, String> sections = sections(Files.readString(file));
    SourceFile source = new SourceFile(file.getFileName().toString(), sections.get("spec"));
    // Weights files in cases are never on disk: their shapes cannot be compared, which is a warning.
    CheckResult result = Frontend.check(source, path -> {
      throw new NoSuchFileException(path.toString());
    });
    assertThat(result.hasInternalError()).isFalse();
    if (sections.containsKey("errors")) {
      String actual = Goldens.render(result.diagnostics());
      if (Goldens.UPDATE) {
        rewrite(file, "errors", actual);
        return;
      }
      assertThat(actual).isEqualTo(sections.get("errors"));
      return;
    }
    assertThat(result.diagnostics()).filteredOn(d -> d.isError()).as("errors").isEmpty();
    Graph graph = result.graphs().get(0);
    if (sections.containsKey("shapes")) {
      String shapes = graph.nodes().stream()
          .map(b -> b.name() + ": " + b.value().type().shape())
          .collect(Collectors.joining("\n", "", "\n"));
      assertThat(shapes).isEqualTo(sections.get("shapes"));
    }
    if (sections.containsKey("params")) {
      String params = graph.params().stream()
          .map(p -> p.name() + ": " + p.type().shape())
          .collect(Collectors.joining("\n", "", "\n"));
      assertThat(params).isEqualTo(sections.get("params"));
    }
  }

  /** Replaces one section of a case file, for {@code -Dnetc.update-goldens=true}. */
  static void rewrite(Path file, String section, String body) throws IOException {
    String text = Files.readString(file);
    int start = text.indexOf("[" + section + "]\n") + section.length() + 3;
    int end = text.indexOf("\n[", start);
    String rest = end < 0 ? "" : text.substring(end + 1);
    Files.writeString(file, text.substring(0, start) + body + rest);
  }

  /** Splits a case file at its {@code [section]} lines; lines starting with # before the first are comments. */
  static Map<String, String> sections(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    String current = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.matches("\\[[a-z]+]")) {
        if (current != null) {
          out.put(current, body.toString());
        }
        current = line.substring(1, line.length() - 1);
        body.setLength(0);
      } else if (current != null) {
        body.append(line).append('\n');
      }
    }
    if (current != null) {
      out.put(current, body.toString().replaceAll("\n+$", "\n"));
    }
    return out;
  }
}
