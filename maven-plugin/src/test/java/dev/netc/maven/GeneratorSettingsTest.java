package dev.netc.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GeneratorSettingsTest {
  /** A project folder that need not exist: settings only resolve paths against it. */
  static final Path BASE = Path.of("some", "project").toAbsolutePath();

  static GeneratorSettings settings(Optional<String> packageName, int vectorBits, String tool) {
    return new GeneratorSettings(BASE, Path.of("src/main/nn"), null, null, Path.of("target/gen"),
        Path.of("target/res"), Path.of("target/state"), packageName, false, true, vectorBits, tool);
  }

  @Test
  void foldersAreResolvedAgainstTheProjectAndNamedRelativeToIt() {
    GeneratorSettings s = settings(Optional.empty(), 512, "t");
    assertThat(s.sourceDirectory()).isEqualTo(BASE.resolve("src/main/nn"));
    assertThat(s.relative(s.outputDirectory())).isEqualTo("target/gen");
    assertThat(s.relative(BASE.resolveSibling("weights/w.npy"))).isEqualTo("../weights/w.npy");
    assertThat(s.includes()).containsExactly("**/*.nn");
  }

  @Test
  void theFingerprintFollowsWhatShapesTheOutput() {
    String base = settings(Optional.empty(), 512, "t").fingerprint();
    assertThat(settings(Optional.empty(), 512, "t").fingerprint()).isEqualTo(base);
    assertThat(settings(Optional.empty(), 256, "t").fingerprint()).isNotEqualTo(base);
    assertThat(settings(Optional.of("a.b"), 512, "t").fingerprint()).isNotEqualTo(base);
    assertThat(settings(Optional.empty(), 512, "t2").fingerprint()).isNotEqualTo(base);
  }

  @Test
  void badOptionsSayWhatToUse() {
    assertThatThrownBy(() -> settings(Optional.empty(), 384, "t"))
        .hasMessage("<vectorBits>384</vectorBits> is not supported: use 128, 256 (AVX2) or 512 (AVX-512)");
    assertThatThrownBy(() -> settings(Optional.of("com.example.int"), 512, "t"))
        .hasMessage("<packageName>com.example.int</packageName> is not a Java package name: `int` is a Java"
            + " keyword; use a name such as com.example.nets");
  }

  @Test
  void aBlankPackageIsNone() {
    assertThat(settings(Optional.of(" "), 512, "t").packageName()).isEmpty();
  }
}
