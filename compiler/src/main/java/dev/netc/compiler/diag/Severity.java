package dev.netc.compiler.diag;

import java.util.Locale;

/** How much a diagnostic matters: errors stop compilation, the others inform. */
public enum Severity {
  ERROR,
  WARNING,
  NOTE;

  /** The word renderers print: {@code error}, {@code warning}, {@code note}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
