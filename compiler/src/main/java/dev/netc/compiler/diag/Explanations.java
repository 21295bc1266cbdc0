package dev.netc.compiler.diag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The long form of each diagnostic code, for {@code netc explain}: read from
 * {@code explanations.md} beside this class, one {@code ## NN0300} section per code.
 */
public final class Explanations {
  private static final Map<String, String> BY_ID = load();

  private Explanations() {}

  public static Optional<String> of(Code code) {
    return Optional.ofNullable(BY_ID.get(code.id()));
  }

  private static Map<String, String> load() {
    Map<String, String> map = new HashMap<>();
    try (InputStream in = Explanations.class.getResourceAsStream("explanations.md")) {
      if (in == null) {
        return map;
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String id = null;
      StringBuilder body = new StringBuilder();
      for (String line : text.split("\\R", -1)) {
        if (line.startsWith("## ")) {
          if (id != null) {
            map.put(id, body.toString().strip());
          }
          id = line.substring(3).strip();
          body.setLength(0);
        } else if (id != null) {
          body.append(line).append('\n');
        }
      }
      if (id != null) {
        map.put(id, body.toString().strip());
      }
      return map;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
