package dev.netc.compiler.emit;

import com.palantir.javapoet.JavaFile;
import java.util.List;
import java.util.Map;

/**
 * What code generation gives for one network: Java sources, and resources to
 * place beside them (a weights file, by its name relative to the package
 * folder).
 */
public record GeneratedNetwork(String className, List<JavaFile> sources, Map<String, byte[]> resources) {
  public GeneratedNetwork {
    sources = List.copyOf(sources);
    resources = Map.copyOf(resources);
  }
}
