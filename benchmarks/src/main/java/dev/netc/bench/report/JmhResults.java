package dev.netc.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the JSON file JMH writes with {@code -rf json}. */
public final class JmhResults {
  private final List<Timing> timings;
  private final RunInfo run;

  private JmhResults(List<Timing> timings, RunInfo run) {
    this.timings = timings;
    this.run = run;
  }

  /** Reads a results file. */
  public static JmhResults read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      return parse(JsonParser.parseReader(reader).getAsJsonArray());
    }
  }

  /** Parses the results array. */
  public static JmhResults parse(JsonArray results) {
    List<Timing> timings = new ArrayList<>();
    Map<String, Set<String>> methodsBySetting = new LinkedHashMap<>();
    RunInfo first = null;
    for (JsonElement element : results) {
      JsonObject r = element.getAsJsonObject();
      Timing timing = timing(r);
      timings.add(timing);
      methodsBySetting.computeIfAbsent(iterationSetting(r), k -> new LinkedHashSet<>()).add(timing.method());
      if (first == null) {
        String jdk = r.get("jdkVersion").getAsString() + " (" + r.get("vmName").getAsString() + " "
            + r.get("vmVersion").getAsString() + ")";
        first = new RunInfo(jdk, List.of(), r.get("forks").getAsInt());
      }
    }
    List<String> iterations = new ArrayList<>();
    methodsBySetting.forEach((setting, methods) -> iterations.add(setting + ": " + String.join(", ", methods)));
    RunInfo run = first == null ? null : new RunInfo(first.jdk(), List.copyOf(iterations), first.forks());
    return new JmhResults(List.copyOf(timings), run);
  }

  /** One result's benchmark, parameters and median time. */
  private static Timing timing(JsonObject r) {
    String[] qualified = r.get("benchmark").getAsString().split("\\.");
    Map<String, String> params = new LinkedHashMap<>();
    if (r.has("params")) {
      r.getAsJsonObject("params").entrySet().forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
    }
    JsonObject metric = r.getAsJsonObject("primaryMetric");
    double seconds = median(metric.getAsJsonArray("rawData")) * secondsPer(metric.get("scoreUnit").getAsString());
    return new Timing(qualified[qualified.length - 2], qualified[qualified.length - 1], params, seconds);
  }

  /** The iterations a result ran, e.g. {@code 3 x 1 s warm-up, 4 x 1 s measured}. */
  private static String iterationSetting(JsonObject r) {
    return r.get("warmupIterations").getAsInt() + " x " + r.get("warmupTime").getAsString() + " warm-up, "
        + r.get("measurementIterations").getAsInt() + " x " + r.get("measurementTime").getAsString()
        + " measured";
  }

  /** Every result, in the file's order. */
  public List<Timing> timings() {
    return timings;
  }

  /** How the run was made; null for an empty file. */
  public RunInfo run() {
    return run;
  }

  /** The median of all measured iterations of all forks. */
  static double median(JsonArray rawData) {
    double[] scores =
        rawData.asList().stream()
            .flatMap(fork -> fork.getAsJsonArray().asList().stream())
            .mapToDouble(JsonElement::getAsDouble)
            .toArray();
    if (scores.length == 0) {
      throw new IllegalArgumentException("a result without measured iterations");
    }
    Arrays.sort(scores);
    int mid = scores.length / 2;
    return scores.length % 2 == 1 ? scores[mid] : (scores[mid - 1] + scores[mid]) / 2;
  }

  /** Seconds per unit of a time-per-operation score unit such as {@code us/op}. */
  static double secondsPer(String scoreUnit) {
    return switch (scoreUnit) {
      case "s/op" -> 1;
      case "ms/op" -> 1e-3;
      case "us/op" -> 1e-6;
      case "ns/op" -> 1e-9;
      default -> throw new IllegalArgumentException(
          "the report reads time per operation (-bm avgt or ss), not " + scoreUnit);
    };
  }
}
