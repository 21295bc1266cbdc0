package dev.netc.compiler.emit;

import dev.netc.compiler.passes.Passes;
import java.nio.file.Path;

/** Prints the generated source of a sample: {@code -Dnetc.print=image_flip.nn}. Not a test. */
final class PrintGenerated {
  public static void main(String[] args) throws Exception {
    var ir = Passes.optimize(Networks.irOfFile(Path.of("../samples", args[0])));
    for (var f : NetworkEmitter.emit(ir, EmitOptions.defaults("demo")).sources()) {
      System.out.println(f);
    }
  }
}
