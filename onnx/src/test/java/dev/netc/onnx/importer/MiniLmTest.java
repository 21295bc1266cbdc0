package dev.netc.onnx.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.netc.compiler.CompiledNetwork;
import dev.netc.compiler.interp.Tensor;
import dev.netc.onnx.OnnxReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * all-MiniLM-L6-v2, the sentence-embedding model LangChain4j ships for Java (a 6-layer BERT
 * encoder exported from PyTorch at opset 11), imported from the published ONNX file and compiled:
 * its {@code last_hidden_state} is ONNX Runtime's on the same inputs, within 1e-4.
 */
class MiniLmTest {
  private static final String MODEL = "all-minilm-l6-v2.onnx";

  @TempDir static Path dir;

  private static byte[] model;
  private static CompiledNetwork network;
  private static Path spec;
  private static OrtEnvironment env;
  private static OrtSession session;

  @BeforeAll
  static void importAndCompile() throws Exception {
    try (InputStream in = MiniLmTest.class.getClassLoader().getResourceAsStream(MODEL)) {
      assertThat(in).as("the model jar on the test class path").isNotNull();
      model = in.readAllBytes();
    }
    OnnxImporter.Imported imported = OnnxImporter.importModel(OnnxReader.read(Path.of(MODEL), model),
        ImportOptions.defaults(), "mini_lm");
    assertThat(imported.parameterValues()).isEqualTo(22_565_376);
    spec = dir.resolve("mini_lm.nn");
    Files.writeString(spec, imported.spec());
    imported.weights().write(dir.resolve("mini_lm.safetensors"));
    network = Fixtures.compile(spec);
    env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    session = env.createSession(model, options);
  }

  @AfterAll
  static void close() throws Exception {
    if (session != null) {
      session.close();
    }
  }

  @Test
  void theSpecShowsTheSixBlocksAsNetcOperations() throws Exception {
    String text = Files.readString(spec);
    assertThat(text).contains("dim d_model = 384", "dim heads = 12", "dim d_ff = 1536",
        "input input_ids: i64[N, T]", "embeddings_position_embeddings_weight[0:T]");
    for (int layer = 0; layer < 6; layer++) {
      assertThat(text).contains("name=\"encoder.layer." + layer + ".attention.self.query\"",
          "name=\"encoder.layer." + layer + ".intermediate.dense\"");
    }
    assertThat(count(text, "scaled_dot_product_attention(")).isEqualTo(6);
    assertThat(count(text, " = layernorm(")).isEqualTo(13);
    assertThat(count(text, " = gelu(")).isEqualTo(6);
    assertThat(text).doesNotContain("erf(", "pow(", "softmax(");
  }

  @Test
  void oneShortSentence() throws Exception {
    // [CLS] hello world [SEP]
    compare(new long[][] {{101, 7592, 2088, 102}}, new long[][] {{1, 1, 1, 1}});
  }

  @Test
  void aBatchOfEightPaddedToDifferentLengths() throws Exception {
    int[] lengths = {5, 17, 9, 32, 2, 24, 13, 31};
    Random random = new Random(42);
    long[][] ids = new long[8][32];
    long[][] mask = new long[8][32];
    for (int b = 0; b < 8; b++) {
      for (int t = 0; t < lengths[b]; t++) {
        ids[b][t] = t == 0 ? 101 : t == lengths[b] - 1 ? 102 : 1000 + random.nextInt(29000);
        mask[b][t] = 1;
      }
    }
    compare(ids, mask);
  }

  @Test
  void twoHundredFiftySixTokens() throws Exception {
    Random random = new Random(7);
    long[][] ids = new long[1][256];
    long[][] mask = new long[1][256];
    for (int t = 0; t < 256; t++) {
      ids[0][t] = t == 0 ? 101 : t == 255 ? 102 : 1000 + random.nextInt(29000);
      mask[0][t] = 1;
    }
    compare(ids, mask);
  }

  @Test
  void longerThanTheModelsPositionsIsAClearError() {
    long[][] ids = new long[1][513];
    long[][] mask = new long[1][513];
    for (int t = 0; t < 513; t++) {
      ids[0][t] = 1000;
      mask[0][t] = 1;
    }
    assertThatThrownBy(() -> netc(ids, mask))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("T is 513")
        .hasMessageContaining("512");
  }

  /**
   * netc's hidden states are ONNX Runtime's within 1e-4 at every position the mask keeps. At padded
   * positions (which mean pooling leaves out) the states are ill-conditioned in float: measured
   * against the reference interpreter in double precision on the batch of eight, ONNX Runtime is
   * off by up to 1.3e-4 there and netc by 2.0e-4, while both stay within 5e-6 at kept positions;
   * so there the bound is 1e-3.
   */
  private static void compare(long[][] ids, long[][] mask) throws Exception {
    float[] ours = netc(ids, mask);
    float[] theirs = onnxRuntime(ids, mask);
    assertThat(ours).hasSameSizeAs(theirs);
    int t = ids[0].length;
    double kept = 0;
    double padded = 0;
    for (int i = 0; i < ours.length; i++) {
      double d = Math.abs(ours[i] - theirs[i]);
      if (mask[i / 384 / t][i / 384 % t] == 1) {
        kept = Math.max(kept, d);
      } else {
        padded = Math.max(padded, d);
      }
    }
    assertThat(kept).as("largest difference from ONNX Runtime where the mask is 1").isLessThanOrEqualTo(1e-4);
    assertThat(padded).as("largest difference from ONNX Runtime at padding").isLessThanOrEqualTo(1e-3);
  }

  private static float[] netc(long[][] ids, long[][] mask) throws Exception {
    Map<String, Tensor> given = new LinkedHashMap<>();
    given.put("input_ids", tensor(ids));
    given.put("attention_mask", tensor(mask));
    given.put("token_type_ids", tensor(new long[ids.length][ids[0].length]));
    Tensor out = Fixtures.runCompiled(network, spec, given).get("last_hidden_state");
    return out.toFloats();
  }

  private static float[] onnxRuntime(long[][] ids, long[][] mask) throws Exception {
    Map<String, OnnxTensor> feed = new LinkedHashMap<>();
    feed.put("input_ids", OnnxTensor.createTensor(env, ids));
    feed.put("attention_mask", OnnxTensor.createTensor(env, mask));
    feed.put("token_type_ids", OnnxTensor.createTensor(env, new long[ids.length][ids[0].length]));
    try (OrtSession.Result result = session.run(feed)) {
      float[][][] v = (float[][][]) result.get(0).getValue();
      float[] flat = new float[v.length * v[0].length * v[0][0].length];
      int k = 0;
      for (float[][] a : v) {
        for (float[] b : a) {
          for (float c : b) {
            flat[k++] = c;
          }
        }
      }
      return flat;
    } finally {
      for (OnnxTensor t : feed.values()) {
        t.close();
      }
    }
  }

  private static Tensor tensor(long[][] v) {
    double[] d = new double[v.length * v[0].length];
    for (int i = 0; i < v.length; i++) {
      for (int j = 0; j < v[0].length; j++) {
        d[i * v[0].length + j] = v[i][j];
      }
    }
    return Tensor.of(new long[] {v.length, v[0].length}, d);
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
