package dev.netc.bench;

import dev.netc.bench.nets.AllMinilmL6V2;
import dev.netc.bench.nets.Encoder;
import dev.netc.bench.nets.Gemm2048;
import dev.netc.bench.nets.Gemm512;
import dev.netc.bench.nets.MlpL;
import dev.netc.bench.nets.MlpS;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads the classes netc generated from {@code src/main/nn} and hands out their allocation-free
 * {@code forward(..., out)} as a {@link DenseForward} or {@link EncoderForward}; MiniLM, whose
 * inputs are token ids, as its own class.
 *
 * <p>The method reference costs nothing measurable: a forked benchmark JVM only ever loads one
 * implementation of the interface, so the call site stays monomorphic and C2 inlines it.
 */
final class NetcNetworks {
  private NetcNetworks() {}

  /**
   * The dense network {@code network} with the weights in {@code file}.
   *
   * @param threads 1 to run every layer on the calling thread; 2 for netc's default, which splits
   *     the largest layers with a worker of its default pool
   */
  static DenseForward dense(Network network, Path file, int threads) throws IOException {
    return dense(network, file, threads, "f32");
  }

  /**
   * {@link #dense(Network, Path, int)} compiled with {@code netc compile --weights weights}: f32,
   * bf16 or i8 (MLP-S and MLP-L; the GEMMs only in f32).
   */
  static DenseForward dense(Network network, Path file, int threads, String weights) throws IOException {
    boolean single = threads == 1;
    return switch (weights + " " + network) {
      case "f32 MLP_S" -> {
        MlpS net = single ? MlpS.load(file).withExecutor(null) : MlpS.load(file);
        yield net::forward;
      }
      case "f32 MLP_L" -> {
        MlpL net = single ? MlpL.load(file).withExecutor(null) : MlpL.load(file);
        yield net::forward;
      }
      case "f32 GEMM_512" -> {
        Gemm512 net = single ? Gemm512.load(file).withExecutor(null) : Gemm512.load(file);
        yield net::forward;
      }
      case "f32 GEMM_2048" -> {
        Gemm2048 net = single ? Gemm2048.load(file).withExecutor(null) : Gemm2048.load(file);
        yield net::forward;
      }
      case "bf16 MLP_S" -> {
        var net = single ? dev.netc.bench.nets.bf16.MlpS.load(file).withExecutor(null)
            : dev.netc.bench.nets.bf16.MlpS.load(file);
        yield net::forward;
      }
      case "bf16 MLP_L" -> {
        var net = single ? dev.netc.bench.nets.bf16.MlpL.load(file).withExecutor(null)
            : dev.netc.bench.nets.bf16.MlpL.load(file);
        yield net::forward;
      }
      case "i8 MLP_S" -> {
        var net = single ? dev.netc.bench.nets.i8.MlpS.load(file).withExecutor(null)
            : dev.netc.bench.nets.i8.MlpS.load(file);
        yield net::forward;
      }
      case "i8 MLP_L" -> {
        var net = single ? dev.netc.bench.nets.i8.MlpL.load(file).withExecutor(null)
            : dev.netc.bench.nets.i8.MlpL.load(file);
        yield net::forward;
      }
      default -> throw new IllegalArgumentException(network.id() + " has no netc build with " + weights
          + " weights: the benchmarks compile MLP-S, MLP-L and the encoder with bf16 and i8 weights");
    };
  }

  /** The encoder block with the weights in {@code file}; {@code threads} as for {@link #dense}. */
  static EncoderForward encoder(Path file, int threads) throws IOException {
    return encoder(file, threads, "f32");
  }

  /** {@link #encoder(Path, int)} compiled with {@code netc compile --weights weights}: f32, bf16 or i8. */
  static EncoderForward encoder(Path file, int threads, String weights) throws IOException {
    boolean single = threads == 1;
    return switch (weights) {
      case "f32" -> {
        Encoder net = single ? Encoder.load(file).withExecutor(null) : Encoder.load(file);
        yield net::forward;
      }
      case "bf16" -> {
        var net = single ? dev.netc.bench.nets.bf16.Encoder.load(file).withExecutor(null)
            : dev.netc.bench.nets.bf16.Encoder.load(file);
        yield net::forward;
      }
      case "i8" -> {
        var net = single ? dev.netc.bench.nets.i8.Encoder.load(file).withExecutor(null)
            : dev.netc.bench.nets.i8.Encoder.load(file);
        yield net::forward;
      }
      default -> throw new IllegalArgumentException("no encoder build with " + weights + " weights: f32, bf16 or i8");
    };
  }

  /**
   * all-MiniLM-L6-v2 with the weights {@code netc compile} wrote beside its class from the ONNX
   * file (already packed: nothing to repack); {@code threads} as for {@link #dense}.
   */
  static AllMinilmL6V2 miniLm(int threads) throws IOException {
    return threads == 1 ? AllMinilmL6V2.fromResource().withExecutor(null) : AllMinilmL6V2.fromResource();
  }
}
