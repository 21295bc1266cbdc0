package dev.netc.lsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.compiler.check.WeightsCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headers are read once per state of the file, not once per keystroke. */
class WeightsHeadersTest {
  private static final WeightsCatalog EMPTY = new WeightsCatalog() {
    @Override
    public Optional<Tensor> find(String name) {
      return Optional.empty();
    }

    @Override
    public List<String> names() {
      return List.of();
    }
  };

  @Test
  void aHeaderIsReadAgainOnlyWhenTheFileChanges(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("w.safetensors"), "header");
    AtomicInteger reads = new AtomicInteger();
    WeightsHeaders headers = new WeightsHeaders(p -> {
      reads.incrementAndGet();
      return EMPTY;
    });
    headers.load(file);
    headers.load(file);
    assertThat(reads).hasValue(1);
    Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
    headers.load(file);
    assertThat(reads).hasValue(2);
    headers.forget(file);
    headers.load(file);
    assertThat(reads).hasValue(3);
  }

  @Test
  void anUnreadableFileIsReportedWithoutBeingReadAgain(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("w.safetensors"), "not a header");
    AtomicInteger reads = new AtomicInteger();
    WeightsHeaders headers = new WeightsHeaders(p -> {
      reads.incrementAndGet();
      throw new IOException("bad header");
    });
    assertThatThrownBy(() -> headers.load(file)).hasMessage("bad header");
    assertThatThrownBy(() -> headers.load(file)).hasMessage("bad header");
    assertThat(reads).hasValue(1);
  }

  @Test
  void aMissingFileIsNoSuchFile(@TempDir Path dir) {
    WeightsHeaders headers = new WeightsHeaders();
    assertThatThrownBy(() -> headers.load(dir.resolve("absent.safetensors"))).isInstanceOf(NoSuchFileException.class);
    assertThat(headers.size()).isZero();
  }

  @Test
  void theRealReaderReadsTheSamplesHeader() throws IOException {
    WeightsCatalog catalog = new WeightsHeaders().load(Specs.samples().resolve("errors/weights_mismatch.safetensors"));
    assertThat(catalog.names()).contains("W1", "b1");
  }
}
