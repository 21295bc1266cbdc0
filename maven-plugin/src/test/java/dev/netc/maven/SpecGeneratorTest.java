package dev.netc.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.runtime.weights.NpyWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecGeneratorTest {
  static final String TINY = """
      /** Passes its input through an identity matrix. */
      network Tiny {
        input x: f32[N, 2]
        param W: f32[2, 2] = [[1, 0], [0, 1]]
        output y = x @ W
      }
      """;

  static final String SCALED = """
      network Scaled {
        weights "scale.npy"
        input x: f32[N, 2]
        param scale: f32[2, 2]
        output y = x @ scale
      }
      """;

  static final String BROKEN = """
      network Broken {
        input x: f32[N, 4]
        param W: f32[5, 2] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        output y = x @ W
      }
      """;

  static final String UNUSED_INPUT = """
      network Spare {
        input x: f32[N, 2]
        input extra: f32[N, 2]
        output y = x * 2
      }
      """;

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void setUp() {
    project = new TestProject(dir);
  }

  @Test
  void generatesEachNetworkIntoItsFoldersPackage() throws Exception {
    project.write("src/main/nn/com/example/tiny.nn", TINY);
    writeScaled(new float[] {1, 2, 3, 4});

    SpecGenerator.Summary summary = project.generate();

    assertThat(summary).isEqualTo(new SpecGenerator.Summary(2, 2, 2, 5, 5, 0));
    assertThat(project.outputs()).containsOnlyKeys(
        "target/generated-sources/netc/com/example/Tiny.java",
        "target/generated-sources/netc/com/example/TinyKernels.java",
        "target/generated-sources/netc/com/example/weights/Scaled.java",
        "target/generated-sources/netc/com/example/weights/ScaledKernels.java",
        "target/generated-resources/netc/com/example/weights/Scaled.safetensors",
        "target/netc/generate-default.state");
    String tiny = Files.readString(project.file("target/generated-sources/netc/com/example/Tiny.java"));
    assertThat(tiny).contains("package com.example;").contains("public final class Tiny")
        // Named relative to the project, so that the source is the same wherever it is built.
        .contains("src/main/nn/com/example/tiny.nn").doesNotContain(dir.toString());
    assertThat(resourceValues()).containsExactly(1, 2, 3, 4);
  }

  /** The values of the weights resource beside the generated class: what fromResource() will load. */
  private float[] resourceValues() throws java.io.IOException {
    try (var file = dev.netc.runtime.weights.WeightFile.open(
        project.file("target/generated-resources/netc/com/example/weights/Scaled.safetensors"))) {
      // Stored as the kernel reads it: 2 x 2 in one panel of 8 columns (256-bit vectors), zero-padded.
      float[] packed = file.readFloats("scale_packed");
      return new float[] {packed[0], packed[1], packed[8], packed[9]};
    }
  }

  @Test
  void anUnchangedBuildWritesNothing() throws Exception {
    project.write("src/main/nn/com/example/tiny.nn", TINY);
    writeScaled(new float[] {1, 2, 3, 4});
    project.generate();
    Map<String, FileTime> before = project.outputs();

    SpecGenerator.Summary again = project.generate();

    assertThat(again).isEqualTo(new SpecGenerator.Summary(2, 0, 0, 0, 0, 0));
    assertThat(project.outputs()).isEqualTo(before);
  }

  @Test
  void aSpecSavedWithoutChangeIsNotGeneratedAgain() throws Exception {
    project.write("src/main/nn/com/example/tiny.nn", TINY);
    project.generate();
    project.age("src/main/nn/com/example/tiny.nn");

    assertThat(project.generate().checked()).isZero();
    // The new time is recorded, so the next build does not read the spec again.
    assertThat(Files.readString(project.file("target/netc/generate-default.state")))
        .contains(String.valueOf(Files.getLastModifiedTime(project.file("src/main/nn/com/example/tiny.nn"))
            .to(java.util.concurrent.TimeUnit.NANOSECONDS)));
  }

  @Test
  void onlyTheChangedSpecIsGeneratedAgain() throws Exception {
    project.write("src/main/nn/com/example/tiny.nn", TINY);
    writeScaled(new float[] {1, 2, 3, 4});
    project.generate();
    project.age("target/generated-sources/netc/com/example/weights/Scaled.java");
    Map<String, FileTime> before = project.outputs();

    project.write("src/main/nn/com/example/tiny.nn", TINY.replace("Passes its input", "Passes x"));
    SpecGenerator.Summary summary = project.generate();

    assertThat(summary.checked()).isEqualTo(1);
    assertThat(summary.written()).isEqualTo(1); // Tiny.java; its kernels came out the same
    TreeMap<String, FileTime> after = project.outputs();
    assertThat(after.get("target/generated-sources/netc/com/example/Tiny.java"))
        .isNotEqualTo(before.get("target/generated-sources/netc/com/example/Tiny.java"));
    assertThat(after.get("target/generated-sources/netc/com/example/weights/Scaled.java"))
        .isEqualTo(before.get("target/generated-sources/netc/com/example/weights/Scaled.java"));
  }

  @Test
  void aChangedWeightsFileRegeneratesItsSpec() throws Exception {
    writeScaled(new float[] {1, 2, 3, 4});
    project.generate();

    writeScaled(new float[] {5, 6, 7, 8});
    SpecGenerator.Summary summary = project.generate();

    assertThat(summary.checked()).isEqualTo(1);
    assertThat(resourceValues()).containsExactly(5, 6, 7, 8);
  }

  @Test
  void aWeightsFileThatArrivesLaterRegeneratesItsSpec() throws Exception {
    project.write("src/main/nn/com/example/weights/scaled.nn", SCALED);
    assertThat(project.generate().networks()).isEqualTo(1);
    assertThat(project.log.at("WARNING")).anyMatch(l -> l.contains("[NN0405]"));
    assertThat(project.file("target/generated-resources/netc/com/example/weights/Scaled.safetensors")).doesNotExist();

    NpyWriter.write(project.file("src/main/nn/com/example/weights/scale.npy"), new float[] {1, 2, 3, 4}, 2, 2);
    assertThat(project.generate().checked()).isEqualTo(1);
    assertThat(project.file("target/generated-resources/netc/com/example/weights/Scaled.safetensors")).exists();
  }

  @Test
  void theOutputsOfADeletedSpecAreDeleted() throws Exception {
    project.write("src/main/nn/com/example/tiny.nn", TINY);
    writeScaled(new float[] {1, 2, 3, 4});
    project.generate();

    Files.delete(project.file("src/main/nn/com/example/weights/scaled.nn"));
    SpecGenerator.Summary summary = project.generate();

    assertThat(summary).isEqualTo(new SpecGenerator.Summary(1, 0, 0, 0, 0, 3));
    assertThat(project.outputs()).containsOnlyKeys(
        "target/generated-sources/netc/com/example/Tiny.java",
        "target/generated-sources/netc/com/example/TinyKernels.java",
        "target/netc/generate-default.state");
    // The package folders it left empty go too.
    assertThat(project.file("target/generated-sources/netc/com/example/weights")).doesNotExist();
    assertThat(project.file("target/generated-resources/netc/com/example")).doesNotExist();
  }

  @Test
  void aRenamedNetworkReplacesItsClasses() throws Exception {
    project.write("src/main/nn/com/example/tiny.nn", TINY);
    project.generate();

    project.write("src/main/nn/com/example/tiny.nn", TINY.replace("network Tiny", "network Small"));
    project.generate();

    assertThat(project.outputs()).containsOnlyKeys(
        "target/generated-sources/netc/com/example/Small.java",
        "target/generated-sources/netc/com/example/SmallKernels.java",
        "target/netc/generate-default.state");
  }

  @Test
  void aDeletedOutputIsGeneratedAgain() throws Exception {
    project.write("src/main/nn/com/example/tiny.nn", TINY);
    project.generate();
    Files.delete(project.file("target/generated-sources/netc/com/example/TinyKernels.java"));

    assertThat(project.generate().written()).isEqualTo(1);
    assertThat(project.file("target/generated-sources/netc/com/example/TinyKernels.java")).exists();
  }

  @Test
  void changedSettingsCheckEverySpecAgain() throws Exception {
    project.write("src/main/nn/com/example/tiny.nn", TINY);
    project.generate();

    project.vectorBits = 512;
    SpecGenerator.Summary summary = project.generate();

    assertThat(summary.checked()).isEqualTo(1);
    assertThat(project.generate().checked()).isZero();
  }

  @Test
  void theConfiguredTileShapesTheKernels() throws Exception {
    project.write("src/main/nn/com/example/tiny.nn", TINY);
    project.generate();
    String kernels = Files.readString(project.file("target/generated-sources/netc/com/example/TinyKernels.java"));
    assertThat(kernels).contains("tiles of up to 12 rows").doesNotContain("Rows13");

    project.tile = "4x4";
    assertThat(project.generate().written()).isEqualTo(1);
    kernels = Files.readString(project.file("target/generated-sources/netc/com/example/TinyKernels.java"));
    assertThat(kernels).contains("tiles of up to 4 rows").doesNotContain("Rows5(");
  }

  @Test
  void fromRelease22TheWeightsLiveOffTheHeap() throws Exception {
    project.write("src/main/nn/com/example/tiny.nn", TINY);
    project.generate();
    String kernels = Files.readString(project.file("target/generated-sources/netc/com/example/TinyKernels.java"));
    assertThat(kernels).contains("FloatVector.fromArray(").doesNotContain("MemorySegment");

    project.release = 22;
    assertThat(project.generate().written()).isEqualTo(2);
    kernels = Files.readString(project.file("target/generated-sources/netc/com/example/TinyKernels.java"));
    assertThat(kernels).contains("FloatVector.fromMemorySegment(S, w, wk, ORDER)").doesNotContain("fromArray(S, w,");
    assertThat(Files.readString(project.file("target/generated-sources/netc/com/example/Tiny.java")))
        .contains("private final MemorySegment ").contains("Arena.ofAuto().allocate(");
  }

  @Test
  void anUnreadableStateChecksEverySpecAgainAndRewritesNothingElse() throws Exception {
    project.write("src/main/nn/com/example/tiny.nn", TINY);
    project.generate();
    project.age("target/generated-sources/netc/com/example/Tiny.java");
    FileTime generated = Files.getLastModifiedTime(project.file("target/generated-sources/netc/com/example/Tiny.java"));
    project.write("target/netc/generate-default.state", "garbage\n");

    SpecGenerator.Summary summary = project.generate();

    assertThat(summary.checked()).isEqualTo(1);
    assertThat(summary.written()).isZero();
    assertThat(Files.getLastModifiedTime(project.file("target/generated-sources/netc/com/example/Tiny.java")))
        .isEqualTo(generated);
  }

  @Test
  void aShapeErrorIsLoggedAtItsPlaceAndNothingIsWritten() throws Exception {
    project.write("src/main/nn/com/example/tiny.nn", TINY);
    Path broken = project.write("src/main/nn/com/example/broken.nn", BROKEN);

    assertThatThrownBy(project::generate)
        .isInstanceOf(SpecProblemsException.class)
        .hasMessageStartingWith("netc: 1 error in 1 spec; nothing was generated.");

    assertThat(project.log.at("ERROR")).contains(
        broken + ":4:18: error: matmul inner dimensions differ: [N, 4] @ [5, 2] [NN0300]");
    assertThat(project.outputs()).isEmpty();
    // Nothing was recorded either: the next build reports the error again.
    project.log.lines.clear();
    assertThatThrownBy(project::generate).isInstanceOf(SpecProblemsException.class);
    assertThat(project.log.at("ERROR")).anyMatch(l -> l.startsWith(broken + ":4:18: error:"));
  }

  @Test
  void warningsAreLoggedAndFailTheBuildOnlyWithFailOnWarning() throws Exception {
    Path spare = project.write("src/main/nn/com/example/spare.nn", UNUSED_INPUT);

    project.generate();
    assertThat(project.log.at("WARNING")).contains(spare + ":3:9: warning: input `extra` is never used [NN0207]");

    project.failOnWarning = true;
    assertThatThrownBy(project::generate)
        .isInstanceOf(SpecProblemsException.class)
        .hasMessageStartingWith("netc: 1 warning in 1 spec (failOnWarning is set)");
  }

  @Test
  void aFolderThatIsNoPackageIsAnErrorOnTheSpec() throws Exception {
    Path spec = project.write("src/main/nn/my-nets/tiny.nn", TINY);

    assertThatThrownBy(project::generate).isInstanceOf(SpecProblemsException.class);
    assertThat(project.log.at("ERROR")).anyMatch(l -> l.startsWith(spec + ":1:1: error: the folder of this spec"
        + " does not name a Java package: `my-nets` is not a Java identifier"));
  }

  @Test
  void aSpecOutsideEveryPackageIsAWarning() throws Exception {
    Path spec = project.write("src/main/nn/tiny.nn", TINY);

    project.generate();

    assertThat(project.log.at("WARNING")).anyMatch(l -> l.startsWith(spec + ":1:1: warning: this spec is not in a package folder"));
    assertThat(project.file("target/generated-sources/netc/Tiny.java")).exists();
  }

  @Test
  void theConfiguredPackageTakesEverySpec() throws Exception {
    project.packageName = Optional.of("org.nets");
    project.write("src/main/nn/a/tiny.nn", TINY);
    project.write("src/main/nn/b/spare.nn", UNUSED_INPUT);

    project.generate();

    assertThat(project.file("target/generated-sources/netc/org/nets/Tiny.java")).exists();
    assertThat(project.file("target/generated-sources/netc/org/nets/Spare.java")).exists();
  }

  @Test
  void twoSpecsThatGenerateTheSameClassAreAnError() throws Exception {
    project.packageName = Optional.of("org.nets");
    project.write("src/main/nn/a/tiny.nn", TINY);
    Path second = project.write("src/main/nn/b/tiny.nn", TINY);

    assertThatThrownBy(project::generate).isInstanceOf(SpecProblemsException.class);
    assertThat(project.log.at("ERROR")).anyMatch(l -> l.startsWith(second + ":2:9: error: network `Tiny` would be"
        + " generated as org.nets.Tiny, which src/main/nn/a/tiny.nn (network Tiny) already generates"));
    assertThat(project.outputs()).isEmpty();
  }

  @Test
  void excludedSpecsAreNotCompiledAndTheirOutputsGo() throws Exception {
    project.write("src/main/nn/com/example/tiny.nn", TINY);
    project.write("src/main/nn/com/example/drafts/broken.nn", BROKEN);
    project.write("src/main/nn/com/example/notes.txt", "not a spec");
    project.excludes = List.of("**/drafts/**");

    assertThat(project.generate().specs()).isEqualTo(1);

    project.excludes = List.of("**/tiny.nn", "**/drafts/**");
    assertThat(project.generate().deleted()).isEqualTo(2);
  }

  @Test
  void noSourceFolderIsNoSpecs() throws Exception {
    assertThat(project.generate()).isEqualTo(new SpecGenerator.Summary(0, 0, 0, 0, 0, 0));
  }

  private void writeScaled(float[] values) throws Exception {
    project.write("src/main/nn/com/example/weights/scaled.nn", SCALED);
    NpyWriter.write(project.file("src/main/nn/com/example/weights/scale.npy"), values, 2, 2);
  }
}
