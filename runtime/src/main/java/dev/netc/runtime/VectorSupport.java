package dev.netc.runtime;

/**
 * Checks, before any kernel class is loaded, that the JVM has the Vector API
 * module, so that a missing flag is one clear message rather than a
 * {@code NoClassDefFoundError} from deep inside a kernel.
 */
public final class VectorSupport {
  private VectorSupport() {}

  /** The flag a JVM needs for netc's kernels. */
  public static final String FLAG = "--add-modules jdk.incubator.vector";

  public static boolean available() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /**
   * The width of this machine's preferred float vectors, in bits, as the Vector API reports it:
   * what code generated to run on this JVM ({@code netc run}) should be specialized to.
   *
   * @throws IllegalStateException if the Vector API module is missing
   */
  public static int preferredBits() {
    require("this");
    return PreferredWidth.BITS;
  }

  /** Throws with what to do when the Vector API module is missing. */
  public static void require(String network) {
    if (!available()) {
      throw new IllegalStateException("the network " + network + " runs on the Vector API, which this JVM has not "
          + "enabled: start java with " + FLAG + " (for Maven Surefire, <argLine>" + FLAG + "</argLine>)");
    }
  }
}
