package dev.netc.lsp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * An editor's session as bytes: a document, then edits with ranges an editor may send (past the
 * end of a line or of the text, reversed), each followed by what the editor asks for at a place
 * in the result: a check, hover, completion, definition, references, symbols, semantic tokens,
 * inlay hints and code actions. The language server must answer every one without throwing.
 *
 * <p>The input is split at zero bytes: the first part is the document, and each further part an
 * edit whose first four bytes are its start line and column and end line and column (unsigned),
 * and the rest its new text. A seed without a zero byte is a plain spec, opened and queried
 * once. Seeds: {@code src/test/resources/dev/netc/lsp/EditsFuzzTestInputs/edits/}.
 *
 * <p>In package {@code dev.netc.lsp} for the providers, which the server calls from within it.
 */
class EditsFuzzTest {
  private static final String URI = "untitled:fuzz.nn";
  private static final Analyzer ANALYZER = new Analyzer(new WeightsHeaders());

  @FuzzTest
  void edits(byte[] bytes) {
    List<byte[]> parts = split(bytes);
    Document document = new Document(URI, 1, text(parts.get(0), 0));
    query(ANALYZER.analyze(document), new Position(0, 0));
    for (int i = 1; i < parts.size(); i++) {
      byte[] part = parts.get(i);
      Range range = new Range(new Position(at(part, 0), at(part, 1)), new Position(at(part, 2), at(part, 3)));
      document = document.apply(List.of(new TextDocumentContentChangeEvent(range, text(part, 4))), i + 1);
      query(ANALYZER.analyze(document), range.getEnd());
    }
  }

  /** Everything an editor asks about a checked document, at {@code where}. */
  private static void query(Analysis analysis, Position where) {
    analysis.diagnostics();
    Range whole = new Range(new Position(0, 0), new Position(Integer.MAX_VALUE / 2, 0));
    HoverProvider.hover(analysis, where);
    Completion.at(Optional.of(analysis), analysis.document().text(), analysis.lines().offset(where));
    Navigation.definition(analysis, where);
    Navigation.references(analysis, where, true);
    DocumentSymbols.of(analysis);
    SemanticTokensProvider.of(analysis);
    InlayHints.of(analysis, whole);
    CodeActions.at(analysis, new Range(where, where), true);
  }

  private static List<byte[]> split(byte[] bytes) {
    List<byte[]> parts = new java.util.ArrayList<>();
    int from = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == 0) {
        parts.add(Arrays.copyOfRange(bytes, from, i));
        from = i + 1;
      }
    }
    return parts;
  }

  private static int at(byte[] part, int index) {
    return index < part.length ? part[index] & 0xFF : 0;
  }

  private static String text(byte[] part, int from) {
    return from >= part.length ? "" : new String(part, from, part.length - from, StandardCharsets.UTF_8);
  }
}
