package dev.netc.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** Settings as VS Code, Neovim and Emacs send them. */
class ClientSettingsTest {
  @Test
  void inlayHintsAreOnUnlessTurnedOff() {
    assertThat(ClientSettings.DEFAULT.inlayHints()).isTrue();
    assertThat(ClientSettings.DEFAULT.with(null).inlayHints()).isTrue();
    assertThat(ClientSettings.DEFAULT.with(json("{\"netc\": {\"inlayHints\": {\"enabled\": false}}}")).inlayHints()).isFalse();
    assertThat(ClientSettings.DEFAULT.with(json("{\"inlayHints\": {\"enabled\": false}}")).inlayHints()).isFalse();
  }

  @Test
  void whatIsNotUnderstoodChangesNothing() {
    ClientSettings off = new ClientSettings(false);
    assertThat(off.with(json("{\"netc\": {\"inlayHints\": {\"enabled\": \"yes\"}}}"))).isEqualTo(off);
    assertThat(off.with(json("[1, 2]"))).isEqualTo(off);
    assertThat(off.with(json("{\"other\": {}}"))).isEqualTo(off);
  }

  private static Object json(String text) {
    return JsonParser.parseString(text);
  }
}
