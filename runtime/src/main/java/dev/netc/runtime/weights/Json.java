package dev.netc.runtime.weights;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A strict RFC 8259 JSON parser, just enough for safetensors headers.
 *
 * <p>Strict: no comments, trailing commas, single quotes, leading zeros, unescaped control
 * characters or lone surrogates, and nothing but whitespace after the value. Bounded: the input is
 * already in memory and capped by the caller, nesting is limited to {@link #MAX_DEPTH} so that
 * recursion cannot overflow the stack, and every loop advances through the input.
 *
 * <p>Objects keep their members in order, duplicates included, so that the caller can report a
 * duplicate key in its own terms ("tensor appears twice" rather than "duplicate key").
 */
final class Json {
  /** Deeper than any safetensors header needs (three levels), shallow enough for any stack. */
  static final int MAX_DEPTH = 64;

  sealed interface Value permits JObject, JArray, JString, JNumber, JBool, JNull {}

  record Member(String key, Value value) {}

  record JObject(List<Member> members) implements Value {
    /** The value of the first member named {@code key}. */
    Optional<Value> get(String key) {
      for (Member m : members) {
        if (m.key().equals(key)) {
          return Optional.of(m.value());
        }
      }
      return Optional.empty();
    }

    /** The first key that occurs a second time. */
    Optional<String> firstDuplicateKey() {
      Set<String> seen = new HashSet<>();
      for (Member m : members) {
        if (!seen.add(m.key())) {
          return Optional.of(m.key());
        }
      }
      return Optional.empty();
    }
  }

  record JArray(List<Value> elements) implements Value {}

  record JString(String value) implements Value {}

  /** A number kept as written, so that integers of any size can be judged exactly. */
  record JNumber(String text) implements Value {
    boolean isInteger() {
      return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
    }
  }

  record JBool(boolean value) implements Value {}

  record JNull() implements Value {}

  /** Malformed JSON; the message says what and where, without a file name. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxException(String message) {
      super(message);
    }
  }

  private Json() {}

  /**
   * Parses one JSON value that makes up the whole of {@code text}, surrounding whitespace aside.
   */
  static Value parse(String text) throws SyntaxException {
    return new Parser(text).document();
  }

  /**
   * For messages: what kind of value {@code v} is, such as {@code an array} or {@code the number
   * 3}.
   */
  static String describe(Value v) {
    return switch (v) {
      case JObject o -> "an object";
      case JArray a -> "an array";
      case JString s -> "the string " + Names.quote(s.value());
      case JNumber n ->
          "the number " + (n.text().length() <= 40 ? n.text() : n.text().substring(0, 40) + "...");
      case JBool b -> b.value() ? "true" : "false";
      case JNull n -> "null";
    };
  }

  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    Value document() throws SyntaxException {
      skipWhitespace();
      if (pos == text.length()) {
        throw new SyntaxException("there is nothing but whitespace");
      }
      Value v = value(0);
      skipWhitespace();
      if (pos < text.length()) {
        throw error("unexpected " + charAt(pos) + " after the end of the JSON value");
      }
      return v;
    }

    private Value value(int depth) throws SyntaxException {
      if (pos == text.length()) {
        throw error("unexpected end of text; expected a value");
      }
      char c = text.charAt(pos);
      return switch (c) {
        case '{' -> object(depth + 1);
        case '[' -> array(depth + 1);
        case '"' -> new JString(string());
        case 't' -> literal("true", new JBool(true));
        case 'f' -> literal("false", new JBool(false));
        case 'n' -> literal("null", new JNull());
        default -> {
          if (c == '-' || isDigit(c)) {
            yield number();
          }
          throw error("unexpected " + charAt(pos) + "; expected a value");
        }
      };
    }

    private JObject object(int depth) throws SyntaxException {
      checkDepth(depth);
      pos++; // '{'
      List<Member> members = new ArrayList<>();
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return new JObject(members);
      }
      while (true) {
        skipWhitespace();
        if (peek() != '"') {
          throw error("expected a string key, found " + describeHere());
        }
        String key = string();
        skipWhitespace();
        expect(':', "after an object key");
        skipWhitespace();
        members.add(new Member(key, value(depth)));
        skipWhitespace();
        if (peek() == ',') {
          pos++;
        } else if (peek() == '}') {
          pos++;
          return new JObject(members);
        } else {
          throw error("expected ',' or '}' after an object member, found " + describeHere());
        }
      }
    }

    private JArray array(int depth) throws SyntaxException {
      checkDepth(depth);
      pos++; // '['
      List<Value> elements = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        return new JArray(elements);
      }
      while (true) {
        skipWhitespace();
        elements.add(value(depth));
        skipWhitespace();
        if (peek() == ',') {
          pos++;
        } else if (peek() == ']') {
          pos++;
          return new JArray(elements);
        } else {
          throw error("expected ',' or ']' after an array element, found " + describeHere());
        }
      }
    }

    private String string() throws SyntaxException {
      int start = pos;
      pos++; // opening quote
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          pos = start;
          throw error("string is not terminated");
        }
        char c = text.charAt(pos);
        if (c == '"') {
          pos++;
          return sb.toString();
        } else if (c == '\\') {
          escape(sb);
        } else if (c < 0x20) {
          throw error("unescaped control character " + charAt(pos) + " inside a string");
        } else {
          sb.append(c);
          pos++;
        }
      }
    }

    private void escape(StringBuilder sb) throws SyntaxException {
      pos++; // backslash
      if (pos >= text.length()) {
        throw error("string ends inside an escape sequence");
      }
      char c = text.charAt(pos++);
      switch (c) {
        case '"' -> sb.append('"');
        case '\\' -> sb.append('\\');
        case '/' -> sb.append('/');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          char unit = hex4();
          if (Character.isHighSurrogate(unit)) {
            if (!text.startsWith("\\u", pos)) {
              throw error("\\u escape of a high surrogate is not followed by a low surrogate");
            }
            pos += 2;
            char low = hex4();
            if (!Character.isLowSurrogate(low)) {
              throw error("\\u escape of a high surrogate is not followed by a low surrogate");
            }
            sb.append(unit).append(low);
          } else if (Character.isLowSurrogate(unit)) {
            throw error("\\u escape of a lone low surrogate");
          } else {
            sb.append(unit);
          }
        }
        default -> {
          pos--;
          throw error("invalid escape sequence \\" + charAt(pos).replace("'", ""));
        }
      }
    }

    private char hex4() throws SyntaxException {
      if (pos + 4 > text.length()) {
        throw error("string ends inside a \\u escape");
      }
      int v = 0;
      for (int i = 0; i < 4; i++) {
        int d = Character.digit(text.charAt(pos), 16);
        if (d < 0 || text.charAt(pos) > 'f') {
          throw error("expected a hex digit in a \\u escape, found " + charAt(pos));
        }
        v = v * 16 + d;
        pos++;
      }
      return (char) v;
    }

    private JNumber number() throws SyntaxException {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
        if (isDigit(peek())) {
          throw error("number has a leading zero");
        }
      } else if (isDigit(peek())) {
        digits();
      } else {
        throw error("expected a digit, found " + describeHere());
      }
      if (peek() == '.') {
        pos++;
        requireDigit("after the decimal point");
        digits();
      }
      if (peek() == 'e' || peek() == 'E') {
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        requireDigit("in the exponent");
        digits();
      }
      return new JNumber(text.substring(start, pos));
    }

    private void requireDigit(String where) throws SyntaxException {
      if (!isDigit(peek())) {
        throw error("expected a digit " + where + ", found " + describeHere());
      }
    }

    private void digits() {
      while (isDigit(peek())) {
        pos++;
      }
    }

    private Value literal(String word, Value v) throws SyntaxException {
      if (!text.startsWith(word, pos)) {
        throw error("unexpected " + charAt(pos) + "; expected a value");
      }
      pos += word.length();
      return v;
    }

    private void expect(char c, String where) throws SyntaxException {
      if (peek() != c) {
        throw error("expected '" + c + "' " + where + ", found " + describeHere());
      }
      pos++;
    }

    private void checkDepth(int depth) throws SyntaxException {
      if (depth > MAX_DEPTH) {
        throw error("values are nested more than " + MAX_DEPTH + " levels deep");
      }
    }

    private void skipWhitespace() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    /** The current character, or a value no JSON token starts with at the end of the text. */
    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private String describeHere() {
      return pos < text.length() ? charAt(pos) : "the end of the text";
    }

    private String charAt(int i) {
      return Names.describeChar(text.charAt(i));
    }

    private SyntaxException error(String message) {
      return new SyntaxException(message + " at character " + pos);
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }
  }
}
