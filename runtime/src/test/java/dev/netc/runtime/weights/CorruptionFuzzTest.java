package dev.netc.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damages the reference fixtures every which way: whatever the damage, a file either opens and
 * reads, or fails with a {@link WeightFileException}, never with any other exception.
 */
class CorruptionFuzzTest {
  private static final int MUTATIONS = 1500;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mixed.safetensors",
        "integers.safetensors",
        "f4.npy",
        "f8.npy",
        "int64.npy",
        "savez.npz",
        "savez_compressed.npz",
        "savez_compressed_integers.npz"
      })
  void everyTruncationIsRejected(String fixture) throws IOException {
    byte[] original = Files.readAllBytes(TestFiles.fixture(fixture));
    for (int length = 0; length < original.length; length++) {
      Path file = TestFiles.write(dir, fixture, Arrays.copyOf(original, length));
      assertThat(outcome(file)).as("%s cut to %d bytes", fixture, length).isEqualTo("rejected");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mixed.safetensors",
        "integers.safetensors",
        "f4.npy",
        "f8.npy",
        "int64.npy",
        "savez.npz",
        "savez_compressed.npz",
        "savez_compressed_integers.npz"
      })
  void randomDamageOpensOrFailsCleanly(String fixture) throws IOException {
    byte[] original = Files.readAllBytes(TestFiles.fixture(fixture));
    Random random = new Random(fixture.hashCode());
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] damaged = original.clone();
      int changes = 1 + random.nextInt(3);
      for (int c = 0; c < changes; c++) {
        int at = random.nextInt(damaged.length);
        damaged[at] =
            switch (random.nextInt(4)) {
              case 0 -> (byte) (damaged[at] ^ (1 << random.nextInt(8)));
              case 1 -> (byte) 0xFF;
              case 2 -> 0;
              default -> (byte) random.nextInt(256);
            };
      }
      Path file = TestFiles.write(dir, fixture, damaged);
      assertThat(outcome(file)).as("%s mutation %d", fixture, i).isIn("read", "rejected");
    }
  }

  /**
   * "read" if every tensor reads, with the read its type takes (damage can turn an F32 into an
   * I32), "rejected" on a WeightFileException; other failures escape.
   */
  private static String outcome(Path file) throws IOException {
    try (WeightFile weights = WeightFile.open(file)) {
      for (TensorInfo t : weights.tensors()) {
        int length =
            t.dtype().isFloatingPoint()
                ? weights.readFloats(t.name()).length
                : weights.readLongs(t.name()).length;
        assertThat(length).isEqualTo(t.elementCount());
      }
      return "read";
    } catch (WeightFileException e) {
      assertThat(e.getMessage()).startsWith(file + ": ");
      return "rejected";
    }
  }
}
