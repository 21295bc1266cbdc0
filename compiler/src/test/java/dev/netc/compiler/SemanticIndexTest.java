package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.check.SemanticIndex;
import dev.netc.compiler.check.SemanticIndex.Kind;
import dev.netc.compiler.check.SemanticIndex.Occurrence;
import dev.netc.compiler.check.SemanticIndex.Symbol;
import dev.netc.compiler.source.SourceFile;
import dev.netc.compiler.summary.NetworkSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index of names and types by place that editors read: hover, definitions, references. */
class SemanticIndexTest {
  private static final String FLIP = """
      network ImageFlip {
        input  x: f32[N, 4]
        param  W1: f32[4, 3] = [[0.2, -0.5, 0.1], [-0.3, 0.4, -0.2], [0.1, 0.3, 0.5], [-0.4, 0.2, -0.1]]
        param  b1: f32[3]    = [0.1, -0.1, 0.0]
        h = relu(x @ W1 + b1)
        output y_hat = h @ h.T
      }
      """;

  private static SemanticIndex index(String text) {
    return Frontend.check(new SourceFile("net.nn", text)).index();
  }

  private static int at(String text, String needle) {
    int i = text.indexOf(needle);
    assertThat(i).as("`%s` in the text", needle).isNotNegative();
    return i;
  }

  @Test
  void aUseOfANameFindsItsSymbolWithTypeAndAllItsOccurrences() {
    SemanticIndex index = index(FLIP);
    Occurrence use = index.occurrenceAt(at(FLIP, "W1 + b1")).orElseThrow();
    assertThat(use.definition()).isFalse();
    Symbol w1 = use.symbol();
    assertThat(w1.name()).isEqualTo("W1");
    assertThat(w1.kind()).isEqualTo(Kind.PARAM);
    assertThat(w1.type().orElseThrow()).hasToString("f32[4, 3]");
    assertThat(w1.nameSpan().start()).isEqualTo(at(FLIP, "W1:"));
    assertThat(index.occurrencesOf(w1)).extracting(Occurrence::definition).containsExactly(true, false);
  }

  @Test
  void theEndOfANameCountsAsOnIt() {
    SemanticIndex index = index(FLIP);
    int end = at(FLIP, "W1 + b1") + 2;
    assertThat(index.occurrenceAt(end).orElseThrow().symbol().name()).isEqualTo("W1");
  }

  @Test
  void expressionsHaveTheirTypesAndTheInnermostWins() {
    SemanticIndex index = index(FLIP);
    assertThat(index.expressionAt(at(FLIP, "@ W1")).orElseThrow().type()).hasToString("f32[N, 3]");
    assertThat(index.expressionAt(at(FLIP, "@ W1")).orElseThrow().span().text()).isEqualTo("x @ W1");
    assertThat(index.expressionAt(at(FLIP, ".T")).orElseThrow().type()).hasToString("f32[3, N]");
  }

  @Test
  void nodesOutputsAndRunTimeDimensionsAreSymbols() {
    String text = FLIP.replace("output y_hat = h @ h.T", "y_hat = h @ h.T\n  output y_hat");
    SemanticIndex index = index(text);
    List<Symbol> symbols = index.networks().get(0).symbols();
    assertThat(symbols).extracting(Symbol::name).containsExactly("N", "x", "W1", "b1", "h", "y_hat");
    Symbol n = symbols.get(0);
    assertThat(n.kind()).isEqualTo(Kind.RUNTIME_DIM);
    Symbol yHat = symbols.get(5);
    assertThat(yHat.output()).isTrue();
    assertThat(yHat.type().orElseThrow()).hasToString("f32[N, N]");
    assertThat(index.occurrencesOf(yHat)).hasSize(2);
    assertThat(symbols.get(4).output()).isFalse();
  }

  @Test
  void sizesInShapesReferToTheirDims() {
    String text = """
        network Sizes {
          dim d = 8
          input x: f32[T, d]
          input m: f32[T, T]
          input W: f32[d, d]
          output y = m @ x @ W
        }
        """;
    SemanticIndex index = index(text);
    Symbol d = index.occurrenceAt(at(text, "d = 8")).orElseThrow().symbol();
    assertThat(d.kind()).isEqualTo(Kind.DIM);
    assertThat(d.size().orElseThrow().value()).isEqualTo(8);
    assertThat(index.occurrencesOf(d)).hasSize(4);
    Symbol t = index.occurrenceAt(at(text, "T, T")).orElseThrow().symbol();
    assertThat(t.kind()).isEqualTo(Kind.RUNTIME_DIM);
    assertThat(t.nameSpan().start()).isEqualTo(at(text, "T, d"));
    assertThat(index.occurrencesOf(t)).hasSize(3);
  }

  @Test
  void aHalfTypedFileKeepsWhatStillParses() {
    String text = """
        network Half {
          input x: f32[N, 4]
          input W: f32[4, 2]
          h = relu(x @ W)
          g = softmax(
        }
        """;
    SemanticIndex index = index(text);
    Symbol h = index.occurrenceAt(at(text, "h =")).orElseThrow().symbol();
    assertThat(h.type().orElseThrow()).hasToString("f32[N, 2]");
    assertThat(index.networks().get(0).symbols()).extracting(Symbol::name).contains("g");
  }

  @Test
  void thePartialGraphSummarizesTheNodesThatCheckedBesideAnError() {
    String text = """
        network Partial {
          weights "absent.safetensors"
          input x: f32[N, 4]
          param W: f32[4, 3]
          param b: f32[3]
          h = relu(x @ W + b)
          output y = h @ W
        }
        """;
    CheckResult result = Frontend.check(new SourceFile("net.nn", text));
    assertThat(result.diagnostics()).extracting(d -> d.code().id()).containsExactly("NN0405", "NN0300");
    var graph = result.index().networks().get(0).partialGraph().orElseThrow();
    NetworkSummary summary = NetworkSummary.of(graph);
    NetworkSummary.Row h = summary.rows().stream().filter(r -> r.name().equals("h")).findFirst().orElseThrow();
    assertThat(h.params()).isEqualTo(15);
    assertThat(h.flops()).hasToString("30");
  }

  @Test
  void operationsAreIndexedAsWritten() {
    SemanticIndex index = index(FLIP + "network B { input x: f32[2] output y = relux(x) }\n");
    assertThat(index.operationAt(at(FLIP, "relu")).orElseThrow().known()).isTrue();
    var unknown = index.networks().get(1).operations().get(0);
    assertThat(unknown.name()).isEqualTo("relux");
    assertThat(unknown.known()).isFalse();
  }

  @Test
  void garbageGivesAnEmptyIndexNotAFailure() {
    assertThat(index("}}}{{{ @@@ network").networks()).isEmpty();
    assertThat(index("").occurrenceAt(0)).isEmpty();
  }
}
