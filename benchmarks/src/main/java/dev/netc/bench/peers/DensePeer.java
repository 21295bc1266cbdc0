package dev.netc.bench.peers;

import dev.netc.bench.Network;
import dev.netc.bench.model.DenseWeights;

/** A dense network computed layer by layer with a {@link MatMul}, into preallocated buffers. */
public final class DensePeer {
  private final DenseWeights weights;
  private final MatMul matmul;
  private final float[][] hidden;

  /**
   * @param maxBatch the largest batch {@link #forward} will be called with: the hidden layers'
   *     buffers are allocated for it here, so that a call allocates nothing
   */
  public DensePeer(DenseWeights weights, MatMul matmul, int maxBatch) {
    this.weights = weights;
    this.matmul = matmul;
    Network network = weights.network();
    hidden = new float[network.layers() - 1][];
    for (int l = 0; l < hidden.length; l++) {
      hidden[l] = new float[maxBatch * network.out(l)];
    }
  }

  /** Computes the network for {@code n} rows of {@code x} into {@code out}. */
  public void forward(float[] x, int n, float[] out) {
    Network network = weights.network();
    float[] in = x;
    for (int l = 0; l < network.layers(); l++) {
      float[] dst = l == network.layers() - 1 ? out : hidden[l];
      matmul.multiply(
          in, n, network.in(l), weights.weight(l), network.out(l), weights.bias(l), network.relu(l), dst);
      in = dst;
    }
  }
}
