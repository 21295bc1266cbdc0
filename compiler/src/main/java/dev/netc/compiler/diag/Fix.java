package dev.netc.compiler.diag;

import java.util.List;

/**
 * A suggestion that fixes a diagnostic: what to do, in words, and when the
 * change is mechanical, the edits that do it (an editor offers them as a code
 * action). A fix without edits is advice only.
 */
public record Fix(String message, List<Edit> edits) {
  public Fix {
    edits = List.copyOf(edits);
  }

  public static Fix advice(String message) {
    return new Fix(message, List.of());
  }
}
