package dev.netc.bench;

import java.util.List;

/**
 * One measured case: a network at a batch size. Its id, {@code network/batch} (e.g.
 * {@code mlp_s/32}), is the value of the benchmarks' {@code workload} parameter and the row of
 * the results table.
 *
 * @param network the network
 * @param batch the batch: rows for the dense networks (M of the GEMMs), sequences of
 *     {@link EncoderShape#SEQ} tokens for the encoder, of {@link MiniLmShape#SEQ} for MiniLM
 */
public record Workload(Network network, int batch) {
  /** Every workload of the suite, in the order of the results table. */
  public static final List<Workload> ALL =
      List.of(
          new Workload(Network.MLP_S, 1),
          new Workload(Network.MLP_S, 32),
          new Workload(Network.MLP_S, 256),
          new Workload(Network.MLP_L, 1),
          new Workload(Network.MLP_L, 64),
          new Workload(Network.GEMM_512, 512),
          new Workload(Network.GEMM_2048, 2048),
          new Workload(Network.ENCODER, 1),
          new Workload(Network.ENCODER, 8),
          new Workload(Network.MINILM, 1),
          new Workload(Network.MINILM, 8));

  /** The id, {@code network/batch}. */
  public String id() {
    return network.id() + "/" + batch;
  }

  /** The FLOPs of one forward pass (matrix products only, see {@link Network}). */
  public long flops() {
    return network.flops(batch);
  }

  /** The rows that flow through the dense layers: the batch, times the sequence for the encoders. */
  public int rows() {
    return switch (network) {
      case ENCODER -> batch * EncoderShape.SEQ;
      case MINILM -> batch * MiniLmShape.SEQ;
      default -> batch;
    };
  }

  /** The workload with this id. */
  public static Workload of(String id) {
    int slash = id.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("a workload id is network/batch, not " + id);
    }
    return new Workload(Network.byId(id.substring(0, slash)), Integer.parseInt(id.substring(slash + 1)));
  }

  @Override
  public String toString() {
    return id();
  }
}
