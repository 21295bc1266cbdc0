package dev.netc.bench.report;

import static dev.netc.bench.report.Implementation.NETC_1;
import static dev.netc.bench.report.Implementation.NETC_2;
import static dev.netc.bench.report.Implementation.ORT_NEW_1;
import static dev.netc.bench.report.Implementation.ORT_NEW_2;
import static dev.netc.bench.report.Implementation.ORT_REUSED_1;
import static dev.netc.bench.report.Implementation.ORT_REUSED_2;
import static dev.netc.bench.report.Implementation.SCALAR;
import static dev.netc.bench.report.Implementation.VECTOR_LOOP;

import dev.netc.bench.MemoryBandwidthBenchmark;
import dev.netc.bench.PeakBenchmark;
import dev.netc.bench.Network;
import dev.netc.bench.Workload;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Markdown report of one JMH run: a table of time per forward pass and GFLOP/s per workload
 * and implementation, a table of how many times faster netc is than each peer, and the memory
 * bandwidth with the weight-streaming floor of MLP-L at batch 1.
 */
public final class ResultsReport {
  private static final String MISSING = "–";

  private final JmhResults results;
  private final Map<String, Double> openBlas;
  private Double peakGflops;
  private Double fmaPeakSeconds;
  private Double tileCeilingSeconds;
  private final Map<String, Map<Implementation, Double>> seconds = new HashMap<>();
  private Double bandwidthSeconds;

  /**
   * @param openBlas seconds per product of NumPy's matmul on one OpenBLAS thread, by workload id
   *     (may be empty)
   * @param peakGflops the machine's single-core FP32 peak for a "% of peak" column, or null to take
   *     it from {@code PeakBenchmark.fmaPeak} when the results hold it
   */
  public ResultsReport(JmhResults results, Map<String, Double> openBlas, Double peakGflops) {
    this.results = results;
    this.openBlas = Map.copyOf(openBlas);
    this.peakGflops = peakGflops;
    for (Timing m : results.timings()) {
      Implementation impl = Implementation.of(m);
      if (m.workload() != null && impl != null) {
        seconds.computeIfAbsent(m.workload(), w -> new EnumMap<>(Implementation.class)).put(impl, m.secondsPerOp());
      } else if (m.benchmark().equals(MemoryBandwidthBenchmark.class.getSimpleName())) {
        bandwidthSeconds = m.secondsPerOp();
      } else if (m.benchmark().equals(PeakBenchmark.class.getSimpleName())) {
        if (m.method().equals("fmaPeak")) {
          fmaPeakSeconds = m.secondsPerOp();
        } else if (m.method().equals("tileCeiling")) {
          tileCeilingSeconds = m.secondsPerOp();
        }
      }
    }
    if (this.peakGflops == null && fmaPeakSeconds != null) {
      this.peakGflops = PeakBenchmark.FLOPS / fmaPeakSeconds / 1e9;
    }
  }

  /** The report, headed by a line that says where and how it was measured. */
  public String markdown(String machine, String date) {
    StringBuilder out = new StringBuilder();
    RunInfo run = results.run();
    out.append("Measured ").append(date).append(" on ").append(machine);
    if (run != null) {
      out.append(", JDK ")
          .append(run.jdk())
          .append("; JMH, ")
          .append(run.forks())
          .append(run.forks() == 1 ? " fork" : " forks")
          .append(" per case, ")
          .append(String.join("; ", run.iterations()));
    }
    out.append(". Each time is the median of the measured iterations, for one forward pass.\n\n");
    out.append("#### Time per forward pass · GFLOP/s\n\n").append(timeTable().markdown()).append('\n');
    out.append("#### How many times faster netc is\n\n")
        .append("Peer time / netc time (above 1: netc is faster). Single-thread peers are compared with ")
        .append("netc on one thread, two-thread ONNX Runtime with netc on two.\n\n")
        .append(ratioTable().markdown());
    String peak = peakParagraph();
    if (peak != null) {
      out.append('\n').append("#### One core's FP32 peak\n\n").append(peak).append('\n');
    }
    String floor = bandwidthParagraph();
    if (floor != null) {
      out.append('\n').append("#### Memory bandwidth and the MLP-L batch-1 floor\n\n").append(floor).append('\n');
    }
    return out.toString();
  }

  private Table timeTable() {
    List<String> header = new ArrayList<>(List.of("workload", "GFLOP"));
    for (Implementation i : Implementation.values()) {
      header.add(i.label());
    }
    boolean blas = !openBlas.isEmpty();
    if (blas) {
      header.add("OpenBLAS (NumPy), 1 thread");
    }
    Table table = new Table(header);
    for (Workload w : Workload.ALL) {
      Map<Implementation, Double> times = seconds.get(w.id());
      if (times == null) {
        continue;
      }
      List<String> row = new ArrayList<>(List.of(w.id(), Units.significant(w.flops() / 1e9)));
      for (Implementation i : Implementation.values()) {
        row.add(cell(w, times.get(i)));
      }
      if (blas) {
        row.add(cell(w, openBlas.get(w.id())));
      }
      table.row(row);
    }
    return table;
  }

  private static String cell(Workload w, Double s) {
    return s == null ? MISSING : Units.time(s) + " · " + Units.gflops(w.flops(), s);
  }

  private Table ratioTable() {
    boolean blas = !openBlas.isEmpty();
    List<String> header =
        new ArrayList<>(
            List.of(
                "workload",
                "vs " + SCALAR.label(),
                "vs " + VECTOR_LOOP.label(),
                "vs " + ORT_NEW_1.label(),
                "vs " + ORT_REUSED_1.label()));
    if (blas) {
      header.add("vs OpenBLAS");
    }
    header.addAll(
        List.of(
            "2 threads: vs " + ORT_NEW_2.label().replace(", 2 threads", ""),
            "2 threads: vs " + ORT_REUSED_2.label().replace(", 2 threads", ""),
            "netc's speed-up on 2 threads"));
    if (peakGflops != null) {
      header.add("netc, % of " + Units.significant(peakGflops) + " GFLOP/s");
    }
    Table table = new Table(header);
    for (Workload w : Workload.ALL) {
      Map<Implementation, Double> t = seconds.get(w.id());
      if (t == null) {
        continue;
      }
      Double one = t.get(NETC_1);
      Double two = t.get(NETC_2);
      List<String> row = new ArrayList<>();
      row.add(w.id());
      row.add(ratio(t.get(SCALAR), one));
      row.add(ratio(t.get(VECTOR_LOOP), one));
      row.add(ratio(t.get(ORT_NEW_1), one));
      row.add(ratio(t.get(ORT_REUSED_1), one));
      if (blas) {
        row.add(ratio(openBlas.get(w.id()), one));
      }
      row.add(ratio(t.get(ORT_NEW_2), two));
      row.add(ratio(t.get(ORT_REUSED_2), two));
      row.add(ratio(one, two));
      if (peakGflops != null) {
        row.add(one == null ? MISSING : Units.significant(100 * w.flops() / one / 1e9 / peakGflops) + "%");
      }
      table.row(row);
    }
    return table;
  }

  private static String ratio(Double peer, Double netc) {
    return peer == null || netc == null ? MISSING : Units.ratio(peer / netc);
  }

  /** The FMA peak and the register tile's ceiling from {@code PeakBenchmark}, or null without them. */
  private String peakParagraph() {
    if (fmaPeakSeconds == null) {
      return null;
    }
    double peak = PeakBenchmark.FLOPS / fmaPeakSeconds / 1e9;
    StringBuilder out = new StringBuilder()
        .append("512-bit fused multiply-adds on registers, 24 independent chains: **")
        .append(Units.significant(peak))
        .append(" GFLOP/s**.");
    if (tileCeilingSeconds != null) {
      double tile = PeakBenchmark.FLOPS / tileCeilingSeconds / 1e9;
      out.append(" The loop of a 12 x 2 register tile with every operand in L1 (two weight vectors, twelve ")
          .append("broadcasts and 24 FMAs per step): ")
          .append(Units.significant(tile))
          .append(" GFLOP/s, ")
          .append(Units.significant(100 * tile / peak))
          .append("% of it: the ceiling of a matmul kernel built from Vector API broadcasts and FMAs.");
    }
    if (peakGflops != null) {
      out.append(" The last column of the ratio table is netc's single-thread share of ")
          .append(Units.significant(peakGflops))
          .append(" GFLOP/s.");
    }
    return out.toString();
  }

  /** The streaming bandwidth and the weight-streaming floor of MLP-L at batch 1, or null without them. */
  private String bandwidthParagraph() {
    if (bandwidthSeconds == null) {
      return null;
    }
    double bytesPerSecond = MemoryBandwidthBenchmark.BYTES / bandwidthSeconds;
    long weightBytes = Network.MLP_L.weightBytes();
    double floor = weightBytes / bytesPerSecond;
    StringBuilder out = new StringBuilder();
    out.append("Streaming sum over 256 MiB, one thread, 256-bit vectors: **")
        .append(Units.significant(bytesPerSecond / 1e9))
        .append(" GB/s** (")
        .append(Units.time(bandwidthSeconds))
        .append(" per sum). MLP-L's weights, ")
        .append(Units.significant(weightBytes / 1e6))
        .append(" MB, take ")
        .append(Units.time(floor))
        .append(" to stream at that rate: the floor of a batch-1 forward pass.");
    Map<Implementation, Double> t = seconds.get(new Workload(Network.MLP_L, 1).id());
    if (t != null && t.get(NETC_1) != null) {
      out.append(" netc takes ")
          .append(Units.time(t.get(NETC_1)))
          .append(", ")
          .append(Units.significant(t.get(NETC_1) / floor))
          .append(" times the floor.");
    }
    return out.toString();
  }
}
