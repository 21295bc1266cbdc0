package dev.netc.onnx.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.onnx.OnnxReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The specs two fixtures import to, as committed under {@code src/test/resources/golden}: a change
 * in what the importer writes shows in review. Regenerate with {@code -Dnetc.update-goldens=true}.
 * Importing twice gives byte-identical files.
 */
class GoldenSpecsTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"mlp_gemm", "encoder_post_op13"})
  void importedSpecIsTheGoldenOne(String fixture) throws Exception {
    Path model = Fixtures.ROOT.resolve(fixture).resolve("model.onnx");
    OnnxImporter.Imported first = OnnxImporter.importModel(OnnxReader.read(model), ImportOptions.defaults(), fixture);
    OnnxImporter.Imported second = OnnxImporter.importModel(OnnxReader.read(model), ImportOptions.defaults(), fixture);
    assertThat(second.spec()).isEqualTo(first.spec());
    first.weights().write(dir.resolve("a.safetensors"));
    second.weights().write(dir.resolve("b.safetensors"));
    assertThat(digest(dir.resolve("b.safetensors"))).isEqualTo(digest(dir.resolve("a.safetensors")));
    Path golden = GOLDEN.resolve(fixture + ".nn");
    if (Boolean.getBoolean("netc.update-goldens")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, first.spec(), StandardCharsets.UTF_8);
    }
    assertThat(first.spec()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  private static String digest(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
