package dev.netc.lsp;

/**
 * How the server paces its work.
 *
 * @param debounceMillis how long typing must pause before an edit is checked
 * @param requestWaitMillis how long a request (hover, inlay hints, ...) waits for the check
 *     of the text it refers to before it answers from the latest check there is
 */
public record ServerOptions(long debounceMillis, long requestWaitMillis) {
  /** A pause of 150 ms feels immediate yet skips most intermediate keystrokes. */
  public static final ServerOptions DEFAULT = new ServerOptions(150, 2_000);

  public ServerOptions {
    if (debounceMillis < 0 || requestWaitMillis < 0) {
      throw new IllegalArgumentException("negative delay");
    }
  }
}
