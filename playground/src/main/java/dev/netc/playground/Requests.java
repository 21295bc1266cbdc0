package dev.netc.playground;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reading a request's JSON body, within its limits. */
final class Requests {
  private Requests() {}

  /**
   * The body, a JSON object.
   *
   * @throws Refusal 415 when it is not sent as JSON (which also keeps other sites' plain forms
   *     out), 413 when it is larger than {@code maxBytes}, 400 when it is not a JSON object
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(HttpExchange exchange, int maxBytes) throws IOException {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new Refusal(415, "send the request as Content-Type: application/json");
    }
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > maxBytes) {
          throw new Refusal(413, "the request is larger than the playground's limit of " + kib(maxBytes));
        }
      } catch (NumberFormatException e) {
        throw new Refusal(400, "malformed Content-Length");
      }
    }
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readNBytes(maxBytes + 1);
    }
    if (bytes.length > maxBytes) {
      throw new Refusal(413, "the request is larger than the playground's limit of " + kib(maxBytes));
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new Refusal(400, "the request is not UTF-8 text");
    }
    Object value;
    try {
      value = Json.parse(text);
    } catch (Json.Malformed e) {
      throw new Refusal(400, e.getMessage());
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new Refusal(400, "the request is a JSON object, {\"spec\": \"...\"}");
    }
    return (Map<String, Object>) map;
  }

  /** A string field; 400 when it is absent or not a string. */
  static String string(Map<String, Object> request, String field) {
    if (!(request.get(field) instanceof String s)) {
      throw new Refusal(400, "the request needs a string field `" + field + "`");
    }
    return s;
  }

  static String kib(long bytes) {
    return (bytes >> 10) + " KiB";
  }
}
