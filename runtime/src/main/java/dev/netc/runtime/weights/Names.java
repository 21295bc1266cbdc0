package dev.netc.runtime.weights;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Quoting names for messages, and finding the names closest to a mistyped one. */
final class Names {
  /** Longer names are cut in messages: a hostile header could hold a name of megabytes. */
  private static final int MAX_QUOTED_CHARS = 120;

  /** Edit distance looks at this many leading characters, which keeps it cheap for long names. */
  private static final int MAX_COMPARED_CHARS = 100;

  private Names() {}

  /**
   * {@code name} in double quotes, with control characters and quotes escaped so that a name cannot
   * forge extra lines or fields in a message, and shortened when very long.
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

  /** Such as {@code 1 byte} or {@code 3 bytes}. */
  static String count(long n, String singular) {
    return n + " " + singular + (n == 1 ? "" : "s");
  }

  /** Items in prose: {@code a}, {@code a and b}, {@code a, b and c}. */
  static String list(List<String> items) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  /** A character for a syntax message: {@code 'x'}, {@code "'"}, or {@code U+0009}. */
  static String describeChar(char c) {
    if (c == '\'') {
      return "\"'\"";
    }
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  /**
   * Up to {@code limit} of {@code candidates}, closest to {@code wanted} first by edit distance,
   * ties broken alphabetically.
   */
  static List<String> closest(String wanted, Collection<String> candidates, int limit) {
    record Scored(String name, int distance) {}
    Comparator<Scored> order =
        Comparator.comparingInt(Scored::distance).thenComparing(Scored::name);
    // The best so far, worst on top, so that a header of a million names costs little more than
    // one pass: most candidates are dismissed as soon as they cannot beat the worst kept.
    PriorityQueue<Scored> best = new PriorityQueue<>(order.reversed());
    for (String candidate : candidates) {
      int bound = best.size() < limit ? Integer.MAX_VALUE : best.peek().distance();
      int distance = editDistance(wanted, candidate, bound);
      if (distance > bound) {
        continue;
      }
      Scored scored = new Scored(candidate, distance);
      if (best.size() < limit) {
        best.add(scored);
      } else if (order.compare(scored, best.peek()) < 0) {
        best.poll();
        best.add(scored);
      }
    }
    List<Scored> sorted = new ArrayList<>(best);
    sorted.sort(order);
    List<String> names = new ArrayList<>(sorted.size());
    sorted.forEach(s -> names.add(s.name()));
    return names;
  }

  /**
   * Levenshtein distance over the leading characters of both strings, or some value above {@code
   * bound} as soon as it is sure to exceed it.
   */
  static int editDistance(String a, String b, int bound) {
    int n = Math.min(a.length(), MAX_COMPARED_CHARS);
    int m = Math.min(b.length(), MAX_COMPARED_CHARS);
    if (Math.abs(n - m) > bound) {
      return bound + 1;
    }
    int[] previous = new int[m + 1];
    int[] current = new int[m + 1];
    for (int j = 0; j <= m; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= n; i++) {
      current[0] = i;
      int rowMin = i;
      for (int j = 1; j <= m; j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
        rowMin = Math.min(rowMin, current[j]);
      }
      if (rowMin > bound) {
        return bound + 1; // distances never shrink from one row to the next
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
