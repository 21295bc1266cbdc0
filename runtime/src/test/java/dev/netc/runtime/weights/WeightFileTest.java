package dev.netc.runtime.weights;

import dev.netc.runtime.DType;
import static dev.netc.runtime.weights.Failures.rejected;
import static dev.netc.runtime.weights.Failures.thrownBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour of {@link WeightFile} common to all formats. */
class WeightFileTest {
  @TempDir Path dir;

  private Path layers() throws IOException {
    Path file = dir.resolve("layers.safetensors");
    new SafetensorsWriter()
        .add("fc1.weight", new float[6], 2, 3)
        .add("fc1.bias", new float[3], 3)
        .add("fc2.weight", new float[6], 3, 2)
        .add("fc2.bias", new float[2], 2)
        .add("embedding", new float[4], 4)
        .add("norm.scale", new float[4], 4)
        .write(file);
    return file;
  }

  @Test
  void tensorsAreSortedByNameAndFindable() throws IOException {
    try (WeightFile weights = WeightFile.open(layers())) {
      assertThat(weights.tensors())
          .extracting(TensorInfo::name)
          .containsExactly(
              "embedding", "fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight", "norm.scale");
      assertThat(weights.find("fc1.weight")).contains(TensorInfo.of("fc1.weight", DType.F32, 2, 3));
      assertThat(weights.find("fc3.weight")).isEmpty();
      assertThat(weights.require("fc2.bias").shapeString()).isEqualTo("[2]");
    }
  }

  @Test
  void unknownTensorNameListsTheClosestNames() throws IOException {
    try (WeightFile weights = WeightFile.open(layers())) {
      WeightFileException e = thrownBy(() -> weights.readFloats("fc1.weigth"));
      assertThat(e)
          .hasMessage(
              weights.path()
                  + ": tensor \"fc1.weigth\": not found; the closest names are"
                  + " \"fc1.weight\", \"fc2.weight\", \"fc1.bias\", \"fc2.bias\", \"embedding\"");
      assertThat(e.tensor()).contains("fc1.weigth");
      assertThat(e.problem()).startsWith("not found");
    }
  }

  @Test
  void unknownTensorNameInASmallFileListsThemAll() throws IOException {
    Path file = dir.resolve("bias.npy");
    NpyWriter.write(file, new float[] {1f}, 1);
    try (WeightFile weights = WeightFile.open(file)) {
      assertThat(thrownBy(() -> weights.readFloats("weight")))
          .hasMessageEndingWith("tensor \"weight\": not found; the file holds \"bias\"");
    }
  }

  @Test
  void extensionChoosesTheFormatIgnoringCase() throws IOException {
    Path upper = dir.resolve("W.NPY");
    NpyWriter.write(upper, new float[] {2f}, 1);
    try (WeightFile weights = WeightFile.open(upper)) {
      assertThat(weights.format()).isEqualTo(WeightFormat.NPY);
      assertThat(weights.readFloats("W")).containsExactly(2f);
    }
  }

  @Test
  void unknownExtension() throws IOException {
    Path file = TestFiles.write(dir, "model.bin", new byte[16]);
    assertThat(rejected(file))
        .hasMessage(file + ": unknown weight-file extension; expected .safetensors, .npz or .npy");
  }

  @Test
  void directoryAndMissingFile() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("weights.npz"));
    assertThat(rejected(directory)).hasMessageEndingWith("is a directory, not a weight file");
    assertThatExceptionOfType(NoSuchFileException.class)
        .isThrownBy(() -> WeightFile.open(dir.resolve("missing.safetensors")));
  }

  @Test
  void readHeaderDoesNotReadTheData() throws IOException {
    // A 1 GiB tensor in a sparse file: listing it must take no time and no memory.
    long elements = 1L << 28;
    String json =
        "{\"big\":{\"dtype\":\"F32\",\"shape\":[16384,16384],\"data_offsets\":[0,"
            + elements * 4
            + "]}}";
    Path file = TestFiles.write(dir, "big.safetensors", TestFiles.safetensors(json, 0));
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(8 + json.getBytes(StandardCharsets.UTF_8).length + elements * 4);
    }
    List<TensorInfo> header =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> WeightFile.readHeader(file));
    assertThat(header).containsExactly(TensorInfo.of("big", DType.F32, 16384, 16384));
  }

  @Test
  void readHeaderChecksOffsetsAgainstTheFileSizeLikeOpen() throws IOException {
    // Valid header, data section cut short: readHeader refuses it as open does, with the same
    // message (Failures.rejected compares them), although it reads no data.
    Path file = dir.resolve("cut.safetensors");
    byte[] whole = new SafetensorsWriter().add("w", new float[6], 2, 3).toBytes();
    Files.write(file, Arrays.copyOf(whole, whole.length - 4));
    assertThat(rejected(file))
        .hasMessageEndingWith(
            "tensor \"w\": data_offsets [0, 24] end past the data section,"
                + " which holds only 20 bytes");
  }

  @Test
  void concurrentReadsOfOneFile() throws Exception {
    Path file = dir.resolve("shared.safetensors");
    float[] a = new float[100_000];
    float[] b = new float[70_000];
    for (int i = 0; i < a.length; i++) {
      a[i] = i;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = -i;
    }
    new SafetensorsWriter().add("a", a, a.length).add("b", b, b.length).write(file);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (WeightFile weights = WeightFile.open(file)) {
      List<Future<float[]>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String name = i % 2 == 0 ? "a" : "b";
        results.add(pool.submit(() -> weights.readFloats(name)));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo(i % 2 == 0 ? a : b);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void exceptionExposesItsParts() {
    WeightFileException e = new WeightFileException(Path.of("m.npz"), "w", "broken");
    assertThat(e).hasMessage("m.npz: tensor \"w\": broken").isInstanceOf(IOException.class);
    assertThat(e.file()).isEqualTo(Path.of("m.npz"));
    assertThat(e.tensor()).contains("w");
    assertThat(e.problem()).isEqualTo("broken");
    assertThat(new WeightFileException(Path.of("m.npz"), null, "broken"))
        .hasMessage("m.npz: broken");
  }

  @Test
  void tensorInfoDescribesItself() {
    TensorInfo info = TensorInfo.of("fc1.weight", DType.BF16, 784, 128);
    assertThat(info.shapeString()).isEqualTo("[784, 128]");
    assertThat(info.elementCount()).isEqualTo(100_352);
    assertThat(info.byteSize()).isEqualTo(200_704);
    assertThat(info.rank()).isEqualTo(2);
    assertThat(info.dim(1)).isEqualTo(128);
    assertThat(info.shapeArray()).containsExactly(784, 128);
    assertThat(info).hasToString("fc1.weight: BF16[784, 128]");
    assertThat(TensorInfo.of("s", DType.F32).elementCount()).isEqualTo(1);
    assertThat(TensorInfo.of("e", DType.F32, 1L << 62, 1L << 62, 0).elementCount()).isZero();
  }

  @Test
  void dtypeNames() {
    assertThat(DType.fromSafetensorsName("BF16")).contains(DType.BF16);
    assertThat(DType.fromSafetensorsName("bf16")).isEmpty();
    assertThat(DType.fromNumpyDescr("<f2")).contains(DType.F16);
    assertThat(DType.fromNumpyDescr(">f4")).isEmpty();
    assertThat(DType.BF16.numpyDescr()).isEmpty();
    assertThat(DType.F64.byteSize()).isEqualTo(8);
  }
}
