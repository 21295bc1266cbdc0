package dev.netc.compiler;

import dev.netc.compiler.source.SourceFile;
import java.nio.file.NoSuchFileException;

/** Checking specs held in strings, with no weights file on disk. */
final class Specs {
  private Specs() {}

  static CheckResult check(String text) {
    return Frontend.check(new SourceFile("test.nn", text), path -> {
      throw new NoSuchFileException(path.toString());
    });
  }
}
