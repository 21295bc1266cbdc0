package dev.netc.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The jar's entry point, compiled for Java 8 so that any JVM can run it: on a
 * JVM older than netc needs it prints one line saying so and which JVM it was,
 * instead of an {@code UnsupportedClassVersionError}; otherwise it runs
 * {@link Main}. An editor that starts {@code java -jar netc.jar lsp} with an old
 * default {@code java} then logs the reason, not only "server exited".
 *
 * <p>It names {@link Main} only by reflection: a direct call would make an old
 * JVM load Main's newer class file while verifying this one.
 */
public final class Launcher {
  /** The oldest Java netc runs on; bin/find-jdk holds the same number. */
  static final int MIN_JAVA = 21;

  private Launcher() {}

  public static void main(String[] args) throws Throwable {
    String problem = problem(System.getProperty("java.specification.version"), System.getProperty("java.home"));
    if (problem != null) {
      System.err.println(problem);
      System.exit(1);
    }
    Method main = Class.forName("dev.netc.cli.Main").getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * Why a JVM of this specification version cannot run netc, in one line, or null when it can.
   *
   * @param version {@code java.specification.version}: {@code 1.8}, {@code 17}, {@code 21}
   * @param home {@code java.home}, to say which JVM it was
   */
  static String problem(String version, String home) {
    int major = major(version);
    if (major >= MIN_JAVA) {
      return null;
    }
    return "netc: needs Java " + MIN_JAVA + " or newer, but this is Java " + (major > 0 ? major : version)
        + " (" + home + "): start it with the netc launcher (/path/to/netc/netc), which finds a JDK "
        + MIN_JAVA + "+ itself, or with a JDK " + MIN_JAVA + "+'s java";
  }

  /** 1.8 -> 8, 17 -> 17; 0 when unreadable. */
  static int major(String version) {
    if (version == null) {
      return 0;
    }
    String v = version.startsWith("1.") ? version.substring(2) : version;
    int end = 0;
    while (end < v.length() && Character.isDigit(v.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
  }
}
