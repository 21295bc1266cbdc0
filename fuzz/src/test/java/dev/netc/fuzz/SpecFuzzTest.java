package dev.netc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.CompileRequest;
import dev.netc.compiler.CompileResult;
import dev.netc.compiler.CompiledNetwork;
import dev.netc.compiler.Compiler;
import dev.netc.compiler.Source;
import dev.netc.compiler.passes.Passes;
import dev.netc.compiler.ir.IrValidator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A {@code .nn} spec as bytes from anywhere, through the whole compiler: parse, check, and when
 * it checks, lowering, every pass and code generation. The compiler's contract is that a spec
 * never makes it throw: every problem is a diagnostic, and a failure of netc itself an {@code
 * INTERNAL} one, which is a finding here as much as an exception is. After every pass the IR must
 * still hold its invariants.
 *
 * <p>The scratch folder holds {@code w.safetensors} (from the seed corpus's weights), so specs that
 * name it reach the weights checks and the weights resource.
 *
 * <p>Seeds: {@code src/test/resources/dev/netc/fuzz/SpecFuzzTestInputs/compile/}, the samples'
 * specs among them.
 */
class SpecFuzzTest {
  static {
    Scratch.write("w.safetensors", Seeds.smallWeights());
  }

  private static final CompileOptions OPTIONS = CompileOptions.builder().packageName("fuzz").build();

  @FuzzTest
  void compile(byte[] bytes) {
    // Decoded as the front end decodes a file: malformed UTF-8 becomes U+FFFD, which the lexer refuses.
    String text = new String(bytes, StandardCharsets.UTF_8);
    Source source = Source.text("fuzz.nn", text, Scratch.dir().resolve("fuzz.nn"));
    CompileResult result = Compiler.compile(new CompileRequest(List.of(source), OPTIONS));
    if (result.hasInternalError()) {
      throw new AssertionError("internal error: " + result.diagnostics());
    }
    for (CompiledNetwork network : result.networks()) {
      for (Passes.Stage stage : network.stages()) {
        List<String> problems = IrValidator.problems(stage.graph());
        if (!problems.isEmpty()) {
          throw new AssertionError("IR invalid after " + stage.pass() + ": " + problems);
        }
      }
    }
  }
}
