package dev.netc.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.netc.runtime.weights.NpyWriter;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The server's answers, asked with the JDK's HttpClient: what the page gets, and what a bad request gets. */
class PlaygroundServerTest {
  static final String IMAGE_FLIP = """
      network ImageFlip {
        input  x: f32[N, 4]
        param  W1: f32[4, 3] = [[0.2, -0.5, 0.1], [-0.3, 0.4, -0.2], [0.1, 0.3, 0.5], [-0.4, 0.2, -0.1]]
        param  b1: f32[3]    = [0.1, -0.1, 0.0]
        param  W2: f32[3, 4] = [[0.3, -0.2, 0.4, 0.1], [-0.1, 0.5, -0.3, 0.2], [0.2, -0.4, 0.1, -0.5]]
        param  b2: f32[4]    = [0.0, 0.1, -0.1, 0.0]
        h = relu(x @ W1 + b1)
        output y_hat = h @ W2 + b2
      }
      """;

  static final String TRANSPOSED = """
      network T {
        input x: f32[N, 4]
        param W: f32[6, 4] = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [1, 1, 0, 0], [0, 0, 1, 1]]
        output y = relu(x @ W)
      }
      """;

  static PlaygroundServer server;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    server = PlaygroundServer.start("127.0.0.1", 0, Limits.defaults());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Answer(int status, String body, HttpResponse<String> response) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return (Map<String, Object>) Json.parse(body);
    }
  }

  static Answer get(String path) throws Exception {
    return send(HttpRequest.newBuilder(server.uri().resolve(path)).GET().build());
  }

  static Answer post(String path, Object json) throws Exception {
    return post(path, Json.write(json), "application/json");
  }

  static Answer post(String path, String body, String type) throws Exception {
    return send(HttpRequest.newBuilder(server.uri().resolve(path)).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  static Answer send(HttpRequest request) throws Exception {
    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body(), response);
  }

  @SuppressWarnings("unchecked")
  static <T> T at(Object value, Object... path) {
    for (Object step : path) {
      value = step instanceof Integer i ? ((List<Object>) value).get(i) : ((Map<String, Object>) value).get(step);
    }
    return (T) value;
  }

  /** A refusal: its status, a one-line message, and nothing of the server's insides. */
  static void refused(Answer answer, int status, String containing) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.response().headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/json"));
    assertThat((String) answer.json().get("error")).contains(containing);
    assertThat(answer.body()).doesNotContain("at dev.netc", "Exception", "\\tat ");
  }

  @Test
  @DisplayName("the page, its scripts and CodeMirror are served from the jar, with a policy that runs no other script")
  void servesThePage() throws Exception {
    Answer page = get("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("netc playground", "/webjars/codemirror/lib/codemirror.js");
    assertThat(page.response().headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        p -> assertThat(p).contains("default-src 'self'"));
    for (String path : List.of("/static/app.js", "/static/nn-mode.js", "/static/app.css",
        "/webjars/codemirror/lib/codemirror.js", "/webjars/codemirror/addon/lint/lint.js")) {
      assertThat(get(path).status()).as(path).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("the drop-down offers every sample, with the seeds' worked examples")
  void listsSamples() throws Exception {
    List<String> samples = at(get("/api/samples").json(), "samples");
    assertThat(samples).contains("image_flip.nn", "mlp.nn", "errors/matmul_transpose_right.nn",
        "errors/bias_per_sample.nn");
    assertThat(samples.get(0)).doesNotContain("/");
    Answer flip = get("/api/samples/image_flip.nn");
    assertThat(flip.status()).isEqualTo(200);
    assertThat(flip.body()).contains("network ImageFlip");
    refused(get("/api/samples/nothing.nn"), 404, "no sample");
    refused(get("/api/samples/../pom.xml"), 404, "no such page");
  }

  @Test
  @DisplayName("every sample of the drop-down is answered: its diagnostics, and for a clean one its summary, graph and code")
  void checksEverySample() throws Exception {
    List<String> samples = at(get("/api/samples").json(), "samples");
    for (String sample : samples) {
      Answer answer = post("/api/check", Map.of("spec", get("/api/samples/" + sample).body()));
      assertThat(answer.status()).as(sample + ": " + answer.body()).isEqualTo(200);
      Map<String, Object> report = answer.json();
      if (!(Boolean) report.get("errors")) {
        assertThat((List<?>) at(report, "networks")).as(sample).isNotEmpty();
        assertThat((String) at(report, "networks", 0, "summary")).as(sample).contains("Total params:");
        assertThat((List<?>) at(report, "networks", 0, "java")).as(sample).hasSize(2);
        assertThat((String) at(report, "graph")).as(sample).contains("<svg");
      }
    }
    Map<String, Object> bias = post("/api/check",
        Map.of("spec", get("/api/samples/errors/bias_per_sample.nn").body())).json();
    List<Map<String, Object>> fixes = at(bias, "diagnostics", 0, "fixes");
    assertThat(fixes).extracting(f -> f.get("title")).contains("", "Reshape b to [32, 1]");
  }

  @Test
  @DisplayName("a transposed weight is reported as netc check reports it, at its line and column, with its fix")
  void checksWithDiagnostics() throws Exception {
    Map<String, Object> report = post("/api/check", Map.of("spec", TRANSPOSED)).json();
    List<Object> diagnostics = at(report, "diagnostics");
    assertThat(diagnostics).hasSize(1);
    assertThat((String) at(diagnostics, 0, "code")).isEqualTo("NN0300");
    assertThat((Object) at(diagnostics, 0, "line")).isEqualTo(4.0);
    assertThat((Object) at(diagnostics, 0, "column")).isEqualTo(23.0);
    assertThat((String) at(diagnostics, 0, "text")).contains("error[NN0300]: matmul inner dimensions differ",
        "--> playground.nn:4:23");
    assertThat((String) at(diagnostics, 0, "fixes", 0, "title")).isEqualTo("Transpose W");
    assertThat((String) at(diagnostics, 0, "fixes", 0, "edits", 0, "newText")).isEqualTo(".T");
    assertThat((Boolean) at(report, "errors")).isTrue();
    assertThat((String) at(report, "graph")).as("what checked is drawn, with the failed statement").contains("<svg");
    assertThat((List<?>) at(report, "networks")).isEmpty();
  }

  @Test
  @DisplayName("a clean spec gets each statement's shape, its summary and both generated classes")
  void checksCleanSpec() throws Exception {
    Map<String, Object> report = post("/api/check", Map.of("spec", IMAGE_FLIP)).json();
    assertThat((List<?>) at(report, "diagnostics")).isEmpty();
    List<Map<String, Object>> shapes = at(report, "shapes");
    assertThat(shapes).extracting(s -> s.get("name") + ": " + s.get("type"))
        .contains("x: f32[N, 4]", "h: f32[N, 3]", "y_hat: f32[N, 4]");
    assertThat((Object) at(report, "networks", 0, "totalParams")).isEqualTo(31.0);
    assertThat((String) at(report, "networks", 0, "summary")).contains("Total params: 31");
    assertThat((String) at(report, "graph")).startsWith("<svg").contains("y_hat");
    List<Map<String, Object>> java = at(report, "networks", 0, "java");
    assertThat(java).extracting(f -> f.get("path"))
        .containsExactly("netc/playground/ImageFlip.java", "netc/playground/ImageFlipKernels.java");
  }

  @Test
  @DisplayName("Run computes the output with the generated class, from a nested list or a .npy upload")
  void runs() throws Exception {
    double[] expected = {0.1, -0.1, -0.05, -0.25};
    Answer answer = post("/api/run", Map.of("spec", IMAGE_FLIP, "inputs", Map.of("x", List.of(List.of(1, 0, 1, 1)))));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    List<Double> row = at(answer.json(), "outputs", 0, "data", 0);
    assertThat((String) at(answer.json(), "outputs", 0, "type")).isEqualTo("f32[1, 4]");
    for (int i = 0; i < 4; i++) {
      assertThat(row.get(i)).isCloseTo(expected[i], within(1e-6));
    }
    String npy = Base64.getEncoder().encodeToString(NpyWriter.toBytes(new float[] {1, 0, 1, 1}, 1, 4));
    Answer uploaded = post("/api/run", Map.of("spec", IMAGE_FLIP, "inputs", Map.of("x", Map.of("npy", npy))));
    assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
    assertThat((Object) at(uploaded.json(), "outputs")).isEqualTo(at(answer.json(), "outputs"));
  }

  @Test
  @DisplayName("inputs that do not fit are refused with a message")
  void refusesBadInputs() throws Exception {
    refused(post("/api/run", Map.of("spec", IMAGE_FLIP, "inputs", Map.of())), 400, "no value for input x");
    refused(post("/api/run", Map.of("spec", IMAGE_FLIP, "inputs", Map.of("x", List.of(List.of(1, 0), List.of(1))))),
        400, "not rectangular");
    refused(post("/api/run", Map.of("spec", IMAGE_FLIP, "inputs", Map.of("x", List.of(List.of(1, 0, 1))))),
        422, "");
    refused(post("/api/run", Map.of("spec", IMAGE_FLIP, "inputs", Map.of("x", Map.of("npy", "bm90IG5weQ==")))),
        400, "input x:");
    refused(post("/api/run", Map.of("spec", TRANSPOSED, "inputs", Map.of())), 422, "the spec has errors");
    refused(post("/api/run", Map.of("spec", IMAGE_FLIP, "inputs", Map.of("x",
        Collections.nCopies(1100, Collections.nCopies(1000, 0))))), 413, "takes at most 1048576");
  }

  @Test
  @DisplayName("a weights file a spec names is never opened: its shapes go unchecked, with the usual warning")
  void opensNoWeightsFile() throws Exception {
    String spec = """
        network Mlp {
          weights "../samples/mlp.safetensors"
          input x: f32[N, 784]
          output y = dense(x, 128, relu, layout=out_in, name="fc1")
        }
        """;
    Map<String, Object> report = post("/api/check", Map.of("spec", spec)).json();
    assertThat((String) at(report, "diagnostics", 0, "code")).isEqualTo("NN0405");
    List<Map<String, Object>> java = at(report, "networks", 0, "java");
    assertThat(java).hasSize(2);
    refused(post("/api/run", Map.of("spec", spec, "inputs", Map.of("x", List.of()))), 422, "never opens");
  }

  @Test
  @DisplayName("malformed, misdirected and oversized requests get a 4xx and a message, never a stack trace")
  void refusesBadRequests() throws Exception {
    refused(get("/nowhere"), 404, "no such page");
    refused(get("/api/check"), 405, "takes POST");
    assertThat(get("/api/check").response().headers().firstValue("Allow")).hasValue("POST");
    refused(post("/", Map.of()), 405, "takes GET");
    refused(post("/api/check", "{\"spec\": ", "application/json"), 400, "malformed JSON");
    refused(post("/api/check", "[1, 2]", "application/json"), 400, "JSON object");
    refused(post("/api/check", Map.of("text", "network")), 400, "`spec`");
    refused(post("/api/check", "spec=network", "application/x-www-form-urlencoded"), 415, "application/json");
    refused(post("/api/check", "[".repeat(10_000), "application/json"), 400, "nested deeper");
    refused(post("/api/check", Map.of("spec", "#".repeat(300_000))), 413, "up to 256 KiB");
    refused(post("/api/check", "\"" + "x".repeat(9 << 20) + "\"", "application/json"), 413, "limit of 8192 KiB");
  }

  @Test
  @DisplayName("a request naming another host is refused: a site that resolves its name to 127.0.0.1 gets nothing")
  void refusesOtherHosts() throws Exception {
    // HttpClient will not set Host itself.
    try (Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
      socket.getOutputStream().write("GET /api/samples HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 403").contains("answers only to localhost").doesNotContain("samples\"");
    }
  }

  @Test
  @DisplayName("a check that takes longer than the limit is stopped with 503")
  void boundsTime() throws Exception {
    try (PlaygroundServer hurried = PlaygroundServer.start("127.0.0.1", 0, Limits.defaults()
        .withTimeout(Duration.ofMillis(1)))) {
      HttpRequest request = HttpRequest.newBuilder(hurried.uri().resolve("/api/check"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("spec", IMAGE_FLIP.repeat(20))))).build();
      refused(send(request), 503, "the playground's limit");
    }
  }
}
