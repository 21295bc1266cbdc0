package dev.netc.lsp;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.diag.Label;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DiagnosticTag;
import org.eclipse.lsp4j.Location;

/**
 * The compiler's diagnostics in the protocol's terms. Everything the command
 * line shows survives: the primary label, notes and suggestions go into the
 * message below its first line (editors show a diagnostic's message whole, and
 * a list of them its first line only, so that line is the short message), and
 * the secondary spans become related information, so "the 4 comes from W2's
 * shape" is a link to that shape. An editor that takes no related information
 * (eglot), or takes it and shows it nowhere (Neovim), would lose them: for it
 * they are written into the message instead, with their line.
 */
final class DiagnosticConverter {
  /** What {@code source} says in every diagnostic, so that editors can tell netc's from others'. */
  static final String SOURCE = "netc";

  private DiagnosticConverter() {}

  /**
   * @param relatedInformation whether the editor takes related information; when it does not,
   *     the secondary spans are folded into the message
   */
  static org.eclipse.lsp4j.Diagnostic convert(Diagnostic d, String uri, LineMap lines, boolean relatedInformation) {
    org.eclipse.lsp4j.Diagnostic out = new org.eclipse.lsp4j.Diagnostic();
    out.setRange(lines.range(d.span()));
    out.setSeverity(severity(d));
    out.setCode(d.code().id());
    out.setSource(SOURCE);
    out.setMessage(message(d, !relatedInformation));
    List<DiagnosticRelatedInformation> related = new ArrayList<>();
    for (Label label : d.related()) {
      related.add(new DiagnosticRelatedInformation(new Location(uri, lines.range(label.span())), label.message()));
    }
    if (relatedInformation && !related.isEmpty()) {
      out.setRelatedInformation(related);
    }
    if (d.code() == Code.UNUSED) {
      // Editors fade unused code out instead of underlining it.
      out.setTags(List.of(DiagnosticTag.Unnecessary));
    }
    return out;
  }

  private static DiagnosticSeverity severity(Diagnostic d) {
    return switch (d.severity()) {
      case ERROR -> DiagnosticSeverity.Error;
      case WARNING -> DiagnosticSeverity.Warning;
      case NOTE -> DiagnosticSeverity.Information;
    };
  }

  /**
   * The message, then the label, the secondary spans when {@code foldRelated} ({@code line 5:
   * the 4 comes from W2's shape}), notes ({@code note:}) and suggestions ({@code help:}), a line
   * each.
   */
  static String message(Diagnostic d, boolean foldRelated) {
    StringBuilder out = new StringBuilder(d.message());
    if (!d.label().isEmpty()) {
      out.append('\n').append(d.label());
    }
    if (foldRelated) {
      for (Label label : d.related()) {
        out.append("\nline ").append(label.span().line()).append(": ").append(label.message());
      }
    }
    for (String note : d.notes()) {
      out.append("\nnote: ").append(note);
    }
    for (Fix fix : d.fixes()) {
      out.append("\nhelp: ").append(fix.message());
    }
    return out.toString();
  }
}
