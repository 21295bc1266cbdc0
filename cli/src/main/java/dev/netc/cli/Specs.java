package dev.netc.cli;

import dev.netc.compiler.Source;
import dev.netc.onnx.importer.ImportException;
import dev.netc.onnx.importer.ImportOptions;
import dev.netc.onnx.importer.ImportedSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a command was given, as compiler sources: {@code .nn} specs as they are, {@code .onnx}
 * models imported in memory, their spec and weights in a working folder that lives as long as the
 * command (and is kept, and named, when the spec it holds has errors).
 */
final class Specs implements AutoCloseable {
  private final List<Source> sources = new ArrayList<>();
  private Path workDir;
  private boolean keep;

  /** Imports what needs importing; a model that cannot be imported is reported and makes this null. */
  static Specs of(List<Path> files, PrintWriter err) throws IOException {
    Specs specs = new Specs();
    for (Path file : files) {
      if (!ImportedSource.isOnnx(file)) {
        specs.sources.add(Source.file(file));
        continue;
      }
      if (specs.workDir == null) {
        specs.workDir = Files.createTempDirectory("netc-import");
      }
      try {
        specs.sources.add(ImportedSource.of(file, specs.workDir, ImportOptions.defaults()));
      } catch (ImportException | IOException e) {
        err.println("netc: " + (e instanceof java.nio.file.NoSuchFileException ? file + ": no such file"
            : e.getMessage()));
        specs.close();
        return null;
      }
    }
    return specs;
  }

  List<Source> sources() {
    return sources;
  }

  /** Keeps the imported specs after the command, so that the diagnostics' file names stay valid. */
  void keep(PrintWriter err) {
    if (workDir != null && !keep) {
      keep = true;
      err.println("netc: the specs imported from ONNX are in " + workDir);
    }
  }

  @Override
  public void close() {
    if (workDir == null || keep) {
      return;
    }
    try (Stream<Path> files = Files.walk(workDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
