package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.source.SourceFile;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** NN0223's fixes, applied as an editor applies them, leave a spec that checks clean. */
class ElementTypeFixesTest {
  private static CheckResult check(String text) {
    return Frontend.check(new SourceFile("net.nn", text));
  }

  private static Diagnostic only(CheckResult result, String code) {
    List<Diagnostic> found = result.diagnostics().stream().filter(d -> d.code().id().equals(code)).toList();
    assertThat(found).as("diagnostics %s in %s", code, result.diagnostics()).hasSize(1);
    return found.get(0);
  }

  private static String applyOnly(String text, Diagnostic d) {
    Fix fix = d.fixes().stream().filter(f -> !f.edits().isEmpty()).findFirst().orElseThrow();
    return FixEditsTest.apply(text, fix);
  }

  @Test
  @DisplayName("an integer mask in arithmetic is reported at the mask, and the fix casts it to f32")
  void integerOperandIsCast() {
    String text = """
        network Mask {
          input mask: i64[N, T]
          output bias = (1 - mask) * -10000
        }
        """;
    Diagnostic d = only(check(text), "NN0223");
    assertThat(d.message()).isEqualTo("`-` needs floating-point values, but `mask` is i64[N, T]");
    assertThat(d.span().text()).isEqualTo("mask");
    assertThat(d.span().line()).isEqualTo(3);
    assertThat(d.span().column()).isEqualTo(22);
    String fixed = applyOnly(text, d);
    assertThat(fixed).contains("(1 - cast(mask, f32)) * -10000");
    assertThat(check(fixed).diagnostics()).isEmpty();
  }

  @Test
  @DisplayName("float ids are reported at the ids, and the fix casts them to i64")
  void floatIdsAreCast() {
    String text = """
        network Embed {
          input ids: f32[N, T]
          param E: f32[3, 2] = [0, 1, 2, 3, 4, 5]
          output e = embedding(E, ids[:, :])
        }
        """;
    Diagnostic d = only(check(text), "NN0223");
    assertThat(d.message()).isEqualTo("`embedding` needs integer ids, but `ids[:, :]` is f32[N, T]");
    String fixed = applyOnly(text, d);
    assertThat(fixed).contains("embedding(E, cast(ids[:, :], i64))");
    assertThat(check(fixed).diagnostics()).isEmpty();
  }

  @Test
  @DisplayName("an integer parameter is not supported yet, with a help that says inputs can be integers")
  void integerParameter() {
    Diagnostic d = only(check("""
        network P {
          input x: f32[2]
          param ids: i64[2] = [0, 1]
          output y = x
        }
        """), "NN0205");
    assertThat(d.message()).isEqualTo("element type `i64` is not supported yet");
    assertThat(d.notes().toString() + d.fixes()).contains("integer tensors can be inputs, not parameters yet");
  }
}
