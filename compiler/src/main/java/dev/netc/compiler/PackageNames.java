package dev.netc.compiler;

import java.util.Optional;
import javax.lang.model.SourceVersion;

/** Java package names from spec folders, and what is wrong with a name that is not one. */
public final class PackageNames {
  private PackageNames() {}

  /** The package of a spec at {@code relativePath} under the source folder: {@code com/example/x.nn} is {@code com.example}. */
  public static String fromSpecPath(String relativePath) {
    String normalized = relativePath.replace('\\', '/');
    int slash = normalized.lastIndexOf('/');
    return slash < 0 ? "" : normalized.substring(0, slash).replace('/', '.');
  }

  /**
   * Why {@code name} cannot be a Java package name ("`my-nets` is not a Java identifier"), or
   * empty when it can. The empty name, Java's unnamed package, is allowed.
   */
  public static Optional<String> problem(String name) {
    if (name.isEmpty() || SourceVersion.isName(name)) {
      return Optional.empty();
    }
    for (String part : name.split("\\.", -1)) {
      if (part.isEmpty()) {
        return Optional.of("it has an empty part");
      }
      if (SourceVersion.isKeyword(part)) {
        return Optional.of("`" + part + "` is a Java keyword");
      }
      if (!SourceVersion.isIdentifier(part)) {
        return Optional.of("`" + part + "` is not a Java identifier");
      }
    }
    return Optional.of("it is not a qualified Java name");
  }
}
