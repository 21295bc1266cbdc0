package dev.netc.compiler.diag;

import dev.netc.compiler.source.Span;
import java.util.List;

/**
 * JSON Lines: one object per diagnostic, per line. The schema, documented in
 * {@code docs/diagnostics.md}:
 *
 * <pre>
 * {"file": "net.nn", "code": "NN0300", "severity": "error", "message": "...",
 *  "line": 8, "column": 19, "endLine": 8, "endColumn": 21, "label": "...",
 *  "related": [{"file", "line", "column", "endLine", "endColumn", "message"}],
 *  "notes": ["..."],
 *  "fixes": [{"message": "...", "edits": [{"line", "column", "endLine", "endColumn", "newText"}]}]}
 * </pre>
 *
 * Lines and columns are 1-based; columns count Unicode code points; an end is
 * exclusive.
 */
public final class JsonRenderer {
  public String render(Diagnostic d) {
    StringBuilder out = new StringBuilder("{");
    field(out, "file", d.span().file().name()).append(',');
    field(out, "code", d.code().id()).append(',');
    field(out, "severity", d.severity().word()).append(',');
    field(out, "message", d.message()).append(',');
    position(out, d.span()).append(',');
    field(out, "label", d.label()).append(',');
    out.append("\"related\":[");
    List<Label> related = d.related();
    for (int i = 0; i < related.size(); i++) {
      out.append(i == 0 ? "{" : ",{");
      field(out, "file", related.get(i).span().file().name()).append(',');
      position(out, related.get(i).span()).append(',');
      field(out, "message", related.get(i).message()).append('}');
    }
    out.append("],\"notes\":[");
    for (int i = 0; i < d.notes().size(); i++) {
      out.append(i == 0 ? "" : ",");
      string(out, d.notes().get(i));
    }
    out.append("],\"fixes\":[");
    for (int i = 0; i < d.fixes().size(); i++) {
      Fix fix = d.fixes().get(i);
      out.append(i == 0 ? "{" : ",{");
      field(out, "message", fix.message()).append(",\"edits\":[");
      for (int j = 0; j < fix.edits().size(); j++) {
        Edit e = fix.edits().get(j);
        out.append(j == 0 ? "{" : ",{");
        position(out, e.span()).append(',');
        field(out, "newText", e.replacement()).append('}');
      }
      out.append("]}");
    }
    out.append("]}\n");
    return out.toString();
  }

  private static StringBuilder position(StringBuilder out, Span s) {
    return out.append("\"line\":").append(s.line())
        .append(",\"column\":").append(s.column())
        .append(",\"endLine\":").append(s.endLine())
        .append(",\"endColumn\":").append(s.endColumn());
  }

  private static StringBuilder field(StringBuilder out, String name, String value) {
    string(out, name);
    out.append(':');
    return string(out, value);
  }

  /** Appends {@code s} as a JSON string. */
  public static StringBuilder string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }
}
