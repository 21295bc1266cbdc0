package dev.netc.compiler.check;

import java.util.List;
import java.util.Optional;

/**
 * The built-in operations as tools outside the checker see them: their names
 * and usage lines, for completion and hover in an editor. They come from the
 * checker's own table of operations, so the two can never disagree.
 */
public final class Operations {
  private Operations() {}

  /** Every operation's name, in the order the language reference lists them. */
  public static List<String> names() {
    return List.copyOf(CallChecker.OPERATIONS.keySet());
  }

  public static boolean exists(String name) {
    return CallChecker.isOperation(name);
  }

  /** {@code softmax(x, axis=...)}: the operation's parameters, optional ones with {@code =...}. */
  public static Optional<String> usage(String name) {
    return Optional.ofNullable(CallChecker.OPERATIONS.get(name)).map(op -> Arguments.call(name, op.params()));
  }
}
