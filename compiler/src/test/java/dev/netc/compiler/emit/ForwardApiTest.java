package dev.netc.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.netc.compiler.passes.Passes;
import dev.netc.runtime.Workspace;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The generated {@code forward} as a server uses it: buffers allocated once for the largest batch,
 * batches inside larger buffers, and the messages for arrays that are too short.
 *
 * <p>ImageFlip's worked example: x = [1, 0, 1, 1] gives y_hat = [0.1, -0.1, -0.05, -0.25].
 */
class ForwardApiTest {
  private static final float[] X = {1, 0, 1, 1};
  private static final float[] Y = {0.1f, -0.1f, -0.05f, -0.25f};

  private static Object net;
  private static Method intoArrays;
  private static Method fromOffsets;
  private static Method fromOffsetsWithWorkspace;

  @BeforeAll
  static void compile() throws Exception {
    var files = Generate.files(Passes.optimize(Networks.irOfFile(Path.of("../samples/image_flip.nn"))), "api");
    Class<?> type = Generate.load(files).loadClass("api.ImageFlip");
    net = type.getMethod("create").invoke(null);
    intoArrays = type.getMethod("forward", float[].class, int.class, float[].class);
    fromOffsets = type.getMethod("forward", float[].class, int.class, int.class, float[].class, int.class);
    fromOffsetsWithWorkspace = type.getMethod("forward", float[].class, int.class, int.class, float[].class,
        int.class, Workspace.class);
  }

  private static void call(Method m, Object... args) throws Throwable {
    try {
      m.invoke(net, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  @DisplayName("arrays allocated for a larger batch serve a smaller one, and only its rows are written")
  void arraysLongerThanTheBatch() throws Throwable {
    float[] x = new float[4 * 4];
    System.arraycopy(X, 0, x, 0, 4);
    System.arraycopy(X, 0, x, 4, 4);
    float[] y = new float[4 * 4];
    Arrays.fill(y, Float.NaN);
    call(intoArrays, x, 2, y);
    for (int i = 0; i < 8; i++) {
      assertThat(y[i]).isCloseTo(Y[i % 4], within(1e-6f));
    }
    for (int i = 8; i < 16; i++) {
      assertThat(y[i]).as("element %d, beyond the batch", i).isNaN();
    }
  }

  @Test
  @DisplayName("a batch inside larger buffers is read and written from its offsets, and nothing around it changes")
  void batchesAtOffsets() throws Throwable {
    float[] x = new float[5 + 8 + 3];
    Arrays.fill(x, Float.NaN);
    System.arraycopy(X, 0, x, 5, 4);
    System.arraycopy(X, 0, x, 9, 4);
    float[] y = new float[7 + 8 + 2];
    Arrays.fill(y, 42);
    call(fromOffsets, x, 5, 2, y, 7);
    for (int i = 0; i < y.length; i++) {
      if (i >= 7 && i < 15) {
        assertThat(y[i]).isCloseTo(Y[(i - 7) % 4], within(1e-6f));
      } else {
        assertThat(y[i]).as("element %d, outside the batch", i).isEqualTo(42);
      }
    }
    float[] again = new float[17];
    Arrays.fill(again, 42);
    call(fromOffsetsWithWorkspace, x, 5, 2, again, 7, new Workspace());
    assertThat(again).containsExactly(y);
  }

  @Test
  @DisplayName("arrays too short for the batch, null arrays and bad offsets are refused with the shape needed")
  void refusals() {
    assertThatThrownBy(() -> call(intoArrays, new float[7], 2, new float[8]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("x holds 7 floats, but its shape [2, 4] needs 8");
    assertThatThrownBy(() -> call(intoArrays, new float[8], 2, new float[5]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("y_hat holds 5 floats, but its shape [2, 4] needs 8");
    assertThatThrownBy(() -> call(fromOffsets, new float[10], 3, 2, new float[8], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x holds 7 floats from offset 3, but its shape [2, 4] needs 8 from there");
    assertThatThrownBy(() -> call(fromOffsets, new float[10], -1, 2, new float[8], 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the offset of x is -1; it must be 0 or more");
    assertThatThrownBy(() -> call(intoArrays, null, 1, new float[4]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("x is null; expected [1, 4] = 4 floats");
    assertThatThrownBy(() -> call(intoArrays, new float[4], 0, new float[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the run-time dimension N must be at least 1, found 0");
  }
}
