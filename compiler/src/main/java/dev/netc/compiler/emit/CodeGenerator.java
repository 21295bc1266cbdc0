package dev.netc.compiler.emit;

import com.palantir.javapoet.JavaFile;
import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.GeneratedFile;
import dev.netc.compiler.ir.IrGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The back end's last step: an optimized IR graph to the files of its generated classes. */
public final class CodeGenerator {
  private CodeGenerator() {}

  /**
   * The Java sources of {@code graph}'s classes in {@code packageName}, and its weights resource
   * when it reads a weights file that exists.
   *
   * @throws IOException if the weights file cannot be read
   */
  public static List<GeneratedFile> generate(IrGraph graph, String packageName, CompileOptions options)
      throws IOException {
    KernelOptionsView k = new KernelOptionsView(options);
    GeneratedNetwork network = NetworkEmitter.emit(graph, new EmitOptions(packageName, k.vectorBits(), k.l2Bytes(),
        k.l3Bytes(), k.tileRows(), k.tileVectors(), options.release()));
    String folder = packageName.isEmpty() ? "" : packageName.replace('.', '/') + "/";
    List<GeneratedFile> files = new ArrayList<>();
    for (JavaFile source : network.sources()) {
      files.add(new GeneratedFile(folder + source.typeSpec().name() + ".java", GeneratedFile.Kind.SOURCE,
          graph.name(), source.toString().getBytes(StandardCharsets.UTF_8)));
    }
    for (Map.Entry<String, byte[]> resource : network.resources().entrySet()) {
      files.add(new GeneratedFile(folder + resource.getKey(), GeneratedFile.Kind.RESOURCE, graph.name(),
          resource.getValue()));
    }
    return files;
  }

  private record KernelOptionsView(int vectorBits, int l2Bytes, long l3Bytes, int tileRows, int tileVectors) {
    KernelOptionsView(CompileOptions o) {
      this(o.kernels().vectorBits(), o.kernels().l2Bytes(), o.kernels().l3Bytes(), o.kernels().tileRows(),
          o.kernels().tileVectors());
    }
  }
}
