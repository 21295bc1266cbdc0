package dev.netc.bench.model;

import dev.netc.bench.Network;
import dev.netc.runtime.weights.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The parameters of a dense network: per layer an [in, out] row-major matrix and, for the MLPs,
 * a bias. Values are uniform in ±1/sqrt(in), PyTorch's default for {@code nn.Linear}, so that
 * activations keep their scale through the layers.
 */
public final class DenseWeights {
  private final Network network;
  private final float[][] weights;
  private final float[][] biases;

  private DenseWeights(Network network, float[][] weights, float[][] biases) {
    this.network = network;
    this.weights = weights;
    this.biases = biases;
  }

  /** Random weights for {@code network}, the same for the same seed. */
  public static DenseWeights random(Network network, long seed) {
    if (!network.isDense()) {
      throw new IllegalArgumentException(network + " is not a stack of dense layers");
    }
    int layers = network.layers();
    float[][] weights = new float[layers][];
    float[][] biases = new float[layers][];
    for (int l = 0; l < layers; l++) {
      double bound = 1 / Math.sqrt(network.in(l));
      weights[l] = Random32.uniform(seed + 2L * l, network.in(l) * network.out(l), bound);
      biases[l] = network.hasBias() ? Random32.uniform(seed + 2L * l + 1, network.out(l), bound) : null;
    }
    return new DenseWeights(network, weights, biases);
  }

  /** The network these weights are for. */
  public Network network() {
    return network;
  }

  /** Layer {@code l}'s [in, out] matrix, row-major. Shared: do not modify. */
  public float[] weight(int l) {
    return weights[l];
  }

  /** Layer {@code l}'s bias, or null for the bare products of the GEMMs. Shared: do not modify. */
  public float[] bias(int l) {
    return biases[l];
  }

  /** Writes the weights under the names the network's spec reads. */
  public void writeSafetensors(Path file) throws IOException {
    SafetensorsWriter writer = new SafetensorsWriter();
    for (int l = 0; l < network.layers(); l++) {
      writer.add(network.weightName(l), weights[l], network.in(l), network.out(l));
      if (biases[l] != null) {
        writer.add(network.biasName(l), biases[l], network.out(l));
      }
    }
    writer.write(file);
  }
}
