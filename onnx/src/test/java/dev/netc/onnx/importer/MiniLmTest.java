package dev.netc.onnx.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.CompiledNetwork;
import dev.netc.compiler.interp.Tensor;
import dev.netc.onnx.OnnxReader;
import dev.netc.runtime.DType;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** Twenty sentences whose every word is a whole token of the model's vocabulary. */
  private static final List<String> SENTENCES = List.of(
      "the cat sat on the mat", "a dog is running in the park", "i like to drink coffee in the morning",
      "the weather is cold today", "she reads a book every night", "we are going to the beach",
      "the train leaves at noon", "he plays the guitar very well", "this movie was not good",
      "the children are playing outside", "my phone battery is low", "the sun rises in the east",
      "they built a new house", "please close the door", "the market opens early on sunday",
      "the water is too hot to drink", "he forgot his keys at home", "the team won the final game",
      "music makes people happy", "the river flows into the sea");

  @Test
  void eightBitWeightsKeepTheSentenceEmbeddings() throws Exception {
    double[] cosines = cosinesAgainstF32(DType.I8);
    assertThat(Arrays.stream(cosines).min().orElseThrow()).as("the least cosine similarity of 20 sentence "
        + "embeddings with i8 weights to f32's").isGreaterThanOrEqualTo(0.999);
  }

  @Test
  void bfloat16WeightsKeepTheSentenceEmbeddings() throws Exception {
    double[] cosines = cosinesAgainstF32(DType.BF16);
    assertThat(Arrays.stream(cosines).min().orElseThrow()).as("the least cosine similarity of 20 sentence "
        + "embeddings with bf16 weights to f32's").isGreaterThanOrEqualTo(0.9999);
  }

  /**
   * The cosine similarity of each sentence's embedding (the hidden states averaged over its tokens,
   * then L2-normalized) from the network compiled with {@code --weights storage} to the one from
   * the f32 network, printed with their least and mean.
   */
  private static double[] cosinesAgainstF32(DType storage) throws Exception {
    Map<String, Integer> vocab = vocabulary();
    int length = SENTENCES.stream().mapToInt(s -> s.split(" ").length).max().orElseThrow() + 2;
    long[][] ids = new long[SENTENCES.size()][length];
    long[][] mask = new long[SENTENCES.size()][length];
    for (int s = 0; s < SENTENCES.size(); s++) {
      String[] words = SENTENCES.get(s).split(" ");
      ids[s][0] = vocab.get("[CLS]");
      mask[s][0] = 1;
      for (int w = 0; w < words.length; w++) {
        assertThat(vocab.containsKey(words[w])).as("%s is a token of the vocabulary", words[w]).isTrue();
        ids[s][w + 1] = vocab.get(words[w]);
        mask[s][w + 1] = 1;
      }
      ids[s][words.length + 1] = vocab.get("[SEP]");
      mask[s][words.length + 1] = 1;
    }
    CompiledNetwork compressed = Fixtures.compile(spec,
        CompileOptions.builder().packageName("test.imported").weights(storage.spelling()).build());
    float[] exact = netc(network, ids, mask);
    float[] approximate = netc(compressed, ids, mask);
    double[] cosines = new double[SENTENCES.size()];
    for (int s = 0; s < cosines.length; s++) {
      cosines[s] = cosine(embedding(exact, mask, s), embedding(approximate, mask, s));
    }
    System.out.printf(Locale.ROOT, "all-MiniLM-L6-v2 with %s weights: cosine similarity to f32 over %d sentences: "
        + "least %.6f, mean %.6f%n", storage.spelling(), cosines.length, Arrays.stream(cosines).min().orElseThrow(),
        Arrays.stream(cosines).average().orElseThrow());
    return cosines;
  }

  /** Sentence {@code s}'s embedding: its hidden states averaged where the mask is 1, L2-normalized. */
  private static double[] embedding(float[] hidden, long[][] mask, int s) {
    int t = mask[0].length;
    double[] sum = new double[384];
    int tokens = 0;
    for (int p = 0; p < t; p++) {
      if (mask[s][p] == 1) {
        tokens++;
        for (int d = 0; d < 384; d++) {
          sum[d] += hidden[(s * t + p) * 384 + d];
        }
      }
    }
    double norm = 0;
    for (int d = 0; d < 384; d++) {
      sum[d] /= tokens;
      norm += sum[d] * sum[d];
    }
    for (int d = 0; d < 384; d++) {
      sum[d] /= Math.sqrt(norm);
    }
    return sum;
  }

  private static double cosine(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  /** The WordPiece vocabulary of the model's tokenizer.json, from its jar: token to id. */
  private static Map<String, Integer> vocabulary() throws Exception {
    String json;
    try (InputStream in = MiniLmTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
      assertThat(in).as("the tokenizer on the test class path").isNotNull();
      json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    // The vocabulary is the file's last object: every "token": id after its key is an entry.
    Matcher m = Pattern.compile("\"([^\"\\\\]+)\":\\s*(\\d+)").matcher(json.substring(json.indexOf("\"vocab\"")));
    Map<String, Integer> ids = new HashMap<>();
    while (m.find()) {
      ids.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    assertThat(ids).hasSizeGreaterThan(30_000);
    return ids;
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
    return netc(network, ids, mask);
  }

  private static float[] netc(CompiledNetwork network, long[][] ids, long[][] mask) throws Exception {
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
