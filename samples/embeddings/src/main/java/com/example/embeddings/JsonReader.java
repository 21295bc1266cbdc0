package com.example.embeddings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict reader of JSON (RFC 8259) documents, enough to read a tokenizer.json without a
 * library.
 *
 * <p>A document becomes plain Java values: an object a {@code Map<String, Object>} that keeps the
 * document's key order, an array a {@code List<Object>}, a string a {@code String}, a number a
 * {@code Long} when it is an integer that fits one and a {@code Double} otherwise, {@code true}
 * and {@code false} a {@code Boolean}, and {@code null} Java's {@code null}. Of a key given twice
 * the last value wins, as in most readers.
 *
 * <p>Anything that is not JSON is refused with a {@link JsonException} naming the line and column
 * where reading stopped.
 */
final class JsonReader {

    /** Deeper nesting than this is refused, rather than overflowing the stack. */
    static final int MAX_DEPTH = 512;

    private final String text;
    private int pos;
    private int depth;

    private JsonReader(String text) {
        this.text = text;
    }

    /**
     * Reads one JSON document.
     *
     * @param text the whole document; whitespace may surround the value, nothing else
     * @return the value, as described in the class comment
     * @throws JsonException if {@code text} is not exactly one JSON value
     */
    static Object read(String text) {
        JsonReader reader = new JsonReader(text);
        reader.skipWhitespace();
        Object value = reader.readValue();
        reader.skipWhitespace();
        if (reader.pos < text.length()) {
            throw reader.error("unexpected " + reader.describeHere() + " after the document's value");
        }
        return value;
    }

    private Object readValue() {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> readObject();
            case '[' -> readArray();
            case '"' -> readString();
            case 't' -> readLiteral("true", Boolean.TRUE);
            case 'f' -> readLiteral("false", Boolean.FALSE);
            case 'n' -> readLiteral("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield readNumber();
                }
                throw error("unexpected " + describeHere() + ", expected a value");
            }
        };
    }

    private Map<String, Object> readObject() {
        enter();
        pos++; // '{'
        Map<String, Object> object = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return object;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("unexpected " + describeHere() + ", expected a string key");
            }
            String key = readString();
            skipWhitespace();
            expect(':', "':' after an object key");
            skipWhitespace();
            object.put(key, readValue());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return object;
            }
            if (c != ',') {
                pos--;
                throw error("unexpected " + describeHere() + ", expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> readArray() {
        enter();
        pos++; // '['
        List<Object> array = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return array;
        }
        while (true) {
            skipWhitespace();
            array.add(readValue());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return array;
            }
            if (c != ',') {
                pos--;
                throw error("unexpected " + describeHere() + ", expected ',' or ']' in an array");
            }
        }
    }

    private String readString() {
        int start = pos;
        pos++; // '"'
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                pos = start;
                throw error("string never closed");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            }
            if (c < 0x20) {
                throw error(String.format("unescaped control character U+%04X in a string", (int) c));
            }
            if (c != '\\') {
                out.append(c);
                pos++;
                continue;
            }
            pos++;
            if (pos >= text.length()) {
                pos = start;
                throw error("string never closed");
            }
            char escape = text.charAt(pos);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                // A character outside the BMP is written as two escapes, a high and a low
                // surrogate; appending each UTF-16 unit as read rebuilds the pair.
                case 'u' -> out.append(readHex4());
                default -> {
                    pos--;
                    throw error("unknown escape \\" + escape + " in a string");
                }
            }
            pos++;
        }
    }

    /** Reads the four hex digits after {@code \\u}; leaves {@code pos} on the last one. */
    private char readHex4() {
        int value = 0;
        for (int i = 1; i <= 4; i++) {
            int at = pos + i;
            int digit = at < text.length() ? hexValue(text.charAt(at)) : -1;
            if (digit < 0) {
                pos = at;
                throw error("\\u must be followed by four hex digits");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    /** The value of an ASCII hex digit, or -1; {@code Character.digit} would take other scripts' digits too. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private Number readNumber() {
        int start = pos;
        boolean integer = true;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            skipDigits();
        } else {
            throw error("a number needs a digit after '-'");
        }
        if (peek() == '.') {
            integer = false;
            pos++;
            if (!isDigit(peek())) {
                throw error("a number needs a digit after '.'");
            }
            skipDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integer = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("a number needs a digit in its exponent");
            }
            skipDigits();
        }
        String literal = text.substring(start, pos);
        if (integer) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooLarge) {
                // Falls through: an integer beyond a long is read as a double, as JavaScript would.
            }
        }
        return Double.parseDouble(literal);
    }

    private Object readLiteral(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + describeHere() + ", expected a value");
        }
        pos += word.length();
        return value;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void expect(char c, String what) {
        if (peek() != c) {
            throw error("unexpected " + describeHere() + ", expected " + what);
        }
        pos++;
    }

    /** The character at {@code pos}, or {@code 0} at the end of the input. */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void skipDigits() {
        while (isDigit(peek())) {
            pos++;
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

    private String describeHere() {
        if (pos >= text.length()) {
            return "end of input";
        }
        int c = text.codePointAt(pos);
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("U+%04X", c);
    }

    private JsonException error(String message) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new JsonException(message, line, column);
    }

    /** A document that is not JSON, with the 1-based line and column where reading stopped. */
    static final class JsonException extends IllegalArgumentException {
        private final int line;
        private final int column;

        JsonException(String message, int line, int column) {
            super("malformed JSON at line " + line + ", column " + column + ": " + message);
            this.line = line;
            this.column = column;
        }

        /** The 1-based line where reading stopped. */
        int line() {
            return line;
        }

        /** The 1-based column, in UTF-16 units, where reading stopped. */
        int column() {
            return column;
        }
    }
}
