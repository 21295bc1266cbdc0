package dev.netc.bench.report;

import java.util.Map;

/**
 * One JMH result: a benchmark method at one set of parameters.
 *
 * @param benchmark the benchmark class's simple name, e.g. {@code DenseBenchmark}
 * @param method the benchmark method, e.g. {@code netc}
 * @param params the JMH parameters, e.g. {@code workload=mlp_s/32, threads=1}
 * @param secondsPerOp the median of the measured iterations, in seconds per operation
 */
public record Timing(String benchmark, String method, Map<String, String> params, double secondsPerOp) {
  /** The {@code workload} parameter, or null for a benchmark without one. */
  public String workload() {
    return params.get("workload");
  }

  /** The {@code threads} parameter, 1 when absent. */
  public int threads() {
    String t = params.get("threads");
    return t == null ? 1 : Integer.parseInt(t);
  }
}
