package dev.netc.compiler.passes;

import dev.netc.compiler.ir.IrGraph;
import dev.netc.runtime.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard pipeline, in this order:
 *
 * <ol>
 *   <li>{@link ConstantFolding}: first, so that later patterns see one {@code Constant}
 *       where the spec wrote {@code 2 * 0.5}, and no {@code x * 1} between a matmul and
 *       its bias;
 *   <li>{@link DeadCodeElimination}: removes identity activations, reshapes and
 *       transposes that would otherwise sit inside a matmul-bias-activation chain
 *       and stop its fusion;
 *   <li>{@link EpilogueFusion}: makes the {@code Gemm}s the next two passes work on;
 *   <li>{@link LinearFolding}, when {@link PassOptions#foldLinear()}: merges Gemm pairs
 *       before any scale is moved onto them, so it sees the layers as written;
 *   <li>{@link AttentionScaleFolding}: moves score scales into the final Gemms;
 *   <li>{@link ResidualFusion}: adds residual connections in the Gemm's store, once
 *       the passes that rewrite a Gemm's weights and scale are done;
 *   <li>{@link HeadsInPlace}: lets attention read and write heads where the projections
 *       keep them, after the passes that look through the transposes it removes;
 *   <li>{@link DeadCodeElimination} again: drops the parameters and constants the
 *       folds left behind;
 *   <li>{@link WeightCompression}, when {@link PassOptions#weights()} is bf16 or i8: stores
 *       the matmul weights the folds left in fewer bits.
 * </ol>
 */
public final class Passes {
  /** The graph after one pass. */
  public record Stage(String pass, IrGraph graph) {}

  private Passes() {}

  /** The passes of the standard pipeline, in the order they run. */
  public static List<Pass> standard(PassOptions options) {
    List<Pass> passes = new ArrayList<>();
    passes.add(new ConstantFolding());
    passes.add(new DeadCodeElimination());
    passes.add(new EpilogueFusion());
    if (options.foldLinear()) {
      passes.add(new LinearFolding());
    }
    passes.add(new AttentionScaleFolding());
    passes.add(new ResidualFusion());
    passes.add(new HeadsInPlace());
    passes.add(new DeadCodeElimination());
    if (options.weights() != DType.F32) {
      passes.add(new WeightCompression(options.weights()));
    }
    return List.copyOf(passes);
  }

  /** The standard pipeline with {@link PassOptions#defaults()}. */
  public static IrGraph optimize(IrGraph g) {
    return optimize(g, PassOptions.defaults());
  }

  public static IrGraph optimize(IrGraph g, PassOptions options) {
    for (Pass p : standard(options)) {
      g = p.apply(g);
    }
    return g;
  }

  /**
   * The graph after each pass, in order, for {@code netc compile --dump-ir}; the last
   * stage's graph is what {@link #optimize(IrGraph, PassOptions)} returns. The input
   * graph itself is not among the stages.
   */
  public static List<Stage> stages(IrGraph g, PassOptions options) {
    List<Stage> stages = new ArrayList<>();
    for (Pass p : standard(options)) {
      g = p.apply(g);
      stages.add(new Stage(p.name(), g));
    }
    return List.copyOf(stages);
  }
}
