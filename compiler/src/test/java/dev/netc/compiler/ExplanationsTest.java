package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.check.NetworkChecker;
import dev.netc.compiler.check.WeightsCatalog;
import dev.netc.compiler.check.WeightsCatalog.Tensor;
import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Explanations;
import dev.netc.compiler.source.SourceFile;
import dev.netc.runtime.DType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The long explanations that {@code netc explain} prints: every code has one, and the first
 * {@code nn} example of each is a spec that, checked alone, reports that code and no other error.
 * An example that stops producing its code fails here rather than misleading a reader.
 */
class ExplanationsTest {
  /**
   * Codes whose examples cannot be checked as one spec held in memory. Keep it short: the last
   * test fails for a code listed here whose example does produce it, so that it comes off.
   */
  private static final Map<Code, String> NOT_CHECKABLE = Map.of(
      Code.INTERNAL, "no spec should cause an internal error",
      Code.TOO_DEEP, "the example elides its 130 levels of nesting",
      Code.NOT_TEXT, "a binary file, which a SourceFile cannot hold",
      Code.TOO_LARGE, "the example elides its 16 million values",
      Code.TOO_MANY_ERRORS, "the example elides its 50 erroneous lines",
      Code.UNREADABLE, "a spec file that cannot be read",
      Code.WEIGHTS_UNREADABLE, "a weights file on disk that cannot be read",
      Code.CLASS_CLASH, "two specs compiled together");

  /** The weights files that examples describe in a comment, as the checker sees their headers. */
  private static final Map<Code, WeightsCatalog> WEIGHTS = Map.of(
      Code.WEIGHTS_SHAPE, catalog(new Tensor("fc1.weight", DType.F32, List.of(128L, 784L))),
      Code.WEIGHTS_MISSING, catalog(
          new Tensor("fc1.weight", DType.F32, List.of(128L, 784L)),
          new Tensor("fc1.bias", DType.F32, List.of(128L))),
      Code.WEIGHTS_DTYPE, catalog(new Tensor("fc1.weight", DType.I8, List.of(128L, 784L))));

  @Test
  @DisplayName("every code has an explanation")
  void everyCodeIsExplained() {
    assertThat(Arrays.stream(Code.values()).filter(c -> Explanations.of(c).isEmpty()).map(Code::id))
        .as("codes without a `## NNxxxx` section in explanations.md")
        .isEmpty();
  }

  @Test
  @DisplayName("every section of explanations.md is a code, and no code has two")
  void everySectionIsOneCode() throws IOException {
    List<String> headings = new ArrayList<>();
    try (InputStream in = Explanations.class.getResourceAsStream("explanations.md")) {
      assertThat(in).as("explanations.md beside Explanations").isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
        if (line.startsWith("## ")) {
          headings.add(line.substring(3).strip());
        }
      }
    }
    assertThat(headings).as("section headings").doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(Code.byId(id)).as("the code " + id).isNotNull());
  }

  @TestFactory
  @DisplayName("the example of each explanation reports its code and no other error")
  Stream<DynamicTest> examplesProduceTheirCode() {
    return Arrays.stream(Code.values())
        .filter(code -> !NOT_CHECKABLE.containsKey(code))
        .map(code -> DynamicTest.dynamicTest(code.id(), () -> {
          Optional<String> example = example(code);
          assertThat(example).as("the first ```nn block of " + code.id()).isPresent();
          List<Diagnostic> found = check(code, example.get());
          String shown = Goldens.render(found);
          assertThat(found).as("%s's example reports it; it reports:%n%s", code.id(), shown)
              .anyMatch(d -> d.code() == code);
          assertThat(found).as("%s's example reports no other error; it reports:%n%s", code.id(), shown)
              .noneMatch(d -> d.isError() && d.code() != code);
        }));
  }

  @Test
  @DisplayName("a code listed as not checkable really has no example that reports it alone")
  void notCheckableListIsNeeded() {
    for (Code code : NOT_CHECKABLE.keySet()) {
      Optional<String> example = example(code);
      if (example.isPresent()) {
        assertThat(check(code, example.get()))
            .as("%s's example reports it after all: take it off NOT_CHECKABLE", code.id())
            .noneMatch(d -> d.code() == code);
      }
    }
  }

  /** The first {@code ```nn} block of the code's explanation. */
  private static Optional<String> example(Code code) {
    String text = Explanations.of(code).orElse("");
    StringBuilder block = null;
    for (String line : text.split("\\R")) {
      if (block == null) {
        if (line.strip().equals("```nn")) {
          block = new StringBuilder();
        }
      } else if (line.strip().equals("```")) {
        return Optional.of(block.toString());
      } else {
        block.append(line).append('\n');
      }
    }
    return Optional.empty();
  }

  /** Checks an example; a weights file it names holds what its comment says, or does not exist. */
  private static List<Diagnostic> check(Code code, String text) {
    WeightsCatalog weights = WEIGHTS.get(code);
    NetworkChecker.CatalogLoader loader = path -> {
      if (weights == null) {
        throw new NoSuchFileException(path.toString());
      }
      return weights;
    };
    return Frontend.check(new SourceFile("example.nn", text), loader).diagnostics();
  }

  private static WeightsCatalog catalog(Tensor... tensors) {
    List<Tensor> all = List.of(tensors);
    return new WeightsCatalog() {
      @Override
      public Optional<Tensor> find(String name) {
        return all.stream().filter(t -> t.name().equals(name)).findFirst();
      }

      @Override
      public List<String> names() {
        return all.stream().map(Tensor::name).toList();
      }
    };
  }
}
