package dev.netc.compiler.emit;

import dev.netc.compiler.passes.Passes;
import java.nio.file.Path;

/** Prints the generated source of a sample: {@code -Dnetc.print=image_flip.nn}. Not a test. */
final class PrintGenerated {
  public static void main(String[] args) throws Exception {
    var ir = Passes.optimize(Networks.irOfFile(Path.of("../samples", args[0])));
    System.out.println(Generate.text(Generate.files(ir, "demo")));
  }
}
