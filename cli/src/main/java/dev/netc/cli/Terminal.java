package dev.netc.cli;

import java.io.Console;

/** Whether standard output is an interactive terminal, on JDK 21 and later alike. */
final class Terminal {
  private Terminal() {}

  static boolean isInteractive() {
    if (System.getenv("NO_COLOR") != null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    Console console = System.console();
    if (console == null) {
      return false;
    }
    // From JDK 22 on, System.console() exists even when redirected; isTerminal() tells.
    try {
      return (boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException jdk21) {
      return true;
    }
  }
}
