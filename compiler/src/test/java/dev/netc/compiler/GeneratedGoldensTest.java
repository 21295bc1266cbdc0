package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The generated sources of two samples, kept as golden files under {@code src/test/resources/golden}:
 * a change to the code generator shows as a diff of what users get, to read in review. Regenerate
 * with {@code -Dnetc.update-goldens=true}.
 */
class GeneratedGoldensTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @TestFactory
  Stream<DynamicTest> samples() {
    return Stream.of("image_flip.nn", "transformer_encoder.nn").map(sample -> DynamicTest.dynamicTest(sample, () -> {
      CompileResult result = Compiler.compile(new CompileRequest(List.of(Source.file(Goldens.samples().resolve(sample))),
          CompileOptions.builder().packageName("com.example.nets").build()));
      assertThat(result.hasErrors()).as("%s", result.diagnostics()).isFalse();
      Path folder = GOLDEN.resolve(sample.replace(".nn", ""));
      Files.createDirectories(folder);
      for (GeneratedFile f : result.files()) {
        if (f.kind() == GeneratedFile.Kind.SOURCE) {
          Goldens.assertMatches(folder.resolve(f.fileName() + ".golden"), f.text());
        }
      }
    }));
  }
}
