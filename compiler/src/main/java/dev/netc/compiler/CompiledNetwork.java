package dev.netc.compiler;

import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.passes.Passes;
import java.util.List;

/**
 * One network compiled: the checked graph it came from, the IR as written and after each pass
 * (what {@code netc compile --dump-ir} prints), and its generated files.
 *
 * @param source the spec it is declared in
 * @param className its generated class, with its package ({@code com.example.Mlp})
 * @param stages the IR as written (a stage named {@value #AS_WRITTEN}), then after each pass
 *     in order; the last is what the code was generated from
 */
public record CompiledNetwork(Source source, Graph graph, String className, List<Passes.Stage> stages,
    List<GeneratedFile> files) {
  /** The name of the first stage: the IR as the checker lowered it, before any pass. */
  public static final String AS_WRITTEN = "as written";

  public CompiledNetwork {
    stages = List.copyOf(stages);
    files = List.copyOf(files);
  }

  /** The IR the code was generated from. */
  public IrGraph optimized() {
    return stages.get(stages.size() - 1).graph();
  }
}
