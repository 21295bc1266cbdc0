package dev.netc.graph;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.Compiler;
import dev.netc.compiler.Source;
import dev.netc.compiler.check.SemanticIndex;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.summary.NetworkSummary;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Pictures of the networks of a spec: what {@code netc graph} writes and the playground shows.
 *
 * <pre>{@code
 * NetworkPictures.Drawing d = NetworkPictures.render(text, "mlp.nn", Optional.empty(), Format.SVG, false);
 * d.text();       // the SVG
 * d.hasErrors();  // whether a failed statement (red, its diagnostic as tooltip) is drawn
 * }</pre>
 *
 * <p>The spec is checked as {@code netc check} checks it; a spec with errors draws what checked.
 * With {@code afterPasses}, a spec without errors draws its IR after the optimizing passes, with
 * each matmul kernel's choices. The same spec always draws the same bytes, from any folder.
 */
public final class NetworkPictures {
  private NetworkPictures() {}

  /** What a picture is written as. */
  public enum Format {
    SVG("svg"),
    DOT("dot"),
    MERMAID("mermaid");

    private final String spelling;

    Format(String spelling) {
      this.spelling = spelling;
    }

    /** As the command line writes it: {@code svg}, {@code dot}, {@code mermaid}. */
    public String spelling() {
      return spelling;
    }

    /** The format spelt {@code text}, in any case. */
    public static Optional<Format> parse(String text) {
      for (Format f : values()) {
        if (f.spelling.equals(text.toLowerCase(Locale.ROOT))) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * A picture written out.
   *
   * @param text the SVG, DOT or Mermaid text
   * @param hasErrors whether the spec has errors: then the picture shows what checked, and the
   *     failing statements in red
   * @param check the check of the spec, with every diagnostic
   */
  public record Drawing(String text, Format format, boolean hasErrors, CheckResult check) {}

  /** The spec names no network {@code network}: a mistake of the caller, which the message explains. */
  public static final class UnknownNetworkException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnknownNetworkException(String message) {
      super(message);
    }
  }

  /**
   * Draws the spec held in {@code specText}, named {@code fileName} in diagnostics. A weights file
   * the spec names is looked for in the working folder, as for any spec without a folder.
   *
   * @param network the network to draw; every network of the spec when empty
   * @throws UnknownNetworkException if {@code network} is given and the spec has no such network
   */
  public static Drawing render(String specText, String fileName, Optional<String> network, Format format,
      boolean afterPasses) {
    return render(Source.text(fileName, specText, null), network, format, afterPasses);
  }

  /** As {@link #render(String, String, Optional, Format, boolean)}, for any source (a file: its weights beside it). */
  public static Drawing render(Source source, Optional<String> network, Format format, boolean afterPasses) {
    return render(source, network, format, afterPasses, CompileOptions.builder().build());
  }

  /**
   * As {@link #render(Source, Optional, Format, boolean)}, drawing the network after the passes as
   * {@code options} compile it ({@code --weights bf16} stores its matmul weights in 16 bits, {@code
   * --tile} shapes its kernels).
   */
  public static Drawing render(Source source, Optional<String> network, Format format, boolean afterPasses,
      CompileOptions options) {
    return render(source, Compiler.check(source), network, format, afterPasses, options);
  }

  /**
   * As {@link #render(Source, Optional, Format, boolean, CompileOptions)}, from a check the caller
   * made: the playground's, which opens no weights file the spec names.
   */
  public static Drawing render(Source source, CheckResult check, Optional<String> network, Format format,
      boolean afterPasses, CompileOptions options) {
    Picture picture = picture(source, check, network, afterPasses, options);
    String text = switch (format) {
      case SVG -> SvgRenderer.render(picture);
      case DOT -> DotRenderer.render(picture);
      case MERMAID -> MermaidRenderer.render(picture);
    };
    return new Drawing(text, format, check.hasErrors(), check);
  }

  /** The picture of {@code source}'s networks before rendering, as {@code check} found them. */
  static Picture picture(Source source, CheckResult check, Optional<String> network, boolean afterPasses) {
    return picture(source, check, network, afterPasses, CompileOptions.builder().build());
  }

  static Picture picture(Source source, CheckResult check, Optional<String> network, boolean afterPasses,
      CompileOptions options) {
    List<SemanticIndex.NetworkInfo> networks = check.index().networks();
    if (network.isPresent()) {
      networks = networks.stream().filter(n -> n.name().equals(network.get())).toList();
      if (networks.isEmpty()) {
        List<String> names = check.index().networks().stream().map(SemanticIndex.NetworkInfo::name).toList();
        throw new UnknownNetworkException("no network " + network.get() + " in " + source.name()
            + (names.isEmpty() ? ", which declares none" : "; its networks: " + String.join(", ", names)));
      }
    }
    boolean optimized = afterPasses && !check.hasErrors();
    PictureBuilder picture = new PictureBuilder();
    for (SemanticIndex.NetworkInfo info : networks) {
      Optional<String> cluster = networks.size() > 1
          ? Optional.of(picture.cluster(info.name(), "network " + info.name(), Optional.empty()))
          : Optional.empty();
      Optional<Graph> graph = check.graphs().stream().filter(g -> g.name().equals(info.name())).findFirst();
      if (optimized && graph.isPresent()) {
        OptimizedPictures.add(picture, graph.get(), options, cluster);
      } else {
        CheckedPictures.add(picture, check, info, cluster);
      }
    }
    if (network.isEmpty()) {
      for (Diagnostic d : check.diagnostics()) {
        if (d.isError() && networks.stream().noneMatch(n -> n.span().start() <= d.span().start()
            && d.span().start() < n.span().end())) {
          picture.note(CheckedPictures.describe(d));
        }
      }
    }
    return picture.build(caption(source, check, networks, optimized));
  }

  private static String caption(Source source, CheckResult check, List<SemanticIndex.NetworkInfo> networks,
      boolean optimized) {
    long errors = check.diagnostics().stream().filter(Diagnostic::isError).count();
    String state = errors > 0 ? errors + (errors == 1 ? " error" : " errors")
        : optimized ? "after the passes" : null;
    if (networks.size() == 1) {
      String name = networks.get(0).name();
      Optional<Graph> graph = check.graphs().stream().filter(g -> g.name().equals(name)).findFirst();
      String params = graph.map(g -> Texts.params(NetworkSummary.of(g).totalParams())).orElse(null);
      return "network " + name + (params != null ? ", " + params : "") + (state != null ? " (" + state + ")" : "");
    }
    String file = source.origin();
    return file + (state != null ? " (" + state + ")" : "");
  }
}
