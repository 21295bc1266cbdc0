package dev.netc.lsp;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * The {@code textDocument/*} half of the protocol. Notifications only record
 * text and schedule checks, so that the thread reading the protocol is never
 * held up; requests answer from a finished check, waiting briefly for the
 * one of the current text (see {@link Workspace#current}).
 */
final class NetcTextDocumentService implements TextDocumentService {
  private final NetcLanguageServer server;

  NetcTextDocumentService(NetcLanguageServer server) {
    this.server = server;
  }

  private Workspace workspace() {
    return server.workspace();
  }

  @Override
  public void didOpen(DidOpenTextDocumentParams params) {
    var d = params.getTextDocument();
    workspace().open(new Document(d.getUri(), d.getVersion(), d.getText()));
  }

  @Override
  public void didChange(DidChangeTextDocumentParams params) {
    String uri = params.getTextDocument().getUri();
    Integer version = params.getTextDocument().getVersion();
    workspace().document(uri).ifPresent(old -> workspace().change(
        old.apply(params.getContentChanges(), version != null ? version : old.version() + 1)));
  }

  @Override
  public void didClose(DidCloseTextDocumentParams params) {
    String uri = params.getTextDocument().getUri();
    workspace().close(uri);
    server.clear(uri);
  }

  @Override
  public void didSave(DidSaveTextDocumentParams params) {
    // Every change is checked as it is made; saving adds nothing.
  }

  /** Applies {@code answer} to the check of the document's current text, or of the latest there is. */
  private <T> CompletableFuture<T> withAnalysis(String uri, Function<Analysis, T> answer, T none) {
    return workspace().current(uri, server.options().requestWaitMillis())
        .thenApply(a -> a == null ? none : answer.apply(a));
  }

  @Override
  public CompletableFuture<Hover> hover(HoverParams params) {
    return withAnalysis(params.getTextDocument().getUri(),
        a -> HoverProvider.hover(a, params.getPosition(), server.features().markdownHover()).orElse(null), null);
  }

  @Override
  public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
      DefinitionParams params) {
    return withAnalysis(params.getTextDocument().getUri(),
        a -> Either.forLeft(Navigation.definition(a, params.getPosition()).stream().toList()),
        Either.forLeft(List.of()));
  }

  @Override
  public CompletableFuture<List<? extends Location>> references(ReferenceParams params) {
    boolean declaration = params.getContext() == null || params.getContext().isIncludeDeclaration();
    return withAnalysis(params.getTextDocument().getUri(),
        a -> Navigation.references(a, params.getPosition(), declaration), List.of());
  }

  @Override
  public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(DocumentSymbolParams params) {
    return withAnalysis(params.getTextDocument().getUri(),
        a -> DocumentSymbols.of(a).stream().<Either<SymbolInformation, DocumentSymbol>>map(Either::forRight).toList(),
        List.of());
  }

  @Override
  public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
    String uri = params.getTextDocument().getUri();
    Optional<Document> document = workspace().document(uri);
    String text = document.map(Document::text).orElse("");
    int offset = new LineMap(text).offset(params.getPosition());
    return CompletableFuture.completedFuture(Either.forLeft(Completion.at(workspace().latest(uri), text, offset)));
  }

  @Override
  public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
    String uri = params.getTextDocument().getUri();
    return withAnalysis(uri, a -> {
      // A fix's edits are offsets into the text that was checked: never offer them for another text.
      boolean current = workspace().document(uri).map(d -> d.version() == a.version()).orElse(false);
      return current ? CodeActions.at(a, params.getRange(), a.client().versionedEdits()) : List.of();
    }, List.of());
  }

  @Override
  public CompletableFuture<List<InlayHint>> inlayHint(InlayHintParams params) {
    if (!server.settings().inlayHints()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return withAnalysis(params.getTextDocument().getUri(), a -> InlayHints.of(a, params.getRange()), List.of());
  }

  @Override
  public CompletableFuture<SemanticTokens> semanticTokensFull(SemanticTokensParams params) {
    return withAnalysis(params.getTextDocument().getUri(), SemanticTokensProvider::of, new SemanticTokens(List.of()));
  }
}
