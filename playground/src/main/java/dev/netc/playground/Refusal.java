package dev.netc.playground;

/**
 * A request the playground will not answer as asked, with the HTTP status and the message the
 * page shows: never a stack trace.
 */
final class Refusal extends RuntimeException {
  private final int status;

  Refusal(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
