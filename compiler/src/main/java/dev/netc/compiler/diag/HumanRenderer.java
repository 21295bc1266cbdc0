package dev.netc.compiler.diag;

import dev.netc.compiler.source.SourceFile;
import dev.netc.compiler.source.Span;

/**
 * Renders a diagnostic for a person at a terminal: the source line with the
 * span underlined, secondary spans with their labels, then notes and help.
 *
 * <pre>
 * error[NN0300]: matmul inner dimensions differ: [N, 4] @ [5, 2]
 *   --> net.nn:8:19
 *    |
 *  8 |   output y = h2 @ W3
 *    |                   ^^ W3 has 5 rows, but h2 has 4 columns
 *    |
 *   ::: net.nn:4:20
 *    |
 *  4 |   param W2: f32[6, 4]
 *    |                    - the 4 comes from W2's shape, through h2
 *    = help: ...
 * </pre>
 */
public final class HumanRenderer {
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String RED = "\u001b[1;31m";
  private static final String YELLOW = "\u001b[1;33m";
  private static final String CYAN = "\u001b[1;36m";
  private static final String BLUE = "\u001b[1;34m";

  /** The most code points of a source line shown; a longer line is cut around the span. */
  static final int MAX_LINE = 120;

  /** Code points kept on each side of the span when a line is cut. */
  static final int CONTEXT = 40;

  private static final String ELLIPSIS = "...";

  private final boolean color;

  public HumanRenderer(boolean color) {
    this.color = color;
  }

  public String render(Diagnostic d) {
    StringBuilder out = new StringBuilder();
    String severityColor = switch (d.severity()) {
      case ERROR -> RED;
      case WARNING -> YELLOW;
      case NOTE -> CYAN;
    };
    out.append(paint(severityColor, d.severity().word() + "[" + d.code().id() + "]"))
        .append(paint(BOLD, ": " + d.message()))
        .append('\n');
    int width = gutterWidth(d);
    String pad = " ".repeat(width);
    out.append(pad).append(paint(BLUE, "--> ")).append(d.span().location()).append('\n');
    if (d.span().file().text().isEmpty() && d.span().start() == 0) {
      // A file-level problem (not text, too large): no line to show.
    } else {
      snippet(out, d.span(), d.label(), '^', severityColor, width);
    }
    for (Label related : d.related()) {
      out.append(pad).append(' ').append(paint(BLUE, "|")).append('\n');
      out.append(pad).append(paint(BLUE, "::: ")).append(related.span().location()).append('\n');
      snippet(out, related.span(), related.message(), '-', BLUE, width);
    }
    for (String note : d.notes()) {
      out.append(pad).append(paint(BLUE, " = ")).append(paint(BOLD, "note")).append(": ").append(note).append('\n');
    }
    for (Fix fix : d.fixes()) {
      out.append(pad).append(paint(BLUE, " = ")).append(paint(BOLD, "help")).append(": ").append(fix.message()).append('\n');
    }
    return out.toString();
  }

  private void snippet(StringBuilder out, Span span, String label, char mark, String markColor, int width) {
    SourceFile file = span.file();
    int line = span.line();
    int[] cps = file.lineText(line).codePoints().toArray();
    String gutter = " ".repeat(width) + " " + paint(BLUE, "|");
    int startCol = span.column();
    int endCol = span.endLine() == line ? span.endColumn() : cps.length + 1;
    // A long line (a generated spec, a literal of thousands of values) is cut around the span.
    int from = 0;
    int to = cps.length;
    if (cps.length > MAX_LINE) {
      from = Math.max(0, startCol - 1 - CONTEXT);
      to = Math.min(cps.length, Math.min(Math.max(endCol - 1, startCol) + CONTEXT, from + MAX_LINE));
    }
    String cutBefore = from > 0 ? ELLIPSIS : "";
    String shown = cutBefore + new String(cps, from, Math.max(0, to - from)) + (to < cps.length ? ELLIPSIS : "");
    out.append(gutter).append('\n');
    out.append(paint(BLUE, String.format("%" + width + "d |", line))).append(' ').append(shown).append('\n');
    StringBuilder under = new StringBuilder(" ".repeat(cutBefore.length()));
    for (int i = from; i < startCol - 1 && i < cps.length; i++) {
      under.append(cps[i] == '\t' ? '\t' : ' ');
    }
    for (int i = Math.max(from, cps.length); i < startCol - 1; i++) {
      under.append(' ');
    }
    int length = Math.max(1, Math.min(endCol, to + 1) - startCol);
    String marks = String.valueOf(mark).repeat(length);
    out.append(gutter).append(' ').append(under).append(paint(markColor, marks + (label.isEmpty() ? "" : " " + label)));
    out.append('\n');
  }

  private static int gutterWidth(Diagnostic d) {
    int max = d.span().line();
    for (Label l : d.related()) {
      max = Math.max(max, l.span().line());
    }
    return Integer.toString(max).length() + 1;
  }

  private String paint(String code, String text) {
    return color ? code + text + RESET : text;
  }
}
