package dev.netc.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Frontend;
import dev.netc.compiler.ir.IrBuilder;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.source.SourceFile;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;

/** Test support: spec text to a live instance of its generated class, called by reflection. */
final class Networks {
  private Networks() {}

  static IrGraph ir(String spec) {
    CheckResult result = Frontend.check(new SourceFile("test.nn", spec));
    assertThat(result.hasErrors()).as("%s", result.diagnostics()).isFalse();
    return IrBuilder.build(result.graphs().get(0));
  }

  static IrGraph irOfFile(Path file) {
    CheckResult result = Frontend.checkFile(file, file.getFileName().toString());
    assertThat(result.hasErrors()).as("%s", result.diagnostics()).isFalse();
    return IrBuilder.build(result.graphs().get(0));
  }

  /** A compiled network instance, from {@code create()} or {@code fromResource()}. */
  record Live(Object instance, Method forward) {
    /** Calls the allocating {@code forward(inputs..., dims...)}. */
    Object run(Object... args) {
      try {
        return forward.invoke(instance, args);
      } catch (InvocationTargetException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static Live compile(IrGraph graph) throws Exception {
    return compile(graph, CompileOptions.defaults());
  }

  /** Compiled with {@code options} into the package {@code test.generated}. */
  static Live compile(IrGraph graph, CompileOptions options) throws Exception {
    var generated = Generate.files(graph, "test.generated", options);
    ClassLoader loader = InMemoryCompiler.compile(generated, Networks.class.getClassLoader());
    Class<?> type = loader.loadClass("test.generated." + graph.name());
    Object instance;
    try {
      instance = type.getMethod("create").invoke(null);
    } catch (NoSuchMethodException fileWeights) {
      instance = type.getMethod("fromResource").invoke(null);
    }
    int inputs = graph.inputs().size();
    int dims = graph.runtimeDims().size();
    Method forward = Arrays.stream(type.getMethods())
        .filter(m -> m.getName().equals("forward") && m.getParameterCount() == inputs + dims
            && m.getReturnType() != void.class)
        .findFirst().orElseThrow();
    return new Live(instance, forward);
  }
}
