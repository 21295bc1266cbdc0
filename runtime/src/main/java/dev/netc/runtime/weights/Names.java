package dev.netc.runtime.weights;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Quoting names for messages, and finding the names closest to a mistyped one. */
final class Names {
  /** Longer names are cut in messages: a hostile header could hold a name of megabytes. */
  private static final int MAX_QUOTED_CHARS = 120;

  /** Edit distance looks at this many leading characters, which keeps it cheap for long names. */
  private static final int MAX_COMPARED_CHARS = 100;

  private Names() {}

  /**
   * {@code name} in double quotes, with control characters and quotes escaped so that a name
   * cannot forge extra lines or fields in a message, and shortened when very long.
   */
  static String quote(String name) {
    StringBuilder sb = new StringBuilder(Math.min(name.length(), MAX_QUOTED_CHARS) + 2).append('"');
    int shown = Math.min(name.length(), MAX_QUOTED_CHARS);
    if (shown < name.length() && Character.isHighSurrogate(name.charAt(shown - 1))) {
      shown--; // never cut a character in half
    }
    for (int i = 0; i < shown; i++) {
      char c = name.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogateAt(name, i)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
    if (shown < name.length()) {
      sb.append("... (").append(name.length()).append(" characters)");
    }
    return sb.toString();
  }

  /**
   * Up to {@code limit} of {@code candidates}, closest to {@code wanted} first by edit distance,
   * ties broken alphabetically.
   */
  static List<String> closest(String wanted, Collection<String> candidates, int limit) {
    record Scored(String name, int distance) {}
    List<Scored> scored = new ArrayList<>(candidates.size());
    for (String c : candidates) {
      scored.add(new Scored(c, editDistance(wanted, c)));
    }
    scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
    List<String> names = new ArrayList<>(limit);
    for (int i = 0; i < Math.min(limit, scored.size()); i++) {
      names.add(scored.get(i).name());
    }
    return names;
  }

  /** Levenshtein distance over the leading characters of both strings. */
  static int editDistance(String a, String b) {
    int n = Math.min(a.length(), MAX_COMPARED_CHARS);
    int m = Math.min(b.length(), MAX_COMPARED_CHARS);
    int[] previous = new int[m + 1];
    int[] current = new int[m + 1];
    for (int j = 0; j <= m; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= n; i++) {
      current[0] = i;
      for (int j = 1; j <= m; j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[m];
  }

  private static boolean validSurrogateAt(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
