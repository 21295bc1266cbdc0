package dev.netc.compiler.ast;

import dev.netc.compiler.source.SourceFile;
import java.util.List;

/** One parsed {@code .nn} file: its networks in source order. */
public record SpecFile(SourceFile source, List<Network> networks) {
  public SpecFile {
    networks = List.copyOf(networks);
  }
}
