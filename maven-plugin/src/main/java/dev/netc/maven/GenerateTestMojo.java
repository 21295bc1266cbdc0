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
 * Compiles the project's test {@code .nn} specs into Java, as {@code generate} does for the main
 * ones: the classes go to a test source root and the weights to a test resource root, so they are
 * compiled and found by tests only.
 */
@Mojo(name = "generate-test", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true)
public class GenerateTestMojo extends AbstractGenerateMojo {
  /** The folder searched for test {@code .nn} specs; a spec's folder under it is its package. */
  @Parameter(property = "netc.testSourceDirectory", defaultValue = "${project.basedir}/src/test/nn")
  private File sourceDirectory;

  /** The folder Java sources are generated into, in folders by package; added as a test source root. */
  @Parameter(defaultValue = "${project.build.directory}/generated-test-sources/netc")
  private File outputDirectory;

  /**
   * The folder weights files are copied into, in folders by package, as the resources the
   * generated classes' {@code fromResource()} reads; added as a test resource root.
   */
  @Parameter(defaultValue = "${project.build.directory}/generated-test-resources/netc")
  private File resourceOutputDirectory;

  /** @param buildContext the IDE's view of the build, injected by Maven */
  @Inject
  public GenerateTestMojo(BuildContext buildContext) {
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
    project.addTestCompileSourceRoot(sources.toString());
    addResourceRoot(project.getTestResources(), resources, project::addTestResource);
  }
}
