package dev.netc.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.SaveOptions;
import org.eclipse.lsp4j.SemanticTokensWithRegistrationOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The netc language server: shape errors as you type, and the shapes the
 * checker infers, in any editor that speaks the Language Server Protocol.
 *
 * <p>Every answer comes from the compiler's own front end ({@code Frontend.check})
 * and the index of names and types it builds, so the editor and {@code netc
 * check} never disagree. Run it over standard input and output with
 * {@code netc lsp}, or over any pair of streams with {@link #launch}.
 */
public final class NetcLanguageServer implements LanguageServer, LanguageClientAware {
  private final ServerOptions options;
  private final IntConsumer exit;
  private final WeightsHeaders weights = new WeightsHeaders();
  private final Workspace workspace;
  private final NetcTextDocumentService documents;
  private final NetcWorkspaceService workspaceService;
  private volatile LanguageClient client;
  private volatile ClientFeatures features = ClientFeatures.FULL;
  private volatile ClientSettings settings = ClientSettings.DEFAULT;
  private volatile boolean shutdown;

  /**
   * @param exit what the {@code exit} notification does, given the status the protocol asks
   *     for: 0 after a {@code shutdown} request, 1 without one. {@code netc lsp} ends the
   *     process; a test records the status.
   */
  public NetcLanguageServer(ServerOptions options, IntConsumer exit) {
    this.options = options;
    this.exit = exit;
    this.workspace = new Workspace(new Analyzer(weights, () -> features), options.debounceMillis(), this::publish);
    this.documents = new NetcTextDocumentService(this);
    this.workspaceService = new NetcWorkspaceService(this);
  }

  /**
   * Starts a server that speaks JSON-RPC over {@code in} and {@code out}. The returned future
   * completes when {@code in} ends.
   */
  public static Future<Void> launch(InputStream in, OutputStream out, ServerOptions options, IntConsumer exit) {
    NetcLanguageServer server = new NetcLanguageServer(options, exit);
    Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
    server.connect(launcher.getRemoteProxy());
    return launcher.startListening();
  }

  @Override
  public void connect(LanguageClient client) {
    this.client = client;
  }

  @Override
  public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
    features = ClientFeatures.of(params.getCapabilities(), params.getClientInfo());
    settings = settings.with(params.getInitializationOptions());
    return CompletableFuture.completedFuture(new InitializeResult(serverCapabilities(), new ServerInfo("netc", version())));
  }

  private static ServerCapabilities serverCapabilities() {
    ServerCapabilities c = new ServerCapabilities();
    TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
    sync.setOpenClose(true);
    sync.setChange(TextDocumentSyncKind.Incremental);
    sync.setSave(new SaveOptions(false));
    c.setTextDocumentSync(sync);
    c.setHoverProvider(true);
    c.setDefinitionProvider(true);
    c.setReferencesProvider(true);
    c.setDocumentSymbolProvider(true);
    c.setCompletionProvider(new CompletionOptions(false, List.of()));
    c.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
    c.setInlayHintProvider(true);
    SemanticTokensWithRegistrationOptions tokens = new SemanticTokensWithRegistrationOptions(SemanticTokensProvider.legend());
    tokens.setFull(true);
    c.setSemanticTokensProvider(tokens);
    return c;
  }

  private static String version() {
    String v = NetcLanguageServer.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
  }

  @Override
  public CompletableFuture<Object> shutdown() {
    shutdown = true;
    workspace.close();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void exit() {
    workspace.close();
    exit.accept(shutdown ? 0 : 1);
  }

  @Override
  public TextDocumentService getTextDocumentService() {
    return documents;
  }

  @Override
  public WorkspaceService getWorkspaceService() {
    return workspaceService;
  }

  Workspace workspace() {
    return workspace;
  }

  WeightsHeaders weights() {
    return weights;
  }

  ServerOptions options() {
    return options;
  }

  ClientSettings settings() {
    return settings;
  }

  /** New settings from the client; editors showing inlay hints are asked to fetch them again. */
  void settings(ClientSettings updated) {
    boolean changed = !updated.equals(settings);
    settings = updated;
    if (changed && client != null && features.refreshesInlayHints()) {
      client.refreshInlayHints();
    }
  }

  /** What the editor declared it can show. */
  ClientFeatures features() {
    return features;
  }

  private void publish(Analysis analysis) {
    LanguageClient c = client;
    if (c != null) {
      c.publishDiagnostics(new PublishDiagnosticsParams(analysis.document().uri(), analysis.diagnostics(),
          analysis.version()));
    }
  }

  /** Clears an editor's diagnostics for a document it closed. */
  void clear(String uri) {
    LanguageClient c = client;
    if (c != null) {
      c.publishDiagnostics(new PublishDiagnosticsParams(uri, List.of()));
    }
  }
}
