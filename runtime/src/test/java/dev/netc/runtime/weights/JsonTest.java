package dev.netc.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.netc.runtime.weights.Json.JArray;
import dev.netc.runtime.weights.Json.JBool;
import dev.netc.runtime.weights.Json.JNull;
import dev.netc.runtime.weights.Json.JNumber;
import dev.netc.runtime.weights.Json.JObject;
import dev.netc.runtime.weights.Json.JString;
import dev.netc.runtime.weights.Json.Member;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The safetensors header parser accepts JSON and nothing else. */
class JsonTest {

  @Test
  void parsesEveryKindOfValue() throws Exception {
    Json.Value v =
        Json.parse(
            " {\"a\": [1, -2.5e3, \"x\\u00e9\\ud83d\\ude00\\n\", true, false, null], \"b\": {}} ");
    assertThat(v)
        .isEqualTo(
            new JObject(
                List.of(
                    new Member(
                        "a",
                        new JArray(
                            List.of(
                                new JNumber("1"),
                                new JNumber("-2.5e3"),
                                new JString("xé\uD83D\uDE00\n"),
                                new JBool(true),
                                new JBool(false),
                                new JNull()))),
                    new Member("b", new JObject(List.of())))));
  }

  @Test
  void keepsDuplicateKeysForTheCallerToReport() throws Exception {
    JObject o = (JObject) Json.parse("{\"k\": 1, \"k\": 2}");
    assertThat(o.members()).hasSize(2);
    assertThat(o.firstDuplicateKey()).contains("k");
    assertThat(o.get("k")).contains(new JNumber("1"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiterString = "=>",
      quoteCharacter = '`',
      textBlock =
          """
          ``                => there is nothing but whitespace
          `{"a": 1,}`       => expected a string key, found '}' at character 8
          `{'a': 1}`        => expected a string key, found "'" at character 1
          `[1, 2,]`         => unexpected ']'; expected a value at character 6
          `{"a": 01}`       => number has a leading zero at character 7
          `{"a": 1.}`       => expected a digit after the decimal point, found '}' at character 8
          `{"a": -}`        => expected a digit, found '}' at character 7
          `{"a": 1e}`       => expected a digit in the exponent, found '}' at character 8
          `{"a": tru}`      => unexpected 't'; expected a value at character 6
          `{"a": "x}`       => string is not terminated at character 6
          `{"a": "\\x"}`    => invalid escape sequence \\x at character 8
          `{"a": "\\ud800"}`=> \\u escape of a high surrogate is not followed by a low surrogate at character 13
          `{"a": "\\udc00"}`=> \\u escape of a lone low surrogate at character 13
          `{"a": "\\u12g4"}`=> expected a hex digit in a \\u escape, found 'g' at character 11
          `{} {}`           => unexpected '{' after the end of the JSON value at character 3
          `{"a" 1}`         => expected ':' after an object key, found '1' at character 5
          `{"a": 1 "b": 2}` => expected ',' or '}' after an object member, found '"' at character 8
          `/* c */ {}`      => unexpected '/'; expected a value at character 0
          `{"a": NaN}`      => unexpected 'N'; expected a value at character 6
          """)
  void rejects(String text, String message) {
    assertThatExceptionOfType(Json.SyntaxException.class)
        .isThrownBy(() -> Json.parse(text.replace("\\\\", "\\")))
        .withMessage(message.replace("\\\\", "\\"));
  }

  @Test
  void rejectsRawControlCharactersInStrings() {
    assertThatExceptionOfType(Json.SyntaxException.class)
        .isThrownBy(() -> Json.parse("{\"a\tb\": 1}"))
        .withMessage("unescaped control character U+0009 inside a string at character 3");
  }

  @Test
  void boundsNestingWithoutOverflowingTheStack() {
    assertThatExceptionOfType(Json.SyntaxException.class)
        .isThrownBy(() -> Json.parse("[".repeat(1_000_000)))
        .withMessage("values are nested more than 64 levels deep at character 64");
    assertThat(catchDepth("[".repeat(64) + "]".repeat(64))).isTrue();
  }

  private static boolean catchDepth(String text) {
    try {
      Json.parse(text);
      return true;
    } catch (Json.SyntaxException e) {
      return false;
    }
  }
}
