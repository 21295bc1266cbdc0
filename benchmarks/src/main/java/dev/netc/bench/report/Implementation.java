package dev.netc.bench.report;

/** The columns of the results table: an implementation at a thread count. */
public enum Implementation {
  NETC_1("netc", "netc", 1),
  NETC_2("netc, 2 threads", "netc", 2),
  SCALAR("scalar loop", "scalar", 1),
  VECTOR_LOOP("Vector API loop", "vectorLoop", 1),
  ORT_NEW_1("ORT new tensor", "ortNewTensor", 1),
  ORT_REUSED_1("ORT reused buffers", "ortReusedBuffers", 1),
  ORT_NEW_2("ORT new tensor, 2 threads", "ortNewTensor", 2),
  ORT_REUSED_2("ORT reused buffers, 2 threads", "ortReusedBuffers", 2);

  private final String label;
  private final String method;
  private final int threads;

  Implementation(String label, String method, int threads) {
    this.label = label;
    this.method = method;
    this.threads = threads;
  }

  /** The column heading. */
  public String label() {
    return label;
  }

  /** The threads it ran on. */
  public int threads() {
    return threads;
  }

  /** The implementation a measurement is of, or null for one outside the table (the bandwidth). */
  public static Implementation of(Timing m) {
    for (Implementation i : values()) {
      if (i.method.equals(m.method()) && i.threads == m.threads()) {
        return i;
      }
    }
    return null;
  }
}
