package dev.netc.lsp.bench;

import dev.netc.lsp.Analysis;
import dev.netc.lsp.Analyzer;
import dev.netc.lsp.Document;
import dev.netc.lsp.SpecGenerator;
import dev.netc.lsp.WeightsHeaders;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the server does after each pause in typing, on a 5,000-line spec:
 * check it with the compiler's front end (parse, names, every shape, the
 * weights files' headers from the cache) and turn the result into the
 * protocol's diagnostics. The target is well under 100 ms.
 *
 * <p>Each invocation checks a new document version whose text differs by one
 * character, as after a keystroke, so nothing can be reused from the last one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m"})
public class RecheckBenchmark {
  /** {@code clean}: every network checks; {@code errors}: each has a shape error to report. */
  @Param({"clean", "errors"})
  public String spec;

  private Analyzer analyzer;
  private String[] texts;
  private int version;

  @Setup
  public void setUp() {
    analyzer = new Analyzer(new WeightsHeaders());
    String text = SpecGenerator.generate(5_000, spec.equals("errors"));
    // Two texts a keystroke apart, alternated: each check sees a text unlike the one before.
    texts = new String[] {text, text.replaceFirst("h1 = relu", "h1 = relu ")};
  }

  @Benchmark
  public Analysis recheck() {
    version++;
    return analyzer.analyze(new Document("file:///bench/spec.nn", version, texts[version & 1]));
  }
}
