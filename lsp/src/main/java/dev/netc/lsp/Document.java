package dev.netc.lsp;

import java.util.List;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * One version of an open document's text. Immutable: an edit makes a new
 * version, so a check can read the text it was started on while later edits
 * arrive.
 */
public record Document(String uri, int version, String text) {

  /**
   * The document after {@code changes}, applied in order as the protocol says: a change
   * with a range replaces that range of the text as it is after the changes before it; a
   * change without one replaces the whole text.
   */
  public Document apply(List<TextDocumentContentChangeEvent> changes, int newVersion) {
    String current = text;
    for (TextDocumentContentChangeEvent change : changes) {
      if (change.getRange() == null) {
        current = change.getText();
        continue;
      }
      LineMap lines = new LineMap(current);
      int start = lines.offset(change.getRange().getStart());
      int end = Math.max(start, lines.offset(change.getRange().getEnd()));
      current = current.substring(0, start) + change.getText() + current.substring(end);
    }
    return new Document(uri, newVersion, current);
  }
}
