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
    return settings(packageName, vectorBits, "12x2", 1024, 32768, 21, tool);
  }

  static GeneratorSettings settings(Optional<String> packageName, int vectorBits, String tile, long l2Kib, long l3Kib,
      int release, String tool) {
    return new GeneratorSettings(BASE, Path.of("src/main/nn"), null, null, Path.of("target/gen"),
        Path.of("target/res"), Path.of("target/state"), Path.of("target/imports"), packageName.filter(p -> !p.isBlank()).map(String::strip),
        false, GeneratorSettings.compileOptions(packageName.filter(p -> !p.isBlank()).map(String::strip), true,
            vectorBits, tile, l2Kib, l3Kib, release, "f32"), tool);
  }

  @Test
  void foldersAreResolvedAgainstTheProjectAndNamedRelativeToIt() {
    GeneratorSettings s = settings(Optional.empty(), 512, "t");
    assertThat(s.sourceDirectory()).isEqualTo(BASE.resolve("src/main/nn"));
    assertThat(s.relative(s.outputDirectory())).isEqualTo("target/gen");
    assertThat(s.relative(BASE.resolveSibling("weights/w.npy"))).isEqualTo("../weights/w.npy");
    assertThat(s.importDirectory()).isEqualTo(BASE.resolve("target/imports"));
    assertThat(s.includes()).containsExactly("**/*.nn", "**/*.onnx");
  }

  @Test
  void theFingerprintFollowsWhatShapesTheOutput() {
    String base = settings(Optional.empty(), 512, "t").fingerprint();
    assertThat(settings(Optional.empty(), 512, "t").fingerprint()).isEqualTo(base);
    assertThat(settings(Optional.empty(), 256, "t").fingerprint()).isNotEqualTo(base);
    assertThat(settings(Optional.of("a.b"), 512, "t").fingerprint()).isNotEqualTo(base);
    assertThat(settings(Optional.empty(), 512, "t2").fingerprint()).isNotEqualTo(base);
    assertThat(settings(Optional.empty(), 512, "4x4", 1024, 32768, 21, "t").fingerprint()).isNotEqualTo(base);
    assertThat(settings(Optional.empty(), 512, "12x2", 2048, 32768, 21, "t").fingerprint()).isNotEqualTo(base);
    assertThat(settings(Optional.empty(), 512, "12x2", 1024, 65536, 21, "t").fingerprint()).isNotEqualTo(base);
    assertThat(settings(Optional.empty(), 512, "12x2", 1024, 32768, 21, "t").fingerprint()).isEqualTo(base);
    assertThat(settings(Optional.empty(), 512, "12x2", 1024, 32768, 22, "t").fingerprint()).isNotEqualTo(base);
  }

  @Test
  void badOptionsNameTheParameterAndSayWhatToUse() {
    assertThatThrownBy(() -> settings(Optional.empty(), 384, "t"))
        .hasMessage("<vectorBits>384</vectorBits>: the vector width is 128, 256 (AVX2) or 512 (AVX-512) bits");
    assertThatThrownBy(() -> settings(Optional.empty(), 512, "12 by 2", 1024, 32768, 21, "t"))
        .hasMessage("<tile>12 by 2</tile>: a tile is ROWSxVECTORS: use e.g. 12x2 (AVX-512 Xeons) or 4x4 (AMD Zen 4)");
    assertThatThrownBy(() -> settings(Optional.empty(), 512, "8x4", 1024, 32768, 21, "t"))
        .hasMessageStartingWith("<tile>8x4</tile>: a 8 x 4 tile needs 37 vector registers")
        .hasMessageContaining("more than the 32 there are");
    assertThatThrownBy(() -> settings(Optional.empty(), 512, "12x2", 4096, 1024, 21, "t"))
        .hasMessage("<l3Kib>1024</l3Kib>: the last-level cache is smaller than the L2 of 4096 KiB");
    assertThatThrownBy(() -> settings(Optional.empty(), 512, "12x2", 1024, 32768, 17, "t"))
        .hasMessage("<release>17</release>: generated code needs Java 21 or later (the Vector API); set "
            + "<maven.compiler.release> or the plugin's <release> to 21 or later");
    assertThatThrownBy(() -> GeneratorSettings.compileOptions(Optional.empty(), true, 512, "12x2", 1024, 32768, 21,
        "int4"))
        .hasMessage("<weightsType>int4</weightsType>: weights are stored as f32 (as declared), bf16 (2 bytes, rounded "
            + "to nearest even) or i8 (1 byte, a scale per output column)");
    assertThat(GeneratorSettings.compileOptions(Optional.empty(), true, 512, "12x2", 1024, 32768, 21, "i8").weights())
        .isEqualTo(dev.netc.runtime.DType.I8);
    assertThatThrownBy(() -> settings(Optional.of("com.example.int"), 512, "t"))
        .hasMessage("<packageName>com.example.int</packageName>: `int` is a Java keyword; use a name such as "
            + "com.example.nets");
  }

  @Test
  void aBlankPackageIsNone() {
    assertThat(settings(Optional.of(" "), 512, "t").packageName()).isEmpty();
  }
}
