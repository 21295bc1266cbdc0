package dev.netc.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.sonatype.plexus.build.incremental.BuildContext;

/**
 * What {@code netc:generate} and {@code netc:generate-test} share: every parameter but the folders,
 * whose defaults differ between main and test code, and the run itself, which is {@link
 * SpecGenerator}'s.
 */
public abstract class AbstractGenerateMojo extends AbstractMojo {
  /**
   * Ant-style patterns, relative to the source directory, of the specs to compile. Default: every
   * {@code .nn} file and every {@code .onnx} model, {@code **}{@code /*.nn} and {@code **}{@code
   * /*.onnx}. A file whose name ends in {@code .onnx} is imported as {@code netc import} would, and
   * its spec compiled.
   */
  @Parameter
  private List<String> includes;

  /** Ant-style patterns, relative to the source directory, of specs and models not to compile. */
  @Parameter
  private List<String> excludes;

  /**
   * The Java package of every generated class. By default each spec's package comes from its
   * folder under the source directory, as a Java source's does: the networks of {@code
   * src/main/nn/com/example/iris.nn} become classes of {@code com.example}.
   */
  @Parameter(property = "netc.packageName")
  private String packageName;

  /** Whether a warning in a spec fails the build, as an error does. */
  @Parameter(property = "netc.failOnWarning", defaultValue = "false")
  private boolean failOnWarning;

  /** Skips this goal: nothing is checked or generated, and no source folder is added. */
  @Parameter(property = "netc.skip", defaultValue = "false")
  private boolean skip;

  /**
   * Whether consecutive linear layers with inline weights are folded into one, as {@code netc
   * compile} does unless given {@code --no-fold-linear}. Folding changes the parameters a generated
   * class holds; turn it off to keep them as written.
   */
  @Parameter(property = "netc.foldLinear", defaultValue = "true")
  private boolean foldLinear;

  /**
   * The vector width, in bits, the matmul kernels are generated for: 128, 256 or 512, as {@code
   * netc compile --vector-bits}. 512 suits machines with AVX-512, 256 those with AVX2. The code
   * is correct on any machine, and fastest on one whose vectors are this wide.
   */
  @Parameter(property = "netc.vectorBits", defaultValue = "512")
  private int vectorBits;

  /**
   * The GEMM register tile, {@code ROWSxVECTORS}, as {@code netc compile --tile}: 12x2 measured
   * fastest on AVX-512 Intel Xeons, 4x4 on AMD Zen 4. Rows times vectors plus the vectors and one
   * broadcast must fit the 32 vector registers.
   */
  @Parameter(property = "netc.tile", defaultValue = "12x2")
  private String tile;

  /**
   * The per-core L2 cache the kernels' blocking assumes, in KiB, as {@code netc compile --l2-kib}:
   * a block of weight panels takes half of it.
   */
  @Parameter(property = "netc.l2Kib", defaultValue = "1024")
  private long l2Kib;

  /**
   * The last-level cache the kernels assume, in KiB, as {@code netc compile --l3-kib}: when a
   * network's weights outgrow it, each layer larger than L2 streams its blocks of weights into L2
   * before multiplying them, and two threads split it by columns.
   */
  @Parameter(property = "netc.l3Kib", defaultValue = "32768")
  private long l3Kib;

  /**
   * How matmul weights are stored, as {@code netc compile --weights}: {@code f32} (as declared),
   * {@code bf16} (2 bytes, rounded to nearest even) or {@code i8} (1 byte with a scale per output
   * column). Only parameters that are nothing but a matmul's weight are converted; biases, norms
   * and embeddings stay f32. The kernels widen them to f32 in registers.
   */
  @Parameter(property = "netc.weightsType", defaultValue = "f32")
  private String weightsType;

  /**
   * The Java release the generated code is compiled for and runs on, 21 or later, as {@code netc
   * compile --release}; by default the project's {@code maven.compiler.release}, else 21. From 22,
   * where {@code java.lang.foreign} is final, the matmul weights live off the heap in memory
   * aligned to cache lines, which makes the kernels faster.
   */
  @Parameter(property = "netc.release", defaultValue = "${maven.compiler.release}")
  private String release;

  /** The project being built: its folders, and the source and resource roots the goal adds. */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** This goal's execution: its goal and id name the state file of incremental builds. */
  @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
  private MojoExecution mojoExecution;

  /** This plugin: its version and jars decide whether specs must be generated again. */
  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  private PluginDescriptor plugin;

  /** The IDE's view of the build (m2e): markers on specs, refreshes of generated files. */
  private final BuildContext buildContext;

  /** @param buildContext the IDE's view of the build; outside an IDE, plain files and the log */
  protected AbstractGenerateMojo(BuildContext buildContext) {
    this.buildContext = buildContext;
  }

  /** The folder searched for {@code .nn} specs and {@code .onnx} models. */
  protected abstract File sourceDirectory();

  /** The folder Java sources are generated into. */
  protected abstract File outputDirectory();

  /** The folder weights resources are copied into. */
  protected abstract File resourceOutputDirectory();

  /** Adds the generated folders to the project: a source root and a resource root. */
  protected abstract void addRoots(MavenProject project, Path sources, Path resources);

  /** Adds {@code folder} as a resource root unless {@code existing} has it already (a second execution). */
  protected static void addResourceRoot(java.util.List<org.apache.maven.model.Resource> existing, Path folder,
      java.util.function.Consumer<org.apache.maven.model.Resource> add) {
    if (existing.stream().noneMatch(r -> folder.toString().equals(r.getDirectory()))) {
      org.apache.maven.model.Resource root = new org.apache.maven.model.Resource();
      root.setDirectory(folder.toString());
      add.accept(root);
    }
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("netc: skipped");
      return;
    }
    GeneratorSettings settings = settings();
    SpecGenerator.Summary summary;
    try {
      summary = new SpecGenerator(settings, buildContext, getLog()).run();
    } catch (SpecProblemsException e) {
      throw new MojoFailureException(e.getMessage());
    } catch (IOException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (IllegalStateException bug) {
      // A failure of netc itself, not of a spec: the message says so and asks for a report.
      throw new MojoExecutionException(bug.getMessage(), bug);
    }
    addRoots(project, settings.outputDirectory(), settings.resourceOutputDirectory());
    getLog().info(describe(summary, settings));
  }

  private GeneratorSettings settings() throws MojoExecutionException {
    Path base = project.getBasedir().toPath();
    String execution = mojoExecution.getGoal() + "-" + mojoExecution.getExecutionId();
    Path stateFile = Path.of(project.getBuild().getDirectory(), "netc", execution + ".state");
    // One folder per execution, as for the state: two executions never import into each other's files.
    Path importDirectory = Path.of(project.getBuild().getDirectory(), "netc-import", execution);
    try {
      Optional<String> explicitPackage = Optional.ofNullable(packageName).filter(p -> !p.isBlank()).map(String::strip);
      return new GeneratorSettings(base, sourceDirectory().toPath(), includes, excludes,
          outputDirectory().toPath(), resourceOutputDirectory().toPath(), stateFile, importDirectory, explicitPackage,
          failOnWarning,
          GeneratorSettings.compileOptions(explicitPackage, foldLinear, vectorBits, tile, l2Kib, l3Kib, release(),
              weightsType),
          toolIdentity());
    } catch (IllegalArgumentException badConfiguration) {
      throw new MojoExecutionException(badConfiguration.getMessage(), badConfiguration);
    }
  }

  /** The configured release, or 21 when neither the plugin nor {@code maven.compiler.release} sets one. */
  private int release() throws MojoExecutionException {
    if (release == null || release.isBlank() || release.startsWith("${")) {
      return dev.netc.compiler.CompileOptions.MIN_RELEASE;
    }
    try {
      return Integer.parseInt(release.strip());
    } catch (NumberFormatException e) {
      throw new MojoExecutionException("<release>" + release + "</release> is not a Java release number: use e.g. 21 "
          + "or 25");
    }
  }

  private String toolIdentity() throws MojoExecutionException {
    List<Path> jars = new ArrayList<>();
    if (plugin.getPluginArtifact() != null && plugin.getPluginArtifact().getFile() != null) {
      jars.add(plugin.getPluginArtifact().getFile().toPath());
    }
    for (Artifact a : plugin.getArtifacts()) {
      if (a.getGroupId().equals(plugin.getGroupId()) && a.getFile() != null) {
        jars.add(a.getFile().toPath());
      }
    }
    try {
      return ToolIdentity.of(plugin.getVersion(), jars);
    } catch (IOException e) {
      throw new MojoExecutionException("netc: cannot read the plugin's jars: " + e.getMessage(), e);
    }
  }

  private static String describe(SpecGenerator.Summary s, GeneratorSettings settings) {
    if (s.specs() == 0 && s.deleted() == 0) {
      return "netc: no specs in " + settings.relative(settings.sourceDirectory());
    }
    StringBuilder text = new StringBuilder("netc: ");
    if (s.checked() == 0) {
      text.append(Plural.of(s.specs(), "spec")).append(" up to date, nothing to generate");
    } else {
      text.append("generated ").append(Plural.of(s.networks(), "network")).append(" from ")
          .append(Plural.of(s.checked(), "spec")).append(" into ").append(settings.relative(settings.outputDirectory()))
          .append(s.written() == s.files() ? " (" + Plural.of(s.files(), "file") + " written)"
              : " (" + s.written() + " of " + Plural.of(s.files(), "file") + " written, the others unchanged)");
      int upToDate = s.specs() - s.checked();
      if (upToDate > 0) {
        text.append("; ").append(Plural.of(upToDate, "spec")).append(" up to date");
      }
    }
    if (s.deleted() > 0) {
      text.append("; deleted ").append(Plural.of(s.deleted(), "file")).append(" of specs that are gone");
    }
    return text.toString();
  }
}
