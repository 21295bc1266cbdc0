package dev.netc.maven;

/**
 * The specs have errors (or warnings, with {@code failOnWarning}): each was logged where it was
 * found, and nothing was written. The message counts them, as javac's last line does.
 */
final class SpecProblemsException extends Exception {
  private static final long serialVersionUID = 1L;

  SpecProblemsException(int errors, int warnings, int specs, boolean warningsFail) {
    super(message(errors, warnings, specs, warningsFail));
  }

  private static String message(int errors, int warnings, int specs, boolean warningsFail) {
    StringBuilder text = new StringBuilder("netc: ");
    if (errors > 0) {
      text.append(Plural.of(errors, "error"));
      if (warningsFail && warnings > 0) {
        text.append(" and ").append(Plural.of(warnings, "warning"));
      }
    } else {
      text.append(Plural.of(warnings, "warning"));
    }
    text.append(" in ").append(Plural.of(specs, "spec"));
    if (warningsFail && warnings > 0) {
      text.append(" (failOnWarning is set)");
    }
    return text.append("; nothing was generated. Each one is listed above as file:line:col.").toString();
  }
}
