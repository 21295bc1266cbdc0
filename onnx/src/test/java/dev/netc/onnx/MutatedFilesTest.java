package dev.netc.onnx;

import dev.netc.onnx.importer.ImportException;
import dev.netc.onnx.importer.ImportOptions;
import dev.netc.onnx.importer.OnnxImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported models with bytes changed, cut, or inserted (seeded, so every run tries the same files):
 * reading and importing each either works or fails with {@link OnnxFormatException} or
 * {@link ImportException}; never another exception, never a hang or an outsized allocation. The
 * build tries 300 per model (about 2 s); {@code -Dnetc.mutations=N -Dnetc.mutations.seed=S} tries more.
 */
class MutatedFilesTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
  private static final String[] MODELS = {"mlp_gemm", "embed_pool", "gelu_tanh", "encoder_pre_op17",
      "bert_tiny_mask", "mha", "encoder_post_op13", "ops/gemm_all_attrs", "ops/split_op13", "ops/shape_arithmetic",
      "ops/reducemean_op18_axes_input", "ops/unsupported_if"};

  @TempDir Path dir;

  @Test
  void everyMutationIsReadOrRefusedCleanly() throws Exception {
    Random random = new Random(Long.getLong("netc.mutations.seed", 20261203));
    int perModel = Integer.getInteger("netc.mutations", 300);
    int tried = 0;
    for (String name : MODELS) {
      byte[] original = Files.readAllBytes(FIXTURES.resolve(name).resolve("model.onnx"));
      for (int i = 0; i < perModel; i++) {
        byte[] mutated = mutate(original, random);
        Path file = dir.resolve("m" + tried++ + ".onnx");
        try {
          OnnxModel model = OnnxReader.read(file, mutated);
          OnnxImporter.importModel(model, ImportOptions.defaults(), "m");
        } catch (OnnxFormatException | ImportException expected) {
          // a clean refusal
        } catch (RuntimeException | Error e) {
          throw new AssertionError(name + ", mutation " + i + ": " + e, e);
        }
      }
    }
  }

  /** One to four byte flips, a cut, a duplicated run, or a length field set to a large value. */
  private static byte[] mutate(byte[] in, Random random) {
    byte[] b = in.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
      case 2 -> {
        int from = random.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + random.nextInt(64));
        byte[] out = new byte[b.length + len];
        System.arraycopy(b, 0, out, 0, from + len);
        System.arraycopy(b, from, out, from + len, b.length - from);
        b = out;
      }
      default -> {
        int at = random.nextInt(b.length);
        b[at] = (byte) 0xff;
        if (at + 1 < b.length) {
          b[at + 1] = (byte) 0xff;
        }
      }
    }
    return b;
  }
}
