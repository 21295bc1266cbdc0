package dev.netc.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The settings a client sends, in {@code initializationOptions} or with
 * {@code workspace/didChangeConfiguration}, as {@code {"netc": {"inlayHints":
 * {"enabled": false}}}} (the {@code netc} level may be left out). What is not
 * sent keeps its default.
 *
 * @param inlayHints whether to show each statement's inferred shape at its end
 */
public record ClientSettings(boolean inlayHints) {
  public static final ClientSettings DEFAULT = new ClientSettings(true);

  /** These settings updated with what {@code json} says; anything else in it is ignored. */
  public ClientSettings with(Object json) {
    if (!(json instanceof JsonObject root)) {
      return this;
    }
    JsonObject netc = root.has("netc") && root.get("netc").isJsonObject() ? root.getAsJsonObject("netc") : root;
    boolean hints = inlayHints;
    if (netc.get("inlayHints") instanceof JsonObject h && h.get("enabled") instanceof JsonElement e
        && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
      hints = e.getAsBoolean();
    }
    return new ClientSettings(hints);
  }
}
