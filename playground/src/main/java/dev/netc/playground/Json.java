package dev.netc.playground;

import dev.netc.compiler.diag.JsonRenderer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the playground speaks: a reader to maps, lists, strings, doubles, booleans and
 * nulls, and a writer of the same. Requests are small and their shapes fixed, so a library would
 * bring more than it saves; strings are escaped by the compiler's {@link JsonRenderer}, which
 * {@code netc check --format json} writes with.
 */
final class Json {
  /** Nesting deeper than this is refused: an input tensor has a handful of axes, not thousands. */
  static final int MAX_DEPTH = 64;

  private final String text;
  private int at;

  private Json(String text) {
    this.text = text;
  }

  /** A request that is not JSON, or not the JSON expected: answered with 400 and this message. */
  static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message);
    }
  }

  /**
   * The value {@code text} holds.
   *
   * @throws Malformed saying where the text stops being JSON
   */
  static Object parse(String text) {
    Json reader = new Json(text);
    reader.space();
    Object value = reader.value(0);
    reader.space();
    if (reader.at < text.length()) {
      throw reader.error("unexpected text after the value");
    }
    return value;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
    if (at >= text.length()) {
      throw error("unexpected end of the text");
    }
    char c = text.charAt(at);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> word("true", Boolean.TRUE);
      case 'f' -> word("false", Boolean.FALSE);
      case 'n' -> word("null", null);
      default -> {
        if (c == '-' || c >= '0' && c <= '9') {
          yield number();
        }
        throw error("unexpected character '" + c + "'");
      }
    };
  }

  private Map<String, Object> object(int depth) {
    Map<String, Object> out = new LinkedHashMap<>();
    at++;
    space();
    if (peek('}')) {
      at++;
      return out;
    }
    while (true) {
      space();
      if (!peek('"')) {
        throw error("expected a quoted key");
      }
      String key = string();
      space();
      expect(':');
      space();
      out.put(key, value(depth + 1));
      space();
      if (peek(',')) {
        at++;
      } else {
        expect('}');
        return out;
      }
    }
  }

  private List<Object> array(int depth) {
    List<Object> out = new ArrayList<>();
    at++;
    space();
    if (peek(']')) {
      at++;
      return out;
    }
    while (true) {
      space();
      out.add(value(depth + 1));
      space();
      if (peek(',')) {
        at++;
      } else {
        expect(']');
        return out;
      }
    }
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    at++;
    while (true) {
      if (at >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        throw error("unterminated string");
      }
      char e = text.charAt(at++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw error("short \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          } catch (NumberFormatException bad) {
            throw error("bad \\u escape");
          }
          at += 4;
        }
        default -> throw error("unknown escape \\" + e);
      }
    }
  }

  private Double number() {
    int start = at;
    if (peek('-')) {
      at++;
    }
    while (at < text.length() && "0123456789.eE+-".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    try {
      return Double.valueOf(text.substring(start, at));
    } catch (NumberFormatException bad) {
      at = start;
      throw error("malformed number");
    }
  }

  private Object word(String word, Object value) {
    if (!text.startsWith(word, at)) {
      throw error("unexpected word");
    }
    at += word.length();
    return value;
  }

  private boolean peek(char c) {
    return at < text.length() && text.charAt(at) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
    at++;
  }

  private void space() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private Malformed error(String what) {
    return new Malformed("malformed JSON at offset " + at + ": " + what);
  }

  /** {@code value} as JSON: maps, lists, strings, numbers, booleans and null. */
  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case String s -> JsonRenderer.string(out, s);
      case Boolean b -> out.append(b);
      case Integer i -> out.append(i);
      case Long l -> out.append(l);
      case Number n -> number(out, n.doubleValue());
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          out.append(first ? "" : ",");
          first = false;
          JsonRenderer.string(out, String.valueOf(e.getKey()));
          out.append(':');
          write(out, e.getValue());
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          out.append(i == 0 ? "" : ",");
          write(out, list.get(i));
        }
        out.append(']');
      }
      default -> throw new IllegalArgumentException("no JSON for " + value.getClass());
    }
  }

  /** A number; JSON has no NaN or infinity, so those are written as the strings JavaScript's Number reads. */
  private static void number(StringBuilder out, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      JsonRenderer.string(out, Double.toString(v));
    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      out.append((long) v);
    } else {
      out.append(v);
    }
  }
}
