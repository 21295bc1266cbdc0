package dev.netc.compiler;

/**
 * A compile setting with a value netc cannot use. The message says what is wrong with the value
 * and what to use instead, without naming the setting: {@code netc compile} prefixes its flag
 * ({@code --tile 13x3: ...}), the Maven plugin its parameter ({@code <tile>13x3</tile>: ...}).
 */
public final class InvalidOptionException extends IllegalArgumentException {
  private final CompileOptions.Setting setting;
  private final String value;

  public InvalidOptionException(CompileOptions.Setting setting, String value, String problem) {
    super(problem);
    this.setting = setting;
    this.value = value;
  }

  public CompileOptions.Setting setting() {
    return setting;
  }

  /** The value as it was given. */
  public String value() {
    return value;
  }
}
