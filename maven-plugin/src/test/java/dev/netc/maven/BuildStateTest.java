package dev.netc.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildStateTest {
  @TempDir Path dir;

  @Test
  void readsBackWhatItWrites() throws Exception {
    BuildState state = new BuildState("abc123", new TreeMap<>(Map.of(
        "src/main/nn/with space/a.nn", new BuildState.SpecRecord(
            List.of(new FileStamp("src/main/nn/with space/a.nn", 12, 345, "d1"),
                new FileStamp("../weights/a b.safetensors", -1, -1, FileStamp.ABSENT)),
            List.of("target/generated-sources/netc/with/A.java")),
        "src/main/nn/b.nn", new BuildState.SpecRecord(List.of(), List.of()))));
    Path file = dir.resolve("state");
    Files.writeString(file, state.format());

    assertThat(BuildState.read(file)).isEqualTo(state);
  }

  @Test
  void aMissingOrForeignFileIsTheEmptyState() throws Exception {
    assertThat(BuildState.read(dir.resolve("none"))).isEqualTo(BuildState.empty());
    Files.writeString(dir.resolve("other"), "netc-maven-plugin state 1\nfingerprint x\ninput 1 2\n");
    assertThat(BuildState.read(dir.resolve("other"))).isEqualTo(BuildState.empty());
  }
}
