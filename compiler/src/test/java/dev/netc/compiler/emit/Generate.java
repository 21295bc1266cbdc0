package dev.netc.compiler.emit;

import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.GeneratedFile;
import dev.netc.compiler.KernelOptions;
import dev.netc.compiler.ir.IrGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/** Test support: an optimized IR graph's generated files, with the options a test varies. */
final class Generate {
  private Generate() {}

  static List<GeneratedFile> files(IrGraph ir, String packageName, CompileOptions options) {
    try {
      return CodeGenerator.generate(ir, packageName, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<GeneratedFile> files(IrGraph ir, String packageName) {
    return files(ir, packageName, CompileOptions.defaults());
  }

  static List<GeneratedFile> files(IrGraph ir, String packageName, int release) {
    return files(ir, packageName, CompileOptions.defaults().withRelease(release));
  }

  /** Default kernels but for the last-level cache, {@code l3Bytes}. */
  static List<GeneratedFile> files(IrGraph ir, String packageName, long l3Bytes, int release) {
    KernelOptions k = KernelOptions.defaults();
    return files(ir, packageName, new CompileOptions(packageName, true,
        new KernelOptions(k.vectorBits(), k.tileRows(), k.tileVectors(), k.l2Bytes(), l3Bytes), release,
        dev.netc.runtime.DType.F32));
  }

  /** Every source's text, in order. */
  static String text(List<GeneratedFile> files) {
    return files.stream().filter(f -> f.kind() == GeneratedFile.Kind.SOURCE).map(GeneratedFile::text)
        .collect(Collectors.joining("\n"));
  }

  static ClassLoader load(List<GeneratedFile> files) {
    return InMemoryCompiler.compile(files, Generate.class.getClassLoader());
  }
}
