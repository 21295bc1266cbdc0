package dev.netc.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmitterSmokeTest {
  @Test
  void imageFlipRunsAndGivesTheWorkedExample() throws Exception {
    Networks.Live net = Networks.compile(Networks.irOfFile(Path.of("../samples/image_flip.nn")));
    float[] y = (float[]) net.run(new float[] {1, 0, 1, 1}, 1);
    assertThat(y).containsExactly(new float[] {0.1f, -0.1f, -0.05f, -0.25f}, within(1e-6f));
  }
}
