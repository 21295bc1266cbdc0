package dev.netc.compiler;

import dev.netc.compiler.emit.EmitOptions;
import dev.netc.compiler.emit.GeneratedNetwork;
import dev.netc.compiler.emit.NetworkEmitter;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.ir.IrBuilder;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.passes.PassOptions;
import dev.netc.compiler.passes.Passes;
import java.io.IOException;

/**
 * The back end's entry point: a checked graph to its optimized IR, and to
 * Java source. Every network the front end accepts goes through here; an op
 * the checker accepts and this rejects would be a bug.
 */
public final class Backend {
  private Backend() {}

  /**
   * @param packageName the Java package of the generated classes
   * @param passes which optional passes run
   * @param vectorBits the vector width the kernels are generated for
   * @param tileRows rows of the GEMM register tile
   * @param tileVectors vectors of the GEMM register tile
   * @param l2Bytes the per-core L2 cache the blocking assumes
   * @param l3Bytes the last-level cache: larger weights are streamed from memory ahead of their tiles
   * @param release the Java release the generated code targets: from 22, weights live off the heap, aligned
   */
  public record Options(String packageName, PassOptions passes, int vectorBits, int tileRows, int tileVectors,
      int l2Bytes, long l3Bytes, int release) {
    public Options(String packageName, PassOptions passes, int vectorBits) {
      this(packageName, passes, vectorBits, EmitOptions.DEFAULT_TILE_ROWS, EmitOptions.DEFAULT_TILE_VECTORS,
          EmitOptions.DEFAULT_L2_BYTES, EmitOptions.DEFAULT_L3_BYTES, EmitOptions.MIN_RELEASE);
    }

    public static Options defaults(String packageName) {
      return new Options(packageName, PassOptions.defaults(), 512);
    }

    /** Validates the code generation settings, throwing IllegalArgumentException with what is wrong. */
    public void emitCheck() {
      emit();
    }

    EmitOptions emit() {
      return new EmitOptions(packageName, vectorBits, l2Bytes, l3Bytes, tileRows, tileVectors, release);
    }
  }

  /** The graph as IR, after the standard passes. */
  public static IrGraph optimize(Graph graph, PassOptions passes) {
    return Passes.optimize(IrBuilder.build(graph), passes);
  }

  public static GeneratedNetwork generate(Graph graph, Options options) throws IOException {
    IrGraph ir = optimize(graph, options.passes());
    return NetworkEmitter.emit(ir, options.emit());
  }
}
