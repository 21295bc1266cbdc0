package dev.netc.onnx.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --dim}: a symbolic ONNX dimension fixed to a size or given a name, through the shape arithmetic. */
class DimsTest {
  @TempDir Path dir;

  @Test
  void symbolicDimensionsBecomeNThenT() throws Exception {
    String spec = Files.readString(Fixtures.importInto("mlp_matmul", dir));
    assertThat(spec).contains("input x: f32[N, T, 20]    # batch is N; sequence is T");
  }

  @Test
  void aFixedSizeFlowsThroughTheShapeArithmetic() throws Exception {
    ImportOptions two = new ImportOptions(Optional.empty(), Map.of("batch", "2"));
    String spec = Files.readString(Fixtures.importInto("ops/shape_arithmetic", dir, two));
    assertThat(spec).contains("input x: f32[2, 3, 4]").contains("reshape(x, [2, 12])");
  }

  @Test
  void aNameGivenIsUsed() throws Exception {
    ImportOptions named = new ImportOptions(Optional.empty(), Map.of("batch", "B", "sequence", "S"));
    String spec = Files.readString(Fixtures.importInto("mlp_matmul", dir, named));
    assertThat(spec).contains("input x: f32[B, S, 20]    # batch is B; sequence is S");
  }

  @Test
  void runTimeSizesStaySymbolicInReshapes() throws Exception {
    String spec = Files.readString(Fixtures.importInto("ops/shape_arithmetic", dir));
    assertThat(spec).contains("reshape(x, [N, 12])");
  }
}
