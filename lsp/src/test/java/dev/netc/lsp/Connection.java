package dev.netc.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.InlayHintWorkspaceCapabilities;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsCapabilities;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEditCapabilities;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A server started in this JVM and an LSP4J client talking to it through a
 * pair of pipes: real JSON-RPC, framed as over standard input and output.
 */
final class Connection implements AutoCloseable {
  /** Generous: the machine may be busy with other builds. */
  static final long TIMEOUT_SECONDS = 60;

  final LanguageServer server;
  final TestClient client = new TestClient();
  final AtomicInteger exitStatus = new AtomicInteger(-1);
  final InitializeResult initialized;
  private final Future<Void> serverListening;
  private final Future<Void> clientListening;
  private final InputStream serverIn;
  private final OutputStream serverOut;
  private final InputStream clientIn;
  private final OutputStream clientOut;

  /** A connection from an editor that takes everything the server sends, as VS Code does. */
  Connection(ServerOptions options, Object initializationOptions) throws Exception {
    this(everything(initializationOptions), options);
  }

  /** A connection that introduces itself with {@code params}, as one editor or another does. */
  Connection(InitializeParams params, ServerOptions options) throws Exception {
    Pipe toServer = Pipe.open();
    Pipe toClient = Pipe.open();
    serverIn = Channels.newInputStream(toServer.source());
    serverOut = Channels.newOutputStream(toClient.sink());
    clientIn = Channels.newInputStream(toClient.source());
    clientOut = Channels.newOutputStream(toServer.sink());
    serverListening = NetcLanguageServer.launch(serverIn, serverOut, options, exitStatus::set);
    Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, clientIn, clientOut);
    server = launcher.getRemoteProxy();
    clientListening = launcher.startListening();
    initialized = get(server.initialize(params));
    server.initialized(new InitializedParams());
  }

  private static InitializeParams everything(Object initializationOptions) {
    InitializeParams params = new InitializeParams();
    ClientCapabilities capabilities = new ClientCapabilities();
    WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
    WorkspaceEditCapabilities edits = new WorkspaceEditCapabilities();
    edits.setDocumentChanges(true);
    workspace.setWorkspaceEdit(edits);
    workspace.setInlayHint(new InlayHintWorkspaceCapabilities(true));
    capabilities.setWorkspace(workspace);
    TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
    PublishDiagnosticsCapabilities diagnostics = new PublishDiagnosticsCapabilities();
    diagnostics.setRelatedInformation(true);
    text.setPublishDiagnostics(diagnostics);
    capabilities.setTextDocument(text);
    params.setCapabilities(capabilities);
    params.setInitializationOptions(initializationOptions);
    return params;
  }

  Connection() throws Exception {
    this(new ServerOptions(50, 10_000), null);
  }

  static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  void open(String uri, String text) {
    server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "netc", 1, text)));
  }

  /** Replaces the whole text. */
  void change(String uri, int version, String text) {
    server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
        new VersionedTextDocumentIdentifier(uri, version), List.of(new TextDocumentContentChangeEvent(text))));
  }

  /** Edits the text incrementally, as editors do. */
  void change(String uri, int version, List<TextDocumentContentChangeEvent> changes) {
    server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
        new VersionedTextDocumentIdentifier(uri, version), changes));
  }

  /** The next diagnostics published for {@code uri} that satisfy {@code wanted}; earlier ones are skipped. */
  PublishDiagnosticsParams diagnostics(String uri, Predicate<PublishDiagnosticsParams> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (true) {
      long left = deadline - System.nanoTime();
      PublishDiagnosticsParams p = client.diagnostics.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      assertThat(p).as("diagnostics for %s within %d s", uri, TIMEOUT_SECONDS).isNotNull();
      if (p.getUri().equals(uri) && wanted.test(p)) {
        return p;
      }
    }
  }

  /** The diagnostics published for this version of the document. */
  PublishDiagnosticsParams diagnostics(String uri, int version) throws InterruptedException {
    return diagnostics(uri, p -> p.getVersion() != null && p.getVersion() == version);
  }

  Hover hover(String uri, int line, int character) throws Exception {
    return get(server.getTextDocumentService().hover(
        new HoverParams(new TextDocumentIdentifier(uri), new Position(line, character))));
  }

  /** Shuts the server down as a client does; returns the status the server exits with. */
  int shutdown() throws Exception {
    get(server.shutdown());
    server.exit();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (exitStatus.get() < 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return exitStatus.get();
  }

  /**
   * Ends the conversation as a client that goes away does: the server's input ends, then the
   * client's. Interrupting the readers instead would make them log failures.
   */
  @Override
  public void close() throws IOException {
    closeQuietly(clientOut);
    awaitQuietly(serverListening);
    closeQuietly(serverOut);
    awaitQuietly(clientListening);
    closeQuietly(serverIn);
    closeQuietly(clientIn);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Best effort: one stream failing to close must not keep the others open.
    }
  }

  private static void awaitQuietly(Future<Void> listening) {
    try {
      listening.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      listening.cancel(true);
    }
  }
}
