package dev.netc.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.runtime.InlineWeights;
import dev.netc.runtime.Parallel;
import dev.netc.runtime.kernels.Layout;
import dev.netc.runtime.weights.WeightFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The compiler runs on a JVM without {@code --add-modules jdk.incubator.vector}
 * (the CLI's {@code compile}, the Maven plugin), yet packs weights and reads weight
 * files with runtime classes. Those classes must not touch the Vector API, or class
 * initialization fails with NoClassDefFoundError. The tests run with the module, so
 * this reads the class files instead of trusting a green run.
 */
class CompileTimeRuntimeTest {
  @Test
  @DisplayName("the runtime classes the compiler uses never reference the Vector API")
  void compileTimeRuntimeAvoidsTheVectorApi() throws Exception {
    List<String> offenders = new ArrayList<>();
    for (Class<?> used : List.of(Layout.class, InlineWeights.class, Parallel.class)) {
      String name = used.getName().replace('.', '/') + ".class";
      try (InputStream in = used.getClassLoader().getResourceAsStream(name)) {
        if (mentionsVectorApi(in.readAllBytes())) {
          offenders.add(name);
        }
      }
    }
    List<Path> weightClasses = classesOfPackage(WeightFile.class);
    assertThat(weightClasses).as("classes of the weights package").hasSizeGreaterThan(3);
    for (Path file : weightClasses) {
      if (mentionsVectorApi(Files.readAllBytes(file))) {
        offenders.add(file.toString());
      }
    }
    assertThat(offenders).isEmpty();
  }

  private static boolean mentionsVectorApi(byte[] classFile) {
    return new String(classFile, StandardCharsets.ISO_8859_1).contains("jdk/incubator/vector");
  }

  /** Every class file in the package of {@code member}, from a classes folder or a jar. */
  private static List<Path> classesOfPackage(Class<?> member) throws IOException, URISyntaxException {
    Path root = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
    String folder = member.getPackageName().replace('.', '/');
    Path dir;
    if (Files.isDirectory(root)) {
      dir = root.resolve(folder);
    } else {
      @SuppressWarnings("resource") // open for the test's lifetime: the paths below belong to it
      FileSystem jar = FileSystems.newFileSystem(root);
      dir = jar.getPath(folder);
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".class")).toList();
    }
  }
}
