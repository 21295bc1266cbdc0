package dev.netc.maven;

import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.InvalidOptionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one generation needs, without Maven's object model: where the specs are, where the
 * outputs and the state go, and the code generation options.
 *
 * @param baseDirectory the project's folder; specs are named relative to it, in generated code
 *     and in the state file, so that neither depends on where the project is checked out
 * @param sourceDirectory the folder searched for specs
 * @param includes Ant-style patterns of the specs ({@code .nn} files and {@code .onnx} models),
 *     relative to {@code sourceDirectory}
 * @param excludes Ant-style patterns of files not to treat as specs
 * @param outputDirectory where Java sources go, in folders by package
 * @param resourceOutputDirectory where weights resources go, in folders by package
 * @param stateFile where the digests and outputs of the last generation are kept
 * @param importDirectory where the {@code .onnx} models are imported to: each model's spec and
 *     weights go to its folder under the source folder, under this one
 * @param packageName the one package of every generated class; empty to derive each spec's
 *     package from its folder under {@code sourceDirectory}
 * @param failOnWarning whether warnings fail the build as errors do
 * @param compile how specs are compiled, as {@code netc compile}'s flags would say it; its package
 *     is {@code packageName}'s, or the unnamed one when packages come from folders
 * @param toolIdentity what tells this plugin and compiler apart from other builds of them; a
 *     change regenerates every spec
 */
record GeneratorSettings(
    Path baseDirectory,
    Path sourceDirectory,
    List<String> includes,
    List<String> excludes,
    Path outputDirectory,
    Path resourceOutputDirectory,
    Path stateFile,
    Path importDirectory,
    Optional<String> packageName,
    boolean failOnWarning,
    CompileOptions compile,
    String toolIdentity) {

  /** The specs a build compiles when {@code includes} is not configured: every spec, and every ONNX model. */
  static final List<String> DEFAULT_INCLUDES = List.of("**/*.nn", "**/*.onnx");

  /**
   * The compile options the plugin's parameters spell, checked as {@code netc compile} checks its
   * flags.
   *
   * @throws IllegalArgumentException naming the parameter, its value and what to use instead
   */
  static CompileOptions compileOptions(Optional<String> packageName, boolean foldLinear, int vectorBits, String tile,
      long l2Kib, long l3Kib, int release, String weightsType) {
    try {
      return CompileOptions.of(packageName.orElse(""), foldLinear, vectorBits, tile, l2Kib, l3Kib, release,
          weightsType);
    } catch (InvalidOptionException e) {
      String parameter = e.setting().parameter();
      String hint = e.setting() == CompileOptions.Setting.RELEASE
          ? "; set <maven.compiler.release> or the plugin's <release> to " + CompileOptions.MIN_RELEASE + " or later"
          : "";
      throw new IllegalArgumentException("<" + parameter + ">" + e.value() + "</" + parameter + ">: " + e.getMessage()
          + hint, e);
    }
  }

  GeneratorSettings {
    baseDirectory = baseDirectory.toAbsolutePath().normalize();
    sourceDirectory = baseDirectory.resolve(sourceDirectory).normalize();
    outputDirectory = baseDirectory.resolve(outputDirectory).normalize();
    resourceOutputDirectory = baseDirectory.resolve(resourceOutputDirectory).normalize();
    stateFile = baseDirectory.resolve(stateFile).normalize();
    importDirectory = baseDirectory.resolve(importDirectory).normalize();
    includes = includes == null || includes.isEmpty() ? DEFAULT_INCLUDES : List.copyOf(includes);
    excludes = excludes == null ? List.of() : List.copyOf(excludes);
    packageName = packageName.filter(p -> !p.isBlank()).map(String::strip);
    Objects.requireNonNull(toolIdentity);
    Objects.requireNonNull(compile);
    if (!compile.packageName().equals(packageName.orElse(""))) {
      throw new IllegalArgumentException("the compile options' package " + compile.packageName() + " is not "
          + packageName.orElse("the unnamed one"));
    }
  }

  /**
   * A digest of every setting that shapes the generated files, or decides whether a spec passes
   * ({@code failOnWarning}: turning it on must fail a build whose specs have warnings, even if
   * they are unchanged). When it differs from the one recorded, every spec is checked and
   * generated again; files whose content comes out the same are still left alone.
   */
  String fingerprint() {
    String text = String.join("\n",
        "tool=" + toolIdentity,
        "source=" + relative(sourceDirectory),
        "output=" + relative(outputDirectory),
        "resources=" + relative(resourceOutputDirectory),
        "imports=" + relative(importDirectory),
        "package=" + packageName.map(p -> "=" + p).orElse("from folders"),
        compile.describe(),
        "failOnWarning=" + failOnWarning);
    return Digests.sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code path} relative to the project, with {@code /} on every platform: how specs are named
   * in generated code, in diagnostics' secondary output and in the state file.
   */
  String relative(Path path) {
    Path absolute = baseDirectory.resolve(path).normalize();
    try {
      return baseDirectory.relativize(absolute).toString().replace('\\', '/');
    } catch (IllegalArgumentException otherRoot) {
      // A folder on another drive has no relative path: name it in full.
      return absolute.toString().replace('\\', '/');
    }
  }

  /** The file a {@link #relative(Path) relative} name stands for. */
  Path resolve(String relativeName) {
    return baseDirectory.resolve(relativeName).normalize();
  }
}
