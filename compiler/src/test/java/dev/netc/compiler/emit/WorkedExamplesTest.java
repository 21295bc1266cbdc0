package dev.netc.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.netc.compiler.passes.Passes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The worked examples, hand-checked, through optimized generated code. Tolerance 1e-6 absolute: every
 * value is a short float32 sum of small decimals.
 */
class WorkedExamplesTest {
  private static final String IMAGE_FLIP = """
      network ImageFlip {
        input  x: f32[N, 4]
        input  target: f32[N, 4]
        param  W1: f32[4, 3] = [[0.2, -0.5, 0.1], [-0.3, 0.4, -0.2], [0.1, 0.3, 0.5], [-0.4, 0.2, -0.1]]
        param  b1: f32[3]    = [0.1, -0.1, 0.0]
        param  W2: f32[3, 4] = [[0.3, -0.2, 0.4, 0.1], [-0.1, 0.5, -0.3, 0.2], [0.2, -0.4, 0.1, -0.5]]
        param  b2: f32[4]    = [0.0, 0.1, -0.1, 0.0]
        z1 = x @ W1 + b1
        output h = relu(z1)
        output y_hat = h @ W2 + b2
        output loss = mse(y_hat, target)
        output z = z1 * 1
      }
      """;

  private static Object[] run(String spec, Object... args) throws Exception {
    Object result = Networks.compile(Passes.optimize(Networks.ir(spec))).run(args);
    return result instanceof float[][] many ? many : new Object[] {result};
  }

  @Test
  @DisplayName("ImageFlip: x=[1,0,1,1] gives z1=[0,-0.1,0.5], h=[0,0,0.5], y_hat=[0.1,-0.1,-0.05,-0.25], mse 0.89625")
  void imageFlip() throws Exception {
    Object[] out = run(IMAGE_FLIP, new float[] {1, 0, 1, 1}, new float[] {1, 1, 0, 1}, 1);
    assertThat((float[]) out[0]).containsExactly(new float[] {0, 0, 0.5f}, within(1e-6f));
    assertThat((float[]) out[1]).containsExactly(new float[] {0.1f, -0.1f, -0.05f, -0.25f}, within(1e-6f));
    assertThat(((float[]) out[2])[0]).isCloseTo(0.89625f, within(1e-6f));
    assertThat((float[]) out[3]).containsExactly(new float[] {0, -0.1f, 0.5f}, within(1e-6f));
  }

  @Test
  @DisplayName("ImageFlip without the ReLU folds into one layer and gives y=[0.11,-0.15,-0.02,-0.27]")
  void imageFlipWithoutRelu() throws Exception {
    String spec = IMAGE_FLIP.replace("output h = relu(z1)", "h = z1").replace("output loss = mse(y_hat, target)\n", "")
        .replace("output z = z1 * 1\n", "").replace("input  target: f32[N, 4]\n", "");
    assertThat(Passes.optimize(Networks.ir(spec)).nodes()).filteredOn(n -> n.op() instanceof dev.netc.compiler.ir.Op.Gemm)
        .hasSize(1);
    Object[] out = run(spec, new float[] {1, 0, 1, 1}, 1);
    assertThat((float[]) out[0]).containsExactly(new float[] {0.11f, -0.15f, -0.02f, -0.27f}, within(1e-6f));
  }

  @Test
  @DisplayName("[[200,17]] @ [[1,-3,5],[-2,4,-6]] + [[0.5,1,-1]] = [[166.5,-531,897]], sigmoid [[1,0,1]] without NaN")
  void sigmoidDoesNotOverflow() throws Exception {
    String spec = """
        network Saturate {
          input x: f32[N, 2]
          param W: f32[2, 3] = [[1, -3, 5], [-2, 4, -6]]
          param b: f32[1, 3] = [[0.5, 1, -1]]
          output z = x @ W + b
          output s = sigmoid(z)
        }
        """;
    Object[] out = run(spec, new float[] {200, 17}, 1);
    assertThat((float[]) out[0]).containsExactly(166.5f, -531f, 897f);
    assertThat((float[]) out[1]).containsExactly(1f, 0f, 1f);
  }

  @Test
  @DisplayName("[[1,2,3],[4,5,6]] @ [[7,8],[9,10],[11,12]] = [[58,64],[139,154]], and a batch of four rows")
  void matrixProducts() throws Exception {
    String spec = """
        network Products {
          input a: f32[N, 3]
          param B: f32[3, 2] = [[7, 8], [9, 10], [11, 12]]
          param C: f32[3, 2] = [[.2, .8], [.5, .3], [.7, .1]]
          output ab = a @ B
          output ac = a @ C
        }
        """;
    Object[] small = run(spec, new float[] {1, 2, 3, 4, 5, 6}, 2);
    assertThat((float[]) small[0]).containsExactly(58, 64, 139, 154);
    Object[] batch = run(spec, new float[] {1, .5f, .8f, .3f, .9f, .2f, .7f, .4f, .6f, .1f, .8f, .9f}, 4);
    assertThat((float[]) batch[1]).containsExactly(new float[] {1.01f, 1.03f, 0.65f, 0.53f, 0.76f, 0.74f, 1.05f, 0.41f},
        within(1e-6f));
  }

  @Test
  @DisplayName("one instance serves several threads at once, each with its own workspace, with identical results")
  void sharedBetweenThreads() throws Exception {
    Networks.Live net = Networks.compile(Passes.optimize(Networks.irOfFile(java.nio.file.Path.of("../samples/mlp.nn"))));
    float[] x = new float[784 * 9];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i);
    }
    float[] expected = (float[]) net.run(x, 9);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        results.add(pool.submit(() -> (float[]) net.run(x, 9)));
      }
      for (Future<float[]> f : results) {
        assertThat(f.get()).containsExactly(expected);
      }
    } finally {
      pool.shutdown();
    }
  }
}
