package dev.netc.lsp;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.ClientInfo;
import org.eclipse.lsp4j.MarkupKind;

/**
 * What the editor can show, from the capabilities it declares in
 * {@code initialize}: the server words its answers for that editor instead of
 * sending what it would drop. eglot declares no related information and asks
 * for plain-text hovers unless {@code markdown-mode} is installed. Neovim
 * declares related information but shows it nowhere (0.7 to 0.10 at least):
 * it is told apart by the name it gives in {@code clientInfo}, and gets the
 * spans in the message like eglot.
 *
 * @param relatedInformation whether a diagnostic's secondary spans ("the 4 comes from W2's
 *     shape") may be sent as related information; otherwise they are written into its message
 * @param markdownHover whether hovers may be Markdown; otherwise they are plain text
 * @param versionedEdits whether the editor applies versioned document edits, which it refuses to
 *     apply to a text that changed since: the safe kind when it is offered
 * @param refreshesInlayHints whether the editor can be asked to fetch inlay hints again
 */
public record ClientFeatures(boolean relatedInformation, boolean markdownHover, boolean versionedEdits,
    boolean refreshesInlayHints) {
  /** An editor that shows everything: what the server assumes before {@code initialize}. */
  public static final ClientFeatures FULL = new ClientFeatures(true, true, true, true);

  /** Editors that declare related information but never show it. */
  private static final Set<String> HIDE_RELATED_INFORMATION = Set.of("Neovim");

  public static ClientFeatures of(ClientCapabilities c, ClientInfo client) {
    if (c == null) {
      return new ClientFeatures(false, true, false, false);
    }
    var text = Optional.ofNullable(c.getTextDocument());
    boolean related = text.map(t -> t.getPublishDiagnostics())
        .map(p -> Boolean.TRUE.equals(p.getRelatedInformation()))
        .orElse(false)
        && (client == null || !HIDE_RELATED_INFORMATION.contains(client.getName()));
    // The protocol lists formats in the client's order of preference; a client that names none takes Markdown.
    List<String> formats = text.map(t -> t.getHover()).map(h -> h.getContentFormat()).orElse(List.of());
    boolean markdown = formats.isEmpty() || MarkupKind.MARKDOWN.equals(formats.get(0));
    var workspace = Optional.ofNullable(c.getWorkspace());
    boolean versioned = workspace.map(w -> w.getWorkspaceEdit())
        .map(e -> Boolean.TRUE.equals(e.getDocumentChanges()))
        .orElse(false);
    boolean refresh = workspace.map(w -> w.getInlayHint())
        .map(h -> Boolean.TRUE.equals(h.getRefreshSupport()))
        .orElse(false);
    return new ClientFeatures(related, markdown, versioned, refresh);
  }
}
