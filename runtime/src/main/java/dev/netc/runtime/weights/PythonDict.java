package dev.netc.runtime.weights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python dict literal of a {@code .npy} header, such as {@code {'descr': '<f4',
 * 'fortran_order': False, 'shape': (2, 3), }}.
 *
 * <p>Only what NumPy writes for plain arrays is understood: string keys, and values that are
 * strings, {@code True}/{@code False}, integers (with Python 2's optional {@code L} suffix) and
 * tuples of these. Anything else, such as the list descr of a structured array, is a syntax error,
 * which the caller reports as an unparseable header.
 */
final class PythonDict {
  /** NumPy shapes nest no tuples at all; this only keeps recursion bounded. */
  private static final int MAX_DEPTH = 8;

  sealed interface Literal permits Str, Bool, Int, Tuple {}

  record Str(String value) implements Literal {}

  record Bool(boolean value) implements Literal {}

  record Int(long value) implements Literal {}

  record Tuple(List<Literal> items) implements Literal {}

  /** A header that is not such a literal; the message says what and where. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxException(String message) {
      super(message);
    }
  }

  private final String text;
  private int pos;

  private PythonDict(String text) {
    this.text = text;
  }

  /**
   * The dict's entries in order.
   *
   * @throws SyntaxException if {@code text} is not one dict literal, or repeats a key
   */
  static Map<String, Literal> parse(String text) throws SyntaxException {
    PythonDict p = new PythonDict(text);
    p.skipWhitespace();
    Map<String, Literal> dict = p.dict();
    p.skipWhitespace();
    if (p.pos < text.length()) {
      throw p.error("unexpected " + p.describeHere() + " after the closing '}'");
    }
    return dict;
  }

  /** For messages: a literal written back as Python would write it. */
  static String show(Literal literal) {
    return switch (literal) {
      case Str s -> quote(s.value());
      case Bool b -> b.value() ? "True" : "False";
      case Int i -> Long.toString(i.value());
      case Tuple t -> {
        List<String> items = new ArrayList<>();
        t.items().forEach(item -> items.add(show(item)));
        yield "(" + String.join(", ", items) + (items.size() == 1 ? ",)" : ")");
      }
    };
  }

  /**
   * {@code s} in single quotes as Python's repr would write it for ASCII, with anything unusual
   * escaped so that a hostile header cannot forge message text, and cut when long.
   */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("'");
    int shown = Math.min(s.length(), 60);
    for (int i = 0; i < shown; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.append(shown < s.length() ? "...'" : "'").toString();
  }

  private Map<String, Literal> dict() throws SyntaxException {
    expect('{');
    Map<String, Literal> entries = new LinkedHashMap<>();
    while (true) {
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return entries;
      }
      int keyAt = pos;
      if (peek() != '\'' && peek() != '"') {
        throw error("expected a quoted key or '}', found " + describeHere());
      }
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Literal value = value(1);
      if (entries.put(key, value) != null) {
        pos = keyAt;
        throw error("key " + quote(key) + " appears twice");
      }
      skipWhitespace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != '}') {
        throw error("expected ',' or '}' after a value, found " + describeHere());
      }
    }
  }

  private Literal value(int depth) throws SyntaxException {
    char c = peek();
    if (c == '\'' || c == '"') {
      return new Str(string());
    } else if (c == '(') {
      return tuple(depth + 1);
    } else if (c == '-' || isDigit(c)) {
      return integer();
    } else if (text.startsWith("True", pos)) {
      pos += 4;
      return new Bool(true);
    } else if (text.startsWith("False", pos)) {
      pos += 5;
      return new Bool(false);
    }
    throw error("expected a string, True, False, an integer or a tuple, found " + describeHere());
  }

  /**
   * A parenthesized sequence; as in Python, {@code (3)} is the integer 3 and {@code (3,)} a tuple.
   */
  private Literal tuple(int depth) throws SyntaxException {
    if (depth > MAX_DEPTH) {
      throw error("tuples are nested more than " + MAX_DEPTH + " levels deep");
    }
    pos++; // '('
    List<Literal> items = new ArrayList<>();
    boolean sawComma = false;
    while (true) {
      skipWhitespace();
      if (peek() == ')') {
        pos++;
        return items.size() == 1 && !sawComma ? items.get(0) : new Tuple(List.copyOf(items));
      }
      items.add(value(depth));
      skipWhitespace();
      if (peek() == ',') {
        pos++;
        sawComma = true;
      } else if (peek() != ')') {
        throw error("expected ',' or ')' in a tuple, found " + describeHere());
      }
    }
  }

  private Int integer() throws SyntaxException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (!isDigit(peek())) {
      throw error("expected a digit, found " + describeHere());
    }
    while (isDigit(peek())) {
      pos++;
    }
    String digits = text.substring(start, pos);
    if (peek() == 'L') {
      pos++; // Python 2 wrote long integers as 3L
    }
    try {
      return new Int(Long.parseLong(digits));
    } catch (NumberFormatException e) {
      pos = start;
      throw error("integer " + digits + " does not fit in 64 bits");
    }
  }

  private String string() throws SyntaxException {
    char quote = text.charAt(pos);
    int start = ++pos;
    while (pos < text.length() && text.charAt(pos) != quote) {
      char c = text.charAt(pos);
      if (c == '\\') {
        throw error("escape sequences are not supported in .npy header strings");
      }
      if (c == '\n' || c == '\r') {
        break;
      }
      pos++;
    }
    if (pos >= text.length() || text.charAt(pos) != quote) {
      pos = start - 1;
      throw error("string is not terminated");
    }
    return text.substring(start, pos++);
  }

  private void expect(char c) throws SyntaxException {
    if (peek() != c) {
      throw error("expected '" + c + "', found " + describeHere());
    }
    pos++;
  }

  private void skipWhitespace() {
    while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  /** The current character, or NUL, which no token starts with, at the end. */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private String describeHere() {
    if (pos >= text.length()) {
      return "the end of the header";
    }
    return Names.describeChar(text.charAt(pos));
  }

  private SyntaxException error(String message) {
    return new SyntaxException(message + " at character " + pos);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
