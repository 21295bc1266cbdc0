package dev.netc.maven;

/** Counts in words for log messages: "1 spec", "2 specs". */
final class Plural {
  private Plural() {}

  static String of(int count, String noun) {
    return count + " " + (count == 1 ? noun : noun + "s");
  }
}
