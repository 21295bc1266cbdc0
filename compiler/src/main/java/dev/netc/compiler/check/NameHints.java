package dev.netc.compiler.check;

import dev.netc.compiler.diag.Edit;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.source.Span;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean": the closest known name within a small edit distance. */
public final class NameHints {
  private NameHints() {}

  public static Optional<String> closest(String wrong, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    int limit = Math.max(1, Math.min(3, wrong.length() / 3));
    for (String k : known) {
      int d = k.equalsIgnoreCase(wrong) ? 0 : distance(wrong.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
      if (d <= limit && (d < bestDistance || (d == bestDistance && k.compareTo(best) < 0))) {
        best = k;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * "did you mean `suggestion`?", with the edit that writes {@code suggestion} over
   * {@code wrong}, so that an editor can offer it as a quick fix.
   */
  public static Fix didYouMean(Span wrong, String suggestion) {
    return replace(wrong, suggestion, "did you mean `" + suggestion + "`?");
  }

  /** A fix that replaces the text of {@code at} with {@code text}: in a menu, "Use `text`". */
  static Fix replace(Span at, String text, String message) {
    return new Fix(message, "Use `" + text + "`", List.of(new Edit(at, text)));
  }

  /** Optimal string alignment distance: Levenshtein plus adjacent transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
