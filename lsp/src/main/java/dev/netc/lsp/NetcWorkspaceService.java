package dev.netc.lsp;

import java.util.Optional;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.services.WorkspaceService;

/** The {@code workspace/*} half of the protocol: settings, and weights files changing on disk. */
final class NetcWorkspaceService implements WorkspaceService {
  private final NetcLanguageServer server;

  NetcWorkspaceService(NetcLanguageServer server) {
    this.server = server;
  }

  @Override
  public void didChangeConfiguration(DidChangeConfigurationParams params) {
    server.settings(server.settings().with(params.getSettings()));
  }

  /**
   * A watched file changed (the VS Code extension watches weights files): its header is
   * read again, and every open spec is checked again in case it names the file.
   */
  @Override
  public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
    for (FileEvent event : params.getChanges()) {
      Optional.ofNullable(event.getUri()).flatMap(Analyzer::pathOf).ifPresent(server.weights()::forget);
    }
    server.workspace().recheckAll();
  }
}
