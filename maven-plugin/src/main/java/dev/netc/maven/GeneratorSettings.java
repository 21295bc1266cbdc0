package dev.netc.maven;

import dev.netc.compiler.emit.EmitOptions;
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
 * @param includes Ant-style patterns of the specs, relative to {@code sourceDirectory}
 * @param excludes Ant-style patterns of files not to treat as specs
 * @param outputDirectory where Java sources go, in folders by package
 * @param resourceOutputDirectory where weights resources go, in folders by package
 * @param stateFile where the digests and outputs of the last generation are kept
 * @param packageName the one package of every generated class; empty to derive each spec's
 *     package from its folder under {@code sourceDirectory}
 * @param failOnWarning whether warnings fail the build as errors do
 * @param foldLinear whether consecutive linear layers with inline weights are folded into one
 * @param vectorBits the vector width matmul kernels are generated for: 128, 256 or 512
 * @param kernels the register tile and cache sizes the kernels are tuned for
 * @param release the Java release the generated code is compiled for, 21 or later: from 22 the
 *     matmul weights live off the heap, aligned to cache lines
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
    Optional<String> packageName,
    boolean failOnWarning,
    boolean foldLinear,
    int vectorBits,
    KernelSettings kernels,
    int release,
    String toolIdentity) {

  /** The specs a build compiles when {@code includes} is not configured. */
  static final List<String> DEFAULT_INCLUDES = List.of("**/*.nn");

  /**
   * @throws IllegalArgumentException if {@code packageName} is not a Java package name or {@code
   *     vectorBits} is not a supported width; the message says which and how to fix it
   */
  GeneratorSettings {
    baseDirectory = baseDirectory.toAbsolutePath().normalize();
    sourceDirectory = baseDirectory.resolve(sourceDirectory).normalize();
    outputDirectory = baseDirectory.resolve(outputDirectory).normalize();
    resourceOutputDirectory = baseDirectory.resolve(resourceOutputDirectory).normalize();
    stateFile = baseDirectory.resolve(stateFile).normalize();
    includes = includes == null || includes.isEmpty() ? DEFAULT_INCLUDES : List.copyOf(includes);
    excludes = excludes == null ? List.of() : List.copyOf(excludes);
    packageName = packageName.filter(p -> !p.isBlank()).map(String::strip);
    Objects.requireNonNull(toolIdentity);
    kernels = kernels == null ? KernelSettings.DEFAULT : kernels;
    if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
      throw new IllegalArgumentException(
          "<vectorBits>" + vectorBits + "</vectorBits> is not supported: use 128, 256 (AVX2) or 512 (AVX-512)");
    }
    if (release < EmitOptions.MIN_RELEASE) {
      throw new IllegalArgumentException("<release>" + release + "</release>: netc's generated code needs Java "
          + EmitOptions.MIN_RELEASE + " or later (the Vector API); set <maven.compiler.release> or the plugin's "
          + "<release> to 21 or later");
    }
    packageName.ifPresent(p -> PackageNames.problem(p).ifPresent(problem -> {
      throw new IllegalArgumentException("<packageName>" + p + "</packageName> is not a Java package name: "
          + problem + "; use a name such as com.example.nets");
    }));
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
        "package=" + packageName.map(p -> "=" + p).orElse("from folders"),
        "foldLinear=" + foldLinear,
        "vectorBits=" + vectorBits,
        "tile=" + kernels.tile(),
        "l2Kib=" + kernels.l2Kib(),
        "l3Kib=" + kernels.l3Kib(),
        "release=" + release,
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
