package dev.netc.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints the Markdown report of a JMH results file and, with {@code --readme}, writes it into that
 * file between the {@value #BEGIN} and {@value #END} markers.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.netc.bench.report.Report results.json \
 *     [--readme benchmarks/README.md] [--openblas openblas.txt] [--peak-gflops 114.6]
 * </pre>
 *
 * <p>{@code --openblas} names a file of {@code workload seconds} lines, as the NumPy command in the
 * README prints them; {@code --peak-gflops} adds a column with netc's share of that peak.
 */
public final class Report {
  /** The marker before the generated section of the README. */
  public static final String BEGIN = "<!-- results:begin -->";
  /** The marker after it. */
  public static final String END = "<!-- results:end -->";

  private Report() {}

  /** Runs the post-processor; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    Path results = null;
    Path readme = null;
    Map<String, Double> openBlas = new HashMap<>();
    Double peak = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--readme" -> readme = Path.of(value(args, ++i));
        case "--openblas" -> openBlas = readOpenBlas(Path.of(value(args, ++i)));
        case "--peak-gflops" -> peak = Double.valueOf(value(args, ++i));
        default -> {
          if (results != null || args[i].startsWith("--")) {
            usage("unexpected argument " + args[i]);
          }
          results = Path.of(args[i]);
        }
      }
    }
    if (results == null) {
      usage("no results file");
    }
    String date =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .format(Files.getLastModifiedTime(results).toInstant().atOffset(ZoneOffset.UTC));
    String report = new ResultsReport(JmhResults.read(results), openBlas, peak).markdown(machine(), date);
    System.out.print(report);
    if (readme != null) {
      Files.writeString(readme, replaceSection(Files.readString(readme), report));
      System.err.println("wrote the results into " + readme);
    }
  }

  /** {@code text} with what lies between the markers replaced by {@code section}. */
  public static String replaceSection(String text, String section) {
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("the README lacks the markers " + BEGIN + " and " + END);
    }
    return text.substring(0, begin + BEGIN.length()) + "\n" + section + text.substring(end);
  }

  /** Reads {@code workload seconds} lines; blank lines and lines starting with # are skipped. */
  static Map<String, Double> readOpenBlas(Path file) {
    Map<String, Double> seconds = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] parts = trimmed.split("\\s+");
        seconds.put(parts[0], Double.valueOf(parts[1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return seconds;
  }

  /** The CPU model and core count, as this machine reports them: run the report where you measured. */
  static String machine() {
    String cpu = "an unknown CPU";
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String line : lines) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).strip();
          break;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // Not Linux: the core count alone still says something.
    }
    return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores";
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      usage(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static void usage(String problem) {
    System.err.println("report: " + problem);
    System.err.println(
        "usage: Report RESULTS.json [--readme README.md] [--openblas FILE] [--peak-gflops GFLOPS]");
    System.exit(2);
  }
}
