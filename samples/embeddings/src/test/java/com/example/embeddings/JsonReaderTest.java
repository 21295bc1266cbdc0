package com.example.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonReaderTest {

    @Test
    @DisplayName("every escape of RFC 8259 is decoded")
    void escapes() {
        assertEquals("\" \\ / \b \f \n \r \t A é", JsonReader.read("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9\""));
        // Hex digits in either case; characters that need no escape are taken as they are.
        assertEquals("\u00E9\u00E9 ü ##", JsonReader.read("\"\\u00E9\\u00e9 ü ##\""));
    }

    @Test
    @DisplayName("a surrogate pair of escapes becomes one character outside the BMP")
    void surrogatePairs() {
        String s = (String) JsonReader.read("\"\\ud83d\\ude00 \\uD834\\uDD1E\"");
        assertEquals("😀 𝄞", s);
        assertEquals(3, s.codePointCount(0, s.length()));
        assertEquals(0x1F600, s.codePointAt(0));
        // Written unescaped, the pair passes through as it is.
        assertEquals("😀", JsonReader.read("\"😀\""));
    }

    @Test
    @DisplayName("objects and arrays nest, objects keep their keys' order")
    void nesting() {
        Object value = JsonReader.read("""
                { "z": [1, [2, [3, {}]], []], "a": {"b": {"c": null}}, "t": true, "f": false, "s": "" }
                """);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("z", List.of(1L, List.of(2L, List.of(3L, Map.of())), List.of()));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("c", null);
        expected.put("a", Map.of("b", c));
        expected.put("t", true);
        expected.put("f", false);
        expected.put("s", "");
        assertEquals(expected, value);
        assertEquals(List.of("z", "a", "t", "f", "s"), List.copyOf(((Map<?, ?>) value).keySet()));
        assertNull(JsonReader.read(" null "));
        // A key given twice keeps its last value.
        assertEquals(Map.of("k", 2L), JsonReader.read("{\"k\": 1, \"k\": 2}"));
    }

    @Test
    @DisplayName("integers are longs, other numbers doubles")
    void numbers() {
        assertEquals(List.of(0L, -7L, 30521L, 9223372036854775807L, 0.5, -1.25e-3, 1e10, 2E+2, 1.0e19),
                JsonReader.read("[0, -7, 30521, 9223372036854775807, 0.5, -1.25e-3, 1e10, 2E+2, 10000000000000000000]"));
    }

    @Test
    @DisplayName("a document nested deeper than the limit is refused, not a stack overflow")
    void depthLimit() {
        int depth = JsonReader.MAX_DEPTH;
        String ok = "[".repeat(depth) + "]".repeat(depth);
        JsonReader.read(ok);
        String deep = "[".repeat(depth + 1) + "]".repeat(depth + 1);
        JsonReader.JsonException e = assertThrows(JsonReader.JsonException.class, () -> JsonReader.read(deep));
        assertEquals("malformed JSON at line 1, column " + (depth + 1) + ": nesting deeper than 512 levels", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("malformed documents are refused at the line and column where reading stopped")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            empty document                  | ``                     | 1 | 1  | unexpected end of input, expected a value
            trailing comma in an array      | `[1, 2, ]`             | 1 | 8  | unexpected ']', expected a value
            trailing comma in an object     | `{"a": 1,}`            | 1 | 9  | unexpected '}', expected a string key
            missing colon                   | `{"a" 1}`              | 1 | 6  | unexpected '1', expected ':' after an object key
            missing comma                   | `[1 2]`                | 1 | 4  | unexpected '2', expected ',' or ']' in an array
            unquoted key                    | `{a: 1}`               | 1 | 2  | unexpected 'a', expected a string key
            a bare word                     | `[x]`                  | 1 | 2  | unexpected 'x', expected a value
            unclosed string                 | `["abc`                | 1 | 2  | string never closed
            unclosed array                  | `[1, 2`                | 1 | 6  | unexpected end of input, expected ',' or ']' in an array
            unknown escape                  | `"a\\x"`               | 1 | 3  | unknown escape \\x in a string
            short unicode escape            | `"\\u12"`              | 1 | 6  | \\u must be followed by four hex digits
            non-hex unicode escape          | `"\\u12g4"`            | 1 | 6  | \\u must be followed by four hex digits
            leading zero                    | `01`                   | 1 | 2  | unexpected '1' after the document's value
            bare minus                      | `-`                    | 1 | 2  | a number needs a digit after '-'
            bare fraction                   | `1.`                   | 1 | 3  | a number needs a digit after '.'
            bare exponent                   | `1e+`                  | 1 | 4  | a number needs a digit in its exponent
            misspelt literal                | `tru`                  | 1 | 1  | unexpected 't', expected a value
            two documents                   | `{} {}`                | 1 | 4  | unexpected '{' after the document's value
            """)
    void malformed(String name, String document, int line, int column, String message) {
        JsonReader.JsonException e = assertThrows(JsonReader.JsonException.class, () -> JsonReader.read(document));
        assertEquals("malformed JSON at line " + line + ", column " + column + ": " + message, e.getMessage(), name);
        assertEquals(line, e.line());
        assertEquals(column, e.column());
    }

    @Test
    @DisplayName("the position counts lines, and a raw control character in a string is refused")
    void positionOnLaterLine() {
        JsonReader.JsonException e = assertThrows(JsonReader.JsonException.class,
                () -> JsonReader.read("{\n  \"vocab\": {\n    \"a\": 1,\n    \"b\" 2\n  }\n}"));
        assertEquals("malformed JSON at line 4, column 9: unexpected '2', expected ':' after an object key", e.getMessage());
        e = assertThrows(JsonReader.JsonException.class, () -> JsonReader.read("[\"a\nb\"]"));
        assertEquals("malformed JSON at line 1, column 4: unescaped control character U+000A in a string", e.getMessage());
        // A character outside printable ASCII is named by its code point.
        e = assertThrows(JsonReader.JsonException.class, () -> JsonReader.read("[1, é]"));
        assertEquals("malformed JSON at line 1, column 5: unexpected U+00E9, expected a value", e.getMessage());
    }

    @Test
    @DisplayName("the model's own tokenizer.json reads whole")
    void modelFile() throws Exception {
        try (var in = JsonReaderTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            Map<?, ?> document = (Map<?, ?>) JsonReader.read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            Map<?, ?> vocab = (Map<?, ?>) ((Map<?, ?>) document.get("model")).get("vocab");
            assertEquals(30522, vocab.size());
            assertEquals(101L, vocab.get("[CLS]"));
            assertEquals(Arrays.asList("version", "truncation", "padding", "added_tokens", "normalizer",
                    "pre_tokenizer", "post_processor", "decoder", "model"), List.copyOf(document.keySet()));
        }
    }
}
