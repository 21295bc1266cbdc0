package dev.netc.graph;

import dev.netc.compiler.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The pictures of every sample, as golden files under {@code src/test/resources/golden}: SVG, DOT
 * and Mermaid as checked, and SVG after the passes; and of a few specs with errors, to show the
 * failing statement in red. The SVGs of the samples (and of one spec with an error) are also kept
 * in {@code docs/images}, where the README and the language guide show them. Regenerate with {@code -Dnetc.update-goldens=true}.
 */
class GoldenPicturesTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final Path IMAGES = Path.of("../docs/images");

  /** The samples at the top of {@code samples/}. */
  static final List<String> SAMPLES = List.of("image_flip", "mlp", "transformer_encoder");

  /** Specs with errors, under {@code samples/errors}: independent mistakes, a chain, a misspelt name, a bad line. */
  static final List<String> ERRORS = List.of("independent_errors", "matmul_chain", "misspelt_name", "syntax_errors");

  @TestFactory
  Stream<DynamicTest> samples() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String sample : SAMPLES) {
      Source source = Source.file(Goldens.samples().resolve(sample + ".nn"));
      tests.add(DynamicTest.dynamicTest(sample, () -> {
        for (NetworkPictures.Format format : NetworkPictures.Format.values()) {
          String text = NetworkPictures.render(source, Optional.empty(), format, false).text();
          Goldens.assertMatches(GOLDEN.resolve(sample + "." + extension(format)), text);
          if (format == NetworkPictures.Format.SVG) {
            Goldens.assertMatches(IMAGES.resolve(sample + ".svg"), text);
          }
        }
        String after = NetworkPictures.render(source, Optional.empty(), NetworkPictures.Format.SVG, true).text();
        Goldens.assertMatches(GOLDEN.resolve(sample + ".after-passes.svg"), after);
        Goldens.assertMatches(IMAGES.resolve(sample + ".after-passes.svg"), after);
      }));
    }
    for (String spec : ERRORS) {
      Source source = Source.file(Goldens.samples().resolve("errors/" + spec + ".nn"));
      tests.add(DynamicTest.dynamicTest("errors/" + spec, () -> {
        for (NetworkPictures.Format format : NetworkPictures.Format.values()) {
          String text = NetworkPictures.render(source, Optional.empty(), format, false).text();
          Goldens.assertMatches(GOLDEN.resolve("errors/" + spec + "." + extension(format)), text);
          if (format == NetworkPictures.Format.SVG && spec.equals("matmul_chain")) {
            Goldens.assertMatches(IMAGES.resolve(spec + ".svg"), text);
          }
        }
      }));
    }
    return tests.stream();
  }

  static String extension(NetworkPictures.Format format) {
    return switch (format) {
      case SVG -> "svg";
      case DOT -> "dot";
      case MERMAID -> "mmd";
    };
  }
}
