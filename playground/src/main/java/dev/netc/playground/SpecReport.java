package dev.netc.playground;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.CompileRequest;
import dev.netc.compiler.CompileResult;
import dev.netc.compiler.CompiledNetwork;
import dev.netc.compiler.Compiler;
import dev.netc.compiler.GeneratedFile;
import dev.netc.compiler.Source;
import dev.netc.compiler.check.SemanticIndex;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.HumanRenderer;
import dev.netc.compiler.diag.JsonRenderer;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.source.Span;
import dev.netc.compiler.summary.NetworkSummary;
import dev.netc.runtime.VectorSupport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the page shows of a spec, from one inline-only compile: the diagnostics as {@code
 * netc check --format json} writes them (with the human text beside each, and each fix's title),
 * the type of every input, parameter and statement, each network's summary and generated Java, and
 * the picture of the graph.
 */
final class SpecReport {
  /** How the page names the spec in diagnostics. */
  static final String NAME = "playground.nn";

  private SpecReport() {}

  /**
   * The options of every playground compile: the code shown is the code {@code Run} executes,
   * generated for this JVM as {@code netc run} generates it.
   */
  static CompileOptions options() {
    CompileOptions.Builder options = CompileOptions.builder()
        .packageName("netc.playground")
        .release(Math.max(CompileOptions.MIN_RELEASE, Runtime.version().feature()));
    if (VectorSupport.available()) {
      int bits = VectorSupport.preferredBits();
      options.vectorBits(bits >= 512 ? 512 : bits >= 256 ? 256 : 128);
    }
    return options.build();
  }

  /** Compiles {@code spec} without opening any file it names. */
  static CompileResult compile(String spec) {
    return compile(source(spec));
  }

  private static CompileResult compile(Source source) {
    return Compiler.compile(CompileRequest.inlineOnly(List.of(source), options()));
  }

  private static Source source(String spec) {
    return Source.text(NAME, spec, null);
  }

  /** The page's answer for {@code spec}, as a JSON object. */
  static Map<String, Object> of(String spec) {
    Source source = source(spec);
    CompileResult result = compile(source);
    CheckResult check = result.checks().get(0);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("diagnostics", diagnostics(check.diagnostics()));
    out.put("errors", check.hasErrors());
    out.put("shapes", shapes(check.index()));
    out.put("graph", GraphPicture.svg(source, check).orElse(null));
    List<Object> networks = new ArrayList<>();
    for (Graph graph : check.graphs()) {
      NetworkSummary summary = NetworkSummary.of(graph);
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("name", graph.name());
      n.put("summary", summary.render());
      n.put("totalParams", summary.totalParams());
      n.put("inputs", graph.inputs().stream().map(i -> Map.of("name", i.name(), "type", i.type().toString())).toList());
      n.put("java", java(result, graph.name()));
      networks.add(n);
    }
    out.put("networks", networks);
    return out;
  }

  private static List<Object> diagnostics(List<Diagnostic> diagnostics) {
    JsonRenderer json = new JsonRenderer();
    HumanRenderer human = new HumanRenderer(false);
    List<Object> out = new ArrayList<>();
    for (Diagnostic d : diagnostics) {
      @SuppressWarnings("unchecked")
      Map<String, Object> rendered = (Map<String, Object>) Json.parse(json.render(d));
      rendered.put("text", human.render(d));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> fixes = (List<Map<String, Object>>) rendered.get("fixes");
      for (int i = 0; i < fixes.size(); i++) {
        fixes.get(i).put("title", d.fixes().get(i).title());
      }
      out.add(rendered);
    }
    return out;
  }

  /** The type of each name a statement defines, placed at the statement's end, as the editor's inlay hints are. */
  private static List<Object> shapes(SemanticIndex index) {
    List<Object> out = new ArrayList<>();
    for (SemanticIndex.NetworkInfo network : index.networks()) {
      for (SemanticIndex.Symbol s : network.symbols()) {
        boolean typed = switch (s.kind()) {
          case INPUT, PARAM, NODE -> s.type().isPresent();
          default -> false;
        };
        if (!typed) {
          continue;
        }
        Span end = new Span(s.statementSpan().file(), s.statementSpan().end(), s.statementSpan().end());
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("network", network.name());
        shape.put("name", s.name());
        shape.put("kind", s.kind().word());
        shape.put("type", s.type().get().toString());
        shape.put("output", s.output());
        shape.put("line", s.statementSpan().line());
        shape.put("endLine", end.line());
        shape.put("endColumn", end.column());
        out.add(shape);
      }
    }
    return out;
  }

  private static List<Object> java(CompileResult result, String network) {
    List<Object> out = new ArrayList<>();
    for (CompiledNetwork n : result.networks()) {
      if (!n.graph().name().equals(network)) {
        continue;
      }
      for (GeneratedFile f : n.files()) {
        if (f.kind() == GeneratedFile.Kind.SOURCE) {
          out.add(Map.of("path", f.path(), "text", f.text()));
        }
      }
    }
    return out;
  }
}
