package dev.netc.bench.model;

import static dev.netc.bench.EncoderShape.D_FF;
import static dev.netc.bench.EncoderShape.D_MODEL;

import dev.netc.runtime.weights.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The parameters of the encoder block, named as {@code encoder.nn} names them. Matrices are
 * [in, out] row-major with values uniform in ±1/sqrt(in); the norms' gains are near 1 and their
 * shifts near 0, so that no implementation can agree with another by accident of a trivial value.
 */
public record EncoderWeights(
    float[] wq,
    float[] bq,
    float[] wk,
    float[] bk,
    float[] wv,
    float[] bv,
    float[] wo,
    float[] bo,
    float[] ln1Gamma,
    float[] ln1Beta,
    float[] w1,
    float[] b1,
    float[] w2,
    float[] b2,
    float[] ln2Gamma,
    float[] ln2Beta) {

  /** Random weights, the same for the same seed. */
  public static EncoderWeights random(long seed) {
    double model = 1 / Math.sqrt(D_MODEL);
    double ff = 1 / Math.sqrt(D_FF);
    int square = D_MODEL * D_MODEL;
    return new EncoderWeights(
        Random32.uniform(seed, square, model),
        Random32.uniform(seed + 1, D_MODEL, model),
        Random32.uniform(seed + 2, square, model),
        Random32.uniform(seed + 3, D_MODEL, model),
        Random32.uniform(seed + 4, square, model),
        Random32.uniform(seed + 5, D_MODEL, model),
        Random32.uniform(seed + 6, square, model),
        Random32.uniform(seed + 7, D_MODEL, model),
        Random32.around(seed + 8, D_MODEL, 1, 0.1),
        Random32.uniform(seed + 9, D_MODEL, 0.1),
        Random32.uniform(seed + 10, D_MODEL * D_FF, model),
        Random32.uniform(seed + 11, D_FF, model),
        Random32.uniform(seed + 12, D_FF * D_MODEL, ff),
        Random32.uniform(seed + 13, D_MODEL, ff),
        Random32.around(seed + 14, D_MODEL, 1, 0.1),
        Random32.uniform(seed + 15, D_MODEL, 0.1));
  }

  /** Writes the weights under the names the spec reads. */
  public void writeSafetensors(Path file) throws IOException {
    new SafetensorsWriter()
        .add("Wq", wq, D_MODEL, D_MODEL)
        .add("bq", bq, D_MODEL)
        .add("Wk", wk, D_MODEL, D_MODEL)
        .add("bk", bk, D_MODEL)
        .add("Wv", wv, D_MODEL, D_MODEL)
        .add("bv", bv, D_MODEL)
        .add("Wo", wo, D_MODEL, D_MODEL)
        .add("bo", bo, D_MODEL)
        .add("ln1_gamma", ln1Gamma, D_MODEL)
        .add("ln1_beta", ln1Beta, D_MODEL)
        .add("W1", w1, D_MODEL, D_FF)
        .add("b1", b1, D_FF)
        .add("W2", w2, D_FF, D_MODEL)
        .add("b2", b2, D_MODEL)
        .add("ln2_gamma", ln2Gamma, D_MODEL)
        .add("ln2_beta", ln2Beta, D_MODEL)
        .write(file);
  }
}
