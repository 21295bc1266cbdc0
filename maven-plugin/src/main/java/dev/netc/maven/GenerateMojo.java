package dev.netc.maven;

import java.io.File;
import java.nio.file.Path;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.sonatype.plexus.build.incremental.BuildContext;

/**
 * Compiles the project's {@code .nn} specs into Java: one class per network, its kernels class, and
 * its weights file as a resource beside it. The generated folders are added to the project, so
 * {@code mvn compile} compiles the classes and packages the weights with them.
 *
 * <p>Incremental: a spec is generated again only when it, a weights file it names, the plugin or
 * this configuration changed; the outputs of deleted specs are removed. Every diagnostic is logged
 * as {@code file:line:col: error: message}, and any error fails the build before anything is
 * written.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractGenerateMojo {
  /** The folder searched for {@code .nn} specs; a spec's folder under it is its package. */
  @Parameter(property = "netc.sourceDirectory", defaultValue = "${project.basedir}/src/main/nn")
  private File sourceDirectory;

  /** The folder Java sources are generated into, in folders by package; added as a compile source root. */
  @Parameter(defaultValue = "${project.build.directory}/generated-sources/netc")
  private File outputDirectory;

  /**
   * The folder weights files are copied into, in folders by package, as the resources the
   * generated classes' {@code fromResource()} reads; added as a resource root.
   */
  @Parameter(defaultValue = "${project.build.directory}/generated-resources/netc")
  private File resourceOutputDirectory;

  /** @param buildContext the IDE's view of the build, injected by Maven */
  @Inject
  public GenerateMojo(BuildContext buildContext) {
    super(buildContext);
  }

  @Override
  protected File sourceDirectory() {
    return sourceDirectory;
  }

  @Override
  protected File outputDirectory() {
    return outputDirectory;
  }

  @Override
  protected File resourceOutputDirectory() {
    return resourceOutputDirectory;
  }

  @Override
  protected void addRoots(MavenProject project, Path sources, Path resources) {
    project.addCompileSourceRoot(sources.toString());
    addResourceRoot(project.getResources(), resources, project::addResource);
  }
}
