package dev.netc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;

/**
 * {@code netc lsp} as an editor starts it: a process of its own, the protocol
 * over its standard input and output. The shaded jar is built after the tests,
 * so the process runs {@code Main} from the test class path.
 */
class LspProcessTest {
  private static final long TIMEOUT_SECONDS = 60;

  /** Records the diagnostics the server publishes; ignores the rest. */
  static final class Client implements LanguageClient {
    final BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();

    @Override
    public void telemetryEvent(Object object) {}

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams params) {
      diagnostics.add(params);
    }

    @Override
    public void showMessage(MessageParams params) {}

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams params) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void logMessage(MessageParams params) {}
  }

  @Test
  void initializeOpenPublishShutdownExitOverStdio() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "lsp")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      Client client = new Client();
      Launcher<LanguageServer> launcher =
          LSPLauncher.createClientLauncher(client, process.getInputStream(), process.getOutputStream());
      launcher.startListening();
      LanguageServer server = launcher.getRemoteProxy();

      InitializeResult init = server.initialize(new InitializeParams()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(init.getServerInfo().getName()).isEqualTo("netc");
      assertThat(init.getCapabilities().getHoverProvider().getLeft()).isTrue();
      server.initialized(new InitializedParams());

      String spec = """
          network Chain {
            input x: f32[N, 4]
            param W: f32[5, 2] = [[1, 0], [0, 1], [1, 1], [0, 0], [1, -1]]
            output y = x @ W
          }
          """;
      String uri = new File("chain.nn").toURI().toString();
      server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "netc", 1, spec)));
      PublishDiagnosticsParams published = client.diagnostics.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(published).as("diagnostics within %d s", TIMEOUT_SECONDS).isNotNull();
      assertThat(published.getUri()).isEqualTo(uri);
      assertThat(published.getDiagnostics()).singleElement().satisfies(d -> {
        assertThat(d.getCode().getLeft()).isEqualTo("NN0300");
        assertThat(d.getRange().getStart().getLine()).isEqualTo(3);
      });

      server.shutdown().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      server.exit();
      assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the server exits").isTrue();
      assertThat(process.exitValue()).isZero();
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void anEditorThatGoesAwayWithoutExitEndsTheServerWithStatusOne() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "lsp")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      process.getOutputStream().close();
      assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(1);
      assertThat(process.getInputStream().readAllBytes()).as("nothing but the protocol on stdout").isEmpty();
    } finally {
      process.destroyForcibly();
    }
  }
}
