package dev.netc.lsp;

import static dev.netc.lsp.Connection.get;
import static dev.netc.lsp.Specs.IMAGE_FLIP;
import static dev.netc.lsp.Specs.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.junit.jupiter.api.Test;

/** Hover, navigation, symbols, completion, inlay hints and semantic tokens, over real JSON-RPC. */
class FeaturesTest {
  private static final String URI = "untitled:flip.nn";
  private static final TextDocumentIdentifier DOC = new TextDocumentIdentifier(URI);

  private static Connection opened(Connection c) throws InterruptedException {
    c.open(URI, IMAGE_FLIP);
    c.diagnostics(URI, 1);
    return c;
  }

  private static String text(Hover h) {
    return h.getContents().getRight().getValue();
  }

  @Test
  void hoverOnANameGivesItsShapeAndForALayerItsParametersAndFlops() throws Exception {
    try (Connection c = opened(new Connection())) {
      Position hUse = at(IMAGE_FLIP, "h @ W2");
      Hover h = c.hover(URI, hUse.getLine(), hUse.getCharacter());
      assertThat(text(h)).contains("h: f32[N, 3]").contains("matmul -> add -> relu")
          .contains("15 parameters").contains("30 FLOPs per sample");
      assertThat(h.getRange().getStart()).isEqualTo(hUse);

      Position x = at(IMAGE_FLIP, "x:");
      assertThat(text(c.hover(URI, x.getLine(), x.getCharacter()))).contains("x: f32[N, 4]").contains("input");
      Position n = at(IMAGE_FLIP, "N, 4");
      assertThat(text(c.hover(URI, n.getLine(), n.getCharacter()))).contains("run-time dimension").contains("the batch");
    }
  }

  @Test
  void hoverInsideAnExpressionGivesTheInnermostExpressionsShape() throws Exception {
    try (Connection c = opened(new Connection())) {
      Position op = at(IMAGE_FLIP, "@ W1");
      assertThat(text(c.hover(URI, op.getLine(), op.getCharacter()))).contains("x @ W1: f32[N, 3]");
      Position relu = at(IMAGE_FLIP, "relu", 0, 1);
      assertThat(text(c.hover(URI, relu.getLine(), relu.getCharacter())))
          .contains("relu(x)").contains("f32[N, 3]");
      Position blank = at(IMAGE_FLIP, "network", 0, 2);
      assertThat(c.hover(URI, blank.getLine(), blank.getCharacter())).isNull();
    }
  }

  @Test
  void definitionAndReferencesFollowTheName() throws Exception {
    try (Connection c = opened(new Connection())) {
      TextDocumentService docs = c.server.getTextDocumentService();
      Position use = at(IMAGE_FLIP, "W1 + b1");
      List<? extends Location> definition = get(docs.definition(new DefinitionParams(DOC, use))).getLeft();
      assertThat(definition).singleElement()
          .satisfies(l -> assertThat(l.getRange().getStart()).isEqualTo(at(IMAGE_FLIP, "W1:")));

      ReferenceParams withDeclaration = new ReferenceParams(DOC, use, new ReferenceContext(true));
      assertThat(get(docs.references(withDeclaration))).hasSize(2);
      ReferenceParams usesOnly = new ReferenceParams(DOC, use, new ReferenceContext(false));
      List<? extends Location> uses = get(docs.references(usesOnly));
      assertThat(uses).hasSize(1);
      assertThat(uses.get(0).getRange().getStart()).isEqualTo(use);
    }
  }

  @Test
  void documentSymbolsAreTheNetworksAndTheirNames() throws Exception {
    try (Connection c = opened(new Connection())) {
      List<DocumentSymbol> symbols = get(c.server.getTextDocumentService().documentSymbol(new DocumentSymbolParams(DOC)))
          .stream().map(e -> e.getRight()).toList();
      assertThat(symbols).singleElement().satisfies(network -> {
        assertThat(network.getName()).isEqualTo("ImageFlip");
        assertThat(network.getChildren()).extracting(DocumentSymbol::getName)
            .containsExactly("N", "x", "W1", "b1", "W2", "b2", "h", "y_hat");
        assertThat(network.getChildren().get(7).getDetail()).isEqualTo("output f32[N, 4]");
      });
    }
  }

  @Test
  void completionOffersTheNamesDefinedSoFarAndTheOperations() throws Exception {
    try (Connection c = opened(new Connection())) {
      Position inH = at(IMAGE_FLIP, "relu(x");
      List<String> labels = get(c.server.getTextDocumentService().completion(new CompletionParams(DOC, inH)))
          .getLeft().stream().map(CompletionItem::getLabel).toList();
      assertThat(labels).contains("x", "W1", "b1", "W2", "relu", "softmax", "dense")
          .doesNotContain("h", "y_hat", "param", "output", "f32");
    }
  }

  @Test
  void completionOffersKeywordsAtAStatementsStartAndElementTypesInADeclaration() throws Exception {
    String text = IMAGE_FLIP.replace("  h = relu", "  input ids: \n  param Q: f32[3, 3] \n  \n  h = relu");
    try (Connection c = new Connection()) {
      c.open(URI, text);
      c.diagnostics(URI, 1);
      assertThat(completion(c, at(text, "ids: ", 0, 5))).containsExactly("f32", "i64", "i32");
      assertThat(completion(c, at(text, "param Q: ", 0, 9))).containsExactly("f32");
      assertThat(completion(c, at(text, "f32[3, 3] ", 0, 10))).containsExactly("from");
      assertThat(completion(c, at(text, "  \n  h = relu", 0, 2))).containsExactly("dim", "weights", "input", "param", "output");
    }
  }

  private static List<String> completion(Connection c, Position p) throws Exception {
    return get(c.server.getTextDocumentService().completion(new CompletionParams(DOC, p)))
        .getLeft().stream().map(CompletionItem::getLabel).toList();
  }

  @Test
  void inlayHintsShowEachStatementsShapeAtItsEnd() throws Exception {
    try (Connection c = opened(new Connection())) {
      List<InlayHint> hints = hints(c);
      assertThat(hints).extracting(h -> h.getLabel().getLeft()).containsExactly(": f32[N, 3]", ": f32[N, 4]");
      Position endOfH = at(IMAGE_FLIP, "+ b1)", 0, "+ b1)".length());
      assertThat(hints.get(0).getPosition()).isEqualTo(endOfH);
    }
  }

  @Test
  void inlayHintsAreOffWhenTheClientSaysSo() throws Exception {
    JsonObject off = JsonParser.parseString("{\"netc\": {\"inlayHints\": {\"enabled\": false}}}").getAsJsonObject();
    try (Connection c = opened(new Connection(new ServerOptions(50, 10_000), off))) {
      assertThat(hints(c)).isEmpty();
      JsonObject on = JsonParser.parseString("{\"netc\": {\"inlayHints\": {\"enabled\": true}}}").getAsJsonObject();
      c.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(on));
      assertThat(hints(c)).hasSize(2);
      assertThat(c.client.inlayHintRefreshes.get()).isEqualTo(1);
    }
  }

  private static List<InlayHint> hints(Connection c) throws Exception {
    Range all = new Range(new Position(0, 0), new Position(100, 0));
    return get(c.server.getTextDocumentService().inlayHint(new InlayHintParams(DOC, all)));
  }

  @Test
  void semanticTokensColorNamesByWhatTheyAre() throws Exception {
    try (Connection c = opened(new Connection())) {
      SemanticTokens tokens = get(c.server.getTextDocumentService().semanticTokensFull(new SemanticTokensParams(DOC)));
      List<Integer> data = tokens.getData();
      assertThat(data).isNotEmpty();
      assertThat(data.size() % 5).isZero();
      // The first token is the network's name, a class declaration.
      Position name = at(IMAGE_FLIP, "ImageFlip");
      assertThat(data.subList(0, 5)).containsExactly(name.getLine(), name.getCharacter(), "ImageFlip".length(),
          SemanticTokensProvider.TYPES.indexOf("class"), 1);
      List<String> legend = c.initialized.getCapabilities().getSemanticTokensProvider().getLegend().getTokenTypes();
      assertThat(legend).isEqualTo(SemanticTokensProvider.TYPES);
    }
  }
}
