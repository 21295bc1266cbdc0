package dev.netc.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The post-processor on a small results file in JMH's JSON format. */
class ReportTest {
  private static String result(String benchmark, String params, String unit, String rawData) {
    return """
        {"jmhVersion": "1.37", "benchmark": "dev.netc.bench.%s", "mode": "avgt", "threads": 1,
         "forks": 1, "jvm": "/usr/bin/java", "jvmArgs": [], "jdkVersion": "25", "vmName": "OpenJDK 64-Bit Server VM",
         "vmVersion": "25+36", "warmupIterations": 2, "warmupTime": "1 s", "warmupBatchSize": 1,
         "measurementIterations": 3, "measurementTime": "1 s", "measurementBatchSize": 1,
         "params": {%s},
         "primaryMetric": {"score": 0, "scoreError": 0, "scoreConfidence": [0, 0],
           "scorePercentiles": {}, "scoreUnit": "%s", "rawData": %s},
         "secondaryMetrics": {}}
        """
        .formatted(benchmark, params, unit, rawData);
  }

  private static JmhResults sample() {
    String json =
        "["
            + String.join(
                ",",
                result("DenseBenchmark.netc", "\"workload\": \"gemm_512/512\", \"threads\": \"1\"", "us/op", "[[3000, 2684.354, 9000]]"),
                result("DenseBenchmark.netc", "\"workload\": \"gemm_512/512\", \"threads\": \"2\"", "us/op", "[[1500, 1500, 1500]]"),
                result("DenseBenchmark.ortReusedBuffers", "\"workload\": \"gemm_512/512\", \"threads\": \"1\"", "ms/op", "[[5.368709, 5.368709, 1]]"),
                result("MemoryBandwidthBenchmark.streamingSum", "", "ms/op", "[[10, 10, 10]]"))
            + "]";
    return JmhResults.parse(JsonParser.parseString(json).getAsJsonArray());
  }

  @Test
  void timesAreTheMedianOfTheIterationsInSeconds() {
    JmhResults results = sample();
    assertThat(results.timings()).hasSize(4);
    assertThat(results.timings().get(0).secondsPerOp()).isEqualTo(3000e-6);
    assertThat(results.timings().get(2).secondsPerOp()).isCloseTo(5.368709e-3, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(results.run().iterations())
        .containsExactly("2 x 1 s warm-up, 3 x 1 s measured: netc, ortReusedBuffers, streamingSum");
  }

  @Test
  void thePeakComesFromThePeakBenchmarkWhenNotGiven() {
    String json =
        "["
            + String.join(
                ",",
                result("DenseBenchmark.netc", "\"workload\": \"gemm_512/512\", \"threads\": \"1\"", "us/op", "[[3000, 3000, 3000]]"),
                // 2^20 * 768 FLOPs = 805,306,368 in 4 ms: 201 GFLOP/s; in 5 ms: 161.
                result("PeakBenchmark.fmaPeak", "", "ms/op", "[[4, 4, 4]]"),
                result("PeakBenchmark.tileCeiling", "", "ms/op", "[[5, 5, 5]]"))
            + "]";
    String md = new ResultsReport(JmhResults.parse(JsonParser.parseString(json).getAsJsonArray()), Map.of(), null)
        .markdown("a test CPU", "today");
    assertThat(md).contains("**201 GFLOP/s**").contains(": 161 GFLOP/s, 80.0% of it");
    // 89.48 GFLOP/s of 201.3: 44.4%.
    assertThat(md).contains("netc, % of 201 GFLOP/s").contains("| 44.4% |");
  }

  @Test
  void theTablesGiveGflopsAndRatiosToEachPeer() {
    String md = new ResultsReport(sample(), Map.of("gemm_512/512", 2e-3), 100.0).markdown("a test CPU, 2 cores", "today");
    // 2 * 512^3 = 268,435,456 FLOPs in 3 ms: 89.5 GFLOP/s.
    assertThat(md).contains("| gemm_512/512 | 0.268 | 3.00 ms · 89.5 | 1.50 ms · 179 |");
    // ORT reused buffers, 5.37 ms: 1.79x netc; OpenBLAS 2 ms: 0.667x; 2 threads twice as fast; 89.5% of peak.
    assertThat(md).contains("| 1.79x |").contains("| 0.667x |").contains("| 2.00x | 89.5% |");
    assertThat(md).contains("**26.8 GB/s**").contains("a test CPU, 2 cores").contains("JDK 25");
    assertThat(md).contains("–");
  }

  @Test
  void miniLmGetsItsRowsFromItsOwnBenchmark() {
    String json =
        "["
            + String.join(
                ",",
                result("MiniLmBenchmark.netc", "\"threads\": \"1\", \"workload\": \"minilm/8\"", "ms/op", "[[300, 300, 300]]"),
                result("MiniLmBenchmark.ortReusedBuffers", "\"threads\": \"1\", \"workload\": \"minilm/8\"", "ms/op", "[[330, 330, 330]]"))
            + "]";
    String md = new ResultsReport(JmhResults.parse(JsonParser.parseString(json).getAsJsonArray()), Map.of(), null)
        .markdown("a test CPU", "today");
    // 8 sentences of 2,868,903,936 FLOPs in 300 ms: 76.5 GFLOP/s; ONNX Runtime 1.10 times as long.
    assertThat(md).contains("| minilm/8 | 23.0 | 300 ms · 76.5 |").contains("| 1.10x |");
  }

    @Test
  void theReadmeSectionIsReplacedBetweenTheMarkers() {
    String readme = "intro\n" + Report.BEGIN + "\nold\n" + Report.END + "\noutro\n";
    assertThat(Report.replaceSection(readme, "new\n"))
        .isEqualTo("intro\n" + Report.BEGIN + "\nnew\n" + Report.END + "\noutro\n");
    assertThatThrownBy(() -> Report.replaceSection("no markers", "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
