package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.check.WeightsCatalog;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Edit;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.source.SourceFile;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Fixes that carry edits, as an editor applies them: each one, applied to the
 * spec, removes the diagnostic it belongs to.
 */
class FixEditsTest {
  private static CheckResult check(String text) {
    return Frontend.check(new SourceFile("net.nn", text));
  }

  private static Diagnostic only(CheckResult result, String code) {
    List<Diagnostic> found = result.diagnostics().stream().filter(d -> d.code().id().equals(code)).toList();
    assertThat(found).as("diagnostics %s in %s", code, result.diagnostics()).hasSize(1);
    return found.get(0);
  }

  /** The fix of {@code d} that has edits. */
  private static Fix editing(Diagnostic d) {
    return d.fixes().stream().filter(f -> !f.edits().isEmpty()).findFirst()
        .orElseThrow(() -> new AssertionError("no fix with edits in " + d));
  }

  /** The text with the fix's edits applied, last first so that earlier offsets stay valid. */
  static String apply(String text, Fix fix) {
    StringBuilder out = new StringBuilder(text);
    fix.edits().stream().sorted(Comparator.comparingInt((Edit e) -> e.span().start()).reversed())
        .forEach(e -> out.replace(e.span().start(), e.span().end(), e.replacement()));
    return out.toString();
  }

  @Test
  void aBiasOfTheWrongLengthIsRedeclaredPerNeuron() {
    String text = """
        network Bias {
          input x: f32[N, 64]
          input b: f32[32]
          output y = x + b
        }
        """;
    Fix fix = editing(only(check(text), "NN0302"));
    assertThat(fix.message()).isEqualTo("declare b as f32[64]");
    assertThat(fix.edits()).singleElement().satisfies(e -> {
      assertThat(e.span().text()).isEqualTo("f32[32]");
      assertThat(e.replacement()).isEqualTo("f32[64]");
    });
    assertThat(check(apply(text, fix)).diagnostics()).isEmpty();
  }

  @Test
  void aBiasWithOneValuePerSampleCanInsteadBeReshapedToAColumn() {
    String text = """
        network Bias {
          input x: f32[32, 64]
          input b: f32[32]
          output y = x + b
        }
        """;
    Diagnostic d = only(check(text), "NN0302");
    assertThat(d.fixes()).hasSize(2);
    Fix reshape = d.fixes().get(1);
    assertThat(reshape.message()).isEqualTo("to scale each sample instead: `reshape(b, [32, 1])`");
    assertThat(apply(text, reshape)).contains("output y = x + reshape(b, [32, 1])");
    assertThat(check(apply(text, reshape)).diagnostics()).isEmpty();
  }

  @Test
  void aMisspelledNameIsReplaced() {
    String text = """
        network Names {
          input x: f32[N, 4]
          output y = relu(xx)
        }
        """;
    Fix fix = editing(only(check(text), "NN0200"));
    assertThat(check(apply(text, fix)).diagnostics()).isEmpty();
  }

  @Test
  void aMisspelledOperationIsReplaced() {
    String text = """
        network Ops {
          input x: f32[N, 4]
          output y = relux(x)
        }
        """;
    Fix fix = editing(only(check(text), "NN0202"));
    assertThat(apply(text, fix)).contains("relu(x)");
    assertThat(check(apply(text, fix)).diagnostics()).isEmpty();
  }

  @Test
  void anArgumentNamedAsInPyTorchIsRenamed() {
    String text = """
        network Args {
          input x: f32[N, 4]
          output y = softmax(x, dim=1)
        }
        """;
    Fix fix = editing(only(check(text), "NN0203"));
    assertThat(check(apply(text, fix)).diagnostics()).isEmpty();
  }

  @Test
  void aMissingOutputIsMarked() {
    String text = "network NoOutput {\n  input x: f32[N, 2]\n  y = relu(x)\n}\n";
    Fix fix = editing(only(check(text), "NN0206"));
    assertThat(apply(text, fix)).isEqualTo("network NoOutput {\n  input x: f32[N, 2]\n  y = relu(x)\n  output y\n}\n");
    assertThat(check(apply(text, fix)).diagnostics()).isEmpty();
  }

  @Test
  void aMissingOutputIsMarkedWhenTheBraceSharesALine() {
    String text = "network NoOutput { input x: f32[N, 2]  y = relu(x) }";
    Fix fix = editing(only(check(text), "NN0206"));
    assertThat(check(apply(text, fix)).diagnostics()).isEmpty();
  }

  @Test
  void aSemicolonIsRemoved() {
    String text = "network Semi {\n  input x: f32[N, 2];\n  output y = relu(x)\n}\n";
    Fix fix = editing(only(check(text), "NN0101"));
    assertThat(check(apply(text, fix)).diagnostics()).isEmpty();
  }

  @Test
  void anElementWiseProductOfSquareMatricesCanBecomeAMatrixProduct() {
    String text = """
        network Square {
          input a: f32[4, 4]
          input b: f32[4, 4]
          output y = a * b
        }
        """;
    Fix fix = editing(only(check(text), "NN0314"));
    assertThat(apply(text, fix)).contains("a @ b");
    assertThat(check(apply(text, fix)).diagnostics()).isEmpty();
  }

  @Test
  void aTensorTheFileHoldsUnderANearbyNameIsBoundWithFrom() {
    WeightsCatalog catalog = new WeightsCatalog() {
      @Override
      public Optional<Tensor> find(String name) {
        return name.equals("weight1") ? Optional.of(new Tensor("weight1", dev.netc.runtime.DType.F32, List.of(4L, 2L))) : Optional.empty();
      }

      @Override
      public List<String> names() {
        return List.of("weight1");
      }
    };
    String text = """
        network Bound {
          weights "w.safetensors"
          input x: f32[N, 4]
          param weight: f32[4, 2]
          output y = x @ weight
        }
        """;
    CheckResult result = Frontend.check(new SourceFile("net.nn", text), path -> catalog);
    Fix fix = editing(only(result, "NN0403"));
    String fixed = apply(text, fix);
    assertThat(fixed).contains("param weight: f32[4, 2] from \"weight1\"");
    assertThat(Frontend.check(new SourceFile("net.nn", fixed), path -> catalog).diagnostics()).isEmpty();
  }
}
