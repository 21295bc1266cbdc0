package dev.netc.compiler.diag;

/**
 * One line per diagnostic, {@code file:line:col: error: message [NN0300]}: the
 * form that IDEs, Maven's output parsers, CI annotators and grep understand.
 * Secondary spans follow as {@code note} lines of the same form.
 */
public final class GnuRenderer {
  public String render(Diagnostic d) {
    StringBuilder out = new StringBuilder();
    out.append(d.span().location()).append(": ").append(d.severity().word()).append(": ")
        .append(d.message()).append(" [").append(d.code().id()).append("]\n");
    for (Label related : d.related()) {
      out.append(related.span().location()).append(": note: ").append(related.message()).append('\n');
    }
    return out.toString();
  }
}
