package dev.netc.compiler;

import dev.netc.compiler.ast.Network;
import dev.netc.compiler.check.NetworkChecker;
import dev.netc.compiler.check.SemanticIndex;
import dev.netc.compiler.check.WeightsCatalog;
import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Diagnostics;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.source.SourceFile;
import dev.netc.compiler.source.Span;
import dev.netc.compiler.syntax.SpecParser;
import dev.netc.runtime.weights.TensorInfo;
import dev.netc.runtime.weights.WeightFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The front end's one entry point: source text in, diagnostics and checked
 * graphs out. The CLI, the build plugin and the language server all call
 * this; none of them checks anything on its own.
 *
 * <p>It never throws for a bad spec. Input that is not text, too large, or
 * nested too deep becomes a diagnostic; a failure of the compiler itself
 * becomes an {@link Code#INTERNAL} diagnostic carrying what to report.
 */
public final class Frontend {
  /** Specs beyond this size are refused before they are read: weights belong in a weights file. */
  public static final long MAX_SOURCE_BYTES = 64L << 20;

  /** Parsing and checking recurse over the syntax tree; a generous stack keeps long expressions safe. */
  private static final long STACK_BYTES = 256L << 20;

  private Frontend() {}

  /** Reads and checks a spec file; {@code displayName} is how diagnostics name it. */
  public static CheckResult checkFile(Path path, String displayName) {
    return checkFile(path, displayName, Frontend::catalogOf);
  }

  /** As {@link #checkFile(Path, String)}, reading weights-file headers through {@code loader}. */
  public static CheckResult checkFile(Path path, String displayName, NetworkChecker.CatalogLoader loader) {
    SourceFile empty = new SourceFile(displayName, "", path);
    Span whole = new Span(empty, 0, 0);
    try {
      long size = Files.size(path);
      if (size > MAX_SOURCE_BYTES) {
        return failure(empty, Diagnostic.of(Code.TOO_LARGE, whole, megabytes(size), megabytes(MAX_SOURCE_BYTES))
            .help("keep large weights in a weights file (`weights \"model.safetensors\"`) instead of inline"));
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(path)) {
        bytes = in.readNBytes((int) MAX_SOURCE_BYTES + 1);
      }
      Optional<String> problem = textProblem(bytes);
      if (problem.isPresent()) {
        return failure(empty, Diagnostic.of(Code.NOT_TEXT, whole, problem.get())
            .help("a spec is UTF-8 text; is this the right file?"));
      }
      return check(new SourceFile(displayName, decode(bytes), path), loader);
    } catch (IOException e) {
      return failure(empty, Diagnostic.of(Code.UNREADABLE, whole, displayName, describe(e)));
    }
  }

  /** Checks a source held in memory, reading weights-file headers from disk. */
  public static CheckResult check(SourceFile source) {
    return check(source, Frontend::catalogOf);
  }

  /**
   * Checks a source held in memory, reading weights-file headers through {@code loader}: the
   * language server passes one that keeps each header until its file changes.
   */
  public static CheckResult check(SourceFile source, NetworkChecker.CatalogLoader loader) {
    // Text in memory (an editor's buffer) has no size on disk; its length bounds its UTF-8 size from below.
    if (source.text().length() > MAX_SOURCE_BYTES) {
      Span whole = new Span(source, 0, 0);
      return failure(source, Diagnostic.of(Code.TOO_LARGE, whole, megabytes(source.text().length()),
              megabytes(MAX_SOURCE_BYTES))
          .help("keep large weights in a weights file (`weights \"model.safetensors\"`) instead of inline"));
    }
    AtomicReference<CheckResult> result = new AtomicReference<>();
    Thread worker = new Thread(null, () -> result.set(checkHere(source, loader)), "netc-check", STACK_BYTES);
    worker.start();
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failure(source, Diagnostic.of(Code.INTERNAL, new Span(source, 0, 0), "interrupted while checking"));
    }
    return result.get();
  }

  private static CheckResult checkHere(SourceFile source, NetworkChecker.CatalogLoader loader) {
    Diagnostics out = new Diagnostics();
    List<Graph> graphs = new ArrayList<>();
    List<SemanticIndex.NetworkInfo> indexed = new ArrayList<>();
    try {
      SpecParser.Parsed parsed = SpecParser.parse(source, out);
      if (parsed.checkable()) {
        Map<String, Network> seen = new HashMap<>();
        NetworkChecker.CatalogLoader cache = cachingLoader(loader);
        for (Network network : parsed.spec().networks()) {
          Network first = seen.putIfAbsent(network.name().text(), network);
          if (first != null) {
            out.report(Diagnostic.of(Code.DUPLICATE_NETWORK, network.name().span(), network.name().text())
                .related(first.name().span(), "first defined here")
                .help("each network becomes a class; give each one its own name"));
            continue;
          }
          NetworkChecker checker = new NetworkChecker(network, out, cache, parsed.syntaxErrors());
          checker.check().ifPresent(graphs::add);
          indexed.add(checker.index());
        }
      }
    } catch (StackOverflowError deep) {
      out.report(Diagnostic.of(Code.TOO_DEEP, new Span(source, 0, 0), SpecParser.MAX_DEPTH)
          .help("split long expressions into named steps"));
      graphs.clear();
    } catch (RuntimeException | LinkageError bug) {
      out.report(Diagnostic.of(Code.INTERNAL, new Span(source, 0, 0), bug.toString())
          .note("at " + (bug.getStackTrace().length > 0 ? bug.getStackTrace()[0] : "unknown"))
          .note("this is a bug in netc, not in your spec: please report it with the spec that triggers it"));
      graphs.clear();
    }
    if (out.hasErrors()) {
      // A file with any error (a syntax error outside every network, say) yields no graph at all.
      graphs.clear();
    }
    return new CheckResult(source, out.sorted(), graphs, new SemanticIndex(indexed));
  }

  /** One read of each weights file per check, however many networks name it. */
  private static NetworkChecker.CatalogLoader cachingLoader(NetworkChecker.CatalogLoader loader) {
    Map<Path, Object> cache = new HashMap<>();
    return path -> {
      Object cached = cache.get(path);
      if (cached == null) {
        try {
          cached = loader.load(path);
        } catch (IOException e) {
          cached = e;
        }
        cache.put(path, cached);
      }
      if (cached instanceof IOException e) {
        throw e;
      }
      return (WeightsCatalog) cached;
    };
  }

  private static CheckResult failure(SourceFile source, Diagnostic.Builder d) {
    return new CheckResult(source, List.of(d.build()), List.of());
  }

  /** The header of a weights file, as the checker sees it. */
  public static WeightsCatalog catalogOf(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new java.nio.file.NoSuchFileException(path.toString());
    }
    List<TensorInfo> tensors = WeightFile.readHeader(path);
    Map<String, WeightsCatalog.Tensor> byName = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (TensorInfo t : tensors) {
      byName.put(t.name(), new WeightsCatalog.Tensor(t.name(), t.dtype(), t.shape()));
      names.add(t.name());
    }
    return new WeightsCatalog() {
      @Override
      public Optional<Tensor> find(String name) {
        return Optional.ofNullable(byName.get(name));
      }

      @Override
      public List<String> names() {
        return names;
      }
    };
  }

  private static Optional<String> textProblem(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return Optional.of("it holds a NUL byte at offset " + i + " (binary data?)");
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return Optional.empty();
    } catch (MalformedInputException e) {
      return Optional.of("it is not valid UTF-8");
    } catch (CharacterCodingException e) {
      return Optional.of("it is not valid UTF-8");
    }
  }

  private static String decode(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
  }

  private static String describe(IOException e) {
    return e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
  }
}
