package dev.netc.compiler.diag;

import java.util.List;

/**
 * A suggestion that fixes a diagnostic: what to do, in words, and when the
 * change is mechanical, the edits that do it (an editor offers them as a code
 * action). A fix without edits is advice only.
 *
 * @param message the suggestion as the diagnostic's {@code help:} line shows it
 * @param title what the edits do, as a command in a menu: {@code Transpose W}, {@code Use `@`};
 *     empty for advice
 */
public record Fix(String message, String title, List<Edit> edits) {
  public Fix {
    edits = List.copyOf(edits);
    if (!edits.isEmpty() && title.isBlank()) {
      throw new IllegalArgumentException("a fix with edits needs a title: " + message);
    }
  }

  public static Fix advice(String message) {
    return new Fix(message, "", List.of());
  }
}
