package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Edit;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A preferred fix is applied without being read, so it must leave the spec
 * better and no worse: applied to each error sample, alone and all together (as
 * an editor's "fix all" does), every diagnostic it belongs to is gone and the
 * spec has one error fewer for each error fixed and no error of a code it did
 * not have before.
 */
class PreferredFixesTest {
  private static CheckResult check(Path spec) {
    return Frontend.checkFile(spec, spec.getFileName().toString());
  }

  private static CheckResult recheck(CheckResult result, List<Fix> fixes) {
    SourceFile s = result.source();
    List<Edit> edits = fixes.stream().flatMap(f -> f.edits().stream())
        .sorted(Comparator.comparingInt((Edit e) -> e.span().start()).reversed()).toList();
    StringBuilder text = new StringBuilder(s.text());
    edits.forEach(e -> text.replace(e.span().start(), e.span().end(), e.replacement()));
    return Frontend.check(new SourceFile(s.name(), text.toString(), s.path().orElse(null)));
  }

  private static List<String> errors(CheckResult result) {
    return result.diagnostics().stream().filter(Diagnostic::isError).map(d -> d.code().id() + " " + d.message()).toList();
  }

  @TestFactory
  @DisplayName("each error sample's preferred fixes, alone and together, leave no new error")
  Stream<DynamicTest> samples() throws IOException {
    Path dir = Goldens.samples().resolve("errors");
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".nn")).sorted().toList().stream()
          .map(spec -> DynamicTest.dynamicTest(spec.getFileName().toString(), () -> {
            CheckResult result = check(spec);
            Map<Diagnostic, Fix> preferred = PreferredFixes.of(result, Frontend::catalogOf);
            List<String> before = errors(result);
            for (Map.Entry<Diagnostic, Fix> e : preferred.entrySet()) {
              assertThat(result.diagnostics()).contains(e.getKey());
              assertThat(e.getKey().fixes()).contains(e.getValue());
              int fixed = e.getKey().isError() ? 1 : 0;
              assertBetter(before, errors(recheck(result, List.of(e.getValue()))), fixed, e.getValue().title());
            }
            if (preferred.size() > 1) {
              int fixed = (int) preferred.keySet().stream().filter(Diagnostic::isError).count();
              assertBetter(before, errors(recheck(result, new ArrayList<>(preferred.values()))), fixed, "all");
            }
          }));
    }
  }

  @TestFactory
  @DisplayName("every fix with an edit, preferred or not, applied alone leaves its error gone and no new one")
  Stream<DynamicTest> everyMachineFix() throws IOException {
    Path dir = Goldens.samples().resolve("errors");
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".nn")).sorted().toList().stream()
          .map(spec -> DynamicTest.dynamicTest(spec.getFileName().toString(), () -> {
            CheckResult result = check(spec);
            List<String> before = errors(result);
            for (Diagnostic d : result.diagnostics()) {
              for (Fix fix : d.fixes()) {
                if (!fix.edits().isEmpty()) {
                  assertBetter(before, errors(recheck(result, List.of(fix))), d.isError() ? 1 : 0,
                      fix.title() + " (" + d.code().id() + " at " + d.span().line() + ":" + d.span().column() + ")");
                }
              }
            }
          }));
    }
  }

  /** Fewer errors by at least {@code fixed} (an error may have been the consequence of another) and no new one. */
  private static void assertBetter(List<String> before, List<String> after, int fixed, String what) {
    assertThat(after.size()).as("errors after %s: %s", what, after).isLessThanOrEqualTo(before.size() - fixed);
    List<String> codesBefore = before.stream().map(m -> m.substring(0, 6)).toList();
    assertThat(after).as("after %s", what).allSatisfy(m -> assertThat(codesBefore).contains(m.substring(0, 6)));
  }

  @Test
  void aBiasWithInlineValuesIsAdvisedNotEditedToANewShape() {
    // Redeclaring it f32[64] would keep its 32 inline values: the fix is advice, the reshape an edit.
    CheckResult result = check(Goldens.samples().resolve("errors/bias_per_sample.nn"));
    Diagnostic bias = result.diagnostics().stream().filter(d -> d.code().id().equals("NN0302")).findFirst().orElseThrow();
    assertThat(bias.fixes()).filteredOn(f -> f.message().equals("declare b as f32[64]")).singleElement()
        .satisfies(f -> assertThat(f.edits()).isEmpty());
    assertThat(PreferredFixes.of(result, Frontend::catalogOf)).doesNotContainKey(bias);
  }

  @Test
  void ofTwoFixesThatEachWorkAloneButNotTogetherOnlyTheFirstIsPreferred() {
    CheckResult result = check(Goldens.samples().resolve("errors/weights_mismatch.nn"));
    Map<Diagnostic, Fix> preferred = PreferredFixes.of(result, Frontend::catalogOf);
    assertThat(preferred.values()).extracting(Fix::title).containsExactly("Declare W2 as [8, 3]");
  }

  @Test
  void theTransposeThatFitsIsPreferred() {
    CheckResult result = check(Goldens.samples().resolve("errors/matmul_transpose_right.nn"));
    assertThat(PreferredFixes.of(result, Frontend::catalogOf).values()).extracting(Fix::title)
        .singleElement().asString().startsWith("Transpose ");
  }
}
