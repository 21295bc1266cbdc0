package dev.netc.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netc.compiler.CheckResult;
import dev.netc.compiler.Compiler;
import dev.netc.compiler.Source;
import dev.netc.compiler.graph.Graph;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What the pictures say, beyond their golden files: boxes, shapes, errors, kernels, well-formed and stable bytes. */
class NetworkPicturesTest {
  private static Source sample(String name) {
    return Source.file(Goldens.samples().resolve(name));
  }

  private static Picture picture(Source source, boolean afterPasses) {
    CheckResult check = Compiler.check(source);
    return NetworkPictures.picture(source, check, Optional.empty(), afterPasses);
  }

  @Test
  @DisplayName("a checked sample has one box per input and per statement, each arrow labelled with the shape that flows")
  void boxesAndShapes() {
    for (String name : List.of("image_flip.nn", "mlp.nn", "transformer_encoder.nn")) {
      Source source = sample(name);
      Graph graph = Compiler.check(source).graphs().get(0);
      Picture picture = picture(source, false);
      assertThat(picture.boxes()).as(name).hasSize(graph.inputs().size() + graph.nodes().size());
      assertThat(picture.hasErrors()).isFalse();
    }
    Picture mlp = picture(sample("mlp.nn"), false);
    assertThat(mlp.boxes()).extracting(b -> b.lines().get(0)).containsExactly("x", "fc1", "fc2", "output logits");
    assertThat(mlp.arrows()).containsExactly(
        new Picture.Arrow("n0", "n1", "[N, 784]"),
        new Picture.Arrow("n1", "n2", "[N, 128]"),
        new Picture.Arrow("n2", "n3", "[N, 64]"));
    assertThat(mlp.boxes().get(1).lines()).containsExactly("fc1", "dense(x, 128, relu, layout=out_in)", "[N, 128]",
        "100,480 params");
    assertThat(mlp.caption()).isEqualTo("network Mlp, 109,386 params");
  }

  @Test
  @DisplayName("the encoder's residual arrives at the layer norm with its shape, run-time dims by name")
  void encoderEdges() {
    String dot = NetworkPictures.render(sample("transformer_encoder.nn"), Optional.empty(),
        NetworkPictures.Format.DOT, false).text();
    assertThat(dot).contains("n0 -> n7 [label=\"[N, T, 64]\"]", "n1 -> n5 [label=\"[T, T]\"]",
        "label=\"ff\\ngelu(h @ W1 + b1)\\n[N, T, 256]\\n16,640 params\"");
  }

  @Test
  @DisplayName("a spec with errors draws what checked; the failing statement is red with its diagnostic as tooltip")
  void failingNodeIsRed() throws Exception {
    Source source = sample("errors/independent_errors.nn");
    Picture picture = picture(source, false);
    assertThat(picture.hasErrors()).isTrue();
    assertThat(picture.boxes()).extracting(Picture.Box::kind).containsExactly(Picture.Kind.INPUT, Picture.Kind.FAILED,
        Picture.Kind.UNCHECKED, Picture.Kind.FAILED, Picture.Kind.UNCHECKED, Picture.Kind.FAILED);
    NetworkPictures.Drawing drawing = NetworkPictures.render(source, Optional.empty(), NetworkPictures.Format.SVG, false);
    assertThat(drawing.hasErrors()).isTrue();
    Document svg = parse(drawing.text());
    Element h = box(svg, "n1");
    assertThat(h.getAttribute("class")).isEqualTo("netc-box failed");
    assertThat(h.getElementsByTagName("title").item(0).getTextContent())
        .isEqualTo("6:16: error[NN0300]: matmul inner dimensions differ: [N, 4] @ [5, 3]\nh = relu(x @ W1)");
    assertThat(drawing.text()).contains(".netc-box.failed rect { fill: #fde2e1; stroke: #c62828;");
  }

  @Test
  @DisplayName("an error in no drawn statement (a parameter's declaration) is a note under the picture")
  void notes() {
    Source source = Source.text("p.nn", """
        network P {
          input x: f32[N, 4]
          param W: f32[4, 3] = [1, 2]
          output y = x * 2
        }
        """, null);
    Picture picture = picture(source, false);
    assertThat(picture.notes()).singleElement().asString().startsWith("3:");
    assertThat(picture.hasErrors()).isTrue();
  }

  @Test
  @DisplayName("after the passes: bias, activation and residual fused into each matmul, and its kernel's choices")
  void afterPasses() {
    Picture encoder = picture(sample("transformer_encoder.nn"), true);
    List<List<String>> kernels = encoder.boxes().stream().filter(b -> b.kind() == Picture.Kind.KERNEL)
        .map(Picture.Box::lines).toList();
    assertThat(kernels).hasSize(6);
    assertThat(kernels).anySatisfy(lines -> assertThat(lines).contains("gemm: merged @ Wo + bo + x",
        "kernel gemm64x64BiasResidual", "tile 12x32, GEMV for 1 row", "2 threads when N*T >= 512"));
    assertThat(kernels).anySatisfy(lines -> assertThat(lines).contains("gemm: gelu(h @ W1 + b1)"));
    assertThat(encoder.boxes()).noneMatch(b -> b.lines().get(1).startsWith("matmul"));

    Picture flip = picture(sample("image_flip.nn"), true);
    assertThat(flip.boxes()).extracting(b -> b.lines().get(0)).containsExactly("x", "h", "output y_hat");
    assertThat(flip.boxes().get(1).lines()).contains("gemm: relu(x @ W1 + b1)", "15 params");
    assertThat(flip.caption()).endsWith("(after the passes)");
  }

  @Test
  @DisplayName("after the passes, a spec with errors is drawn as checked")
  void afterPassesWithErrors() {
    Picture picture = picture(sample("errors/matmul_chain.nn"), true);
    assertThat(picture.boxes()).noneMatch(b -> b.kind() == Picture.Kind.KERNEL);
    assertThat(picture.boxes()).anyMatch(b -> b.kind() == Picture.Kind.FAILED);
  }

  @Test
  @DisplayName("every SVG is well-formed XML, text escaped")
  void wellFormed() throws Exception {
    for (String name : List.of("image_flip.nn", "mlp.nn", "transformer_encoder.nn", "errors/syntax_errors.nn",
        "errors/independent_errors.nn")) {
      for (boolean after : new boolean[] {false, true}) {
        Document svg = parse(NetworkPictures.render(sample(name), Optional.empty(), NetworkPictures.Format.SVG, after)
            .text());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
      }
    }
    Document mlp = parse(NetworkPictures.render(sample("mlp.nn"), Optional.empty(), NetworkPictures.Format.SVG, false)
        .text());
    assertThat(box(mlp, "n3").getElementsByTagName("title").item(0).getTextContent())
        .isEqualTo("output logits = dense(fc2, 10, layout=out_in, name=\"fc3\")");
    assertThat(SvgRenderer.xml("a < b && \"c\" > d\u0001")).isEqualTo("a &lt; b &amp;&amp; &quot;c&quot; &gt; d");
  }

  @Test
  @DisplayName("the same spec draws the same bytes: twice, from another folder, and from text in memory")
  void deterministic(@TempDir Path elsewhere) throws Exception {
    for (NetworkPictures.Format format : NetworkPictures.Format.values()) {
      for (boolean after : new boolean[] {false, true}) {
        String first = NetworkPictures.render(sample("mlp.nn"), Optional.empty(), format, after).text();
        String again = NetworkPictures.render(sample("mlp.nn"), Optional.empty(), format, after).text();
        assertThat(again).isEqualTo(first);
        Files.copy(Goldens.samples().resolve("mlp.nn"), elsewhere.resolve("mlp.nn"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Goldens.samples().resolve("mlp.safetensors"), elsewhere.resolve("mlp.safetensors"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String moved = NetworkPictures.render(Source.file(elsewhere.resolve("mlp.nn")), Optional.empty(), format, after)
            .text();
        assertThat(moved).isEqualTo(first);
      }
    }
    String text = Files.readString(Goldens.samples().resolve("image_flip.nn"));
    assertThat(NetworkPictures.render(text, "image_flip.nn", Optional.empty(), NetworkPictures.Format.SVG, false).text())
        .isEqualTo(NetworkPictures.render(sample("image_flip.nn"), Optional.empty(), NetworkPictures.Format.SVG, false)
            .text());
  }

  private static final String TWO_NETWORKS = """
      network A {
        input x: f32[N, 4]
        output y = relu(x)
      }
      network B {
        input x: f32[N, 4]
        output y = x * 2
      }
      """;

  @Test
  @DisplayName("a spec with several networks draws each in its own cluster, or the one --network names")
  void severalNetworks() {
    Picture both = NetworkPictures.picture(Source.text("two.nn", TWO_NETWORKS, null),
        Compiler.check(Source.text("two.nn", TWO_NETWORKS, null)), Optional.empty(), false);
    assertThat(both.clusters()).extracting(Picture.Cluster::label).containsExactly("network A", "network B");
    assertThat(both.boxes()).hasSize(4);
    assertThat(both.caption()).isEqualTo("two.nn");
    NetworkPictures.Drawing b = NetworkPictures.render(TWO_NETWORKS, "two.nn", Optional.of("B"),
        NetworkPictures.Format.MERMAID, false);
    assertThat(b.text()).contains("title: network B, 0 params", "x * 2").doesNotContain("relu");
    assertThatThrownBy(() -> NetworkPictures.render(TWO_NETWORKS, "two.nn", Optional.of("C"),
        NetworkPictures.Format.SVG, false))
        .isInstanceOf(NetworkPictures.UnknownNetworkException.class)
        .hasMessage("no network C in two.nn; its networks: A, B");
  }

  @Test
  @DisplayName("the blocks of a repeated stack become labelled clusters")
  void blocks() {
    assertThat(Blocks.of(List.of("x", "layer_0_attn", "layer_0_ff", "layer_1_attn", "layer_1_ff", "conv_1", "y")))
        .containsExactly(java.util.Map.entry("layer_0_attn", "layer_0"), java.util.Map.entry("layer_0_ff", "layer_0"),
            java.util.Map.entry("layer_1_attn", "layer_1"), java.util.Map.entry("layer_1_ff", "layer_1"));
    String spec = """
        network Stack {
          input x: f32[N, 8]
          layer_0_a = dense(x, 8, relu)
          layer_0_b = dense(layer_0_a, 8) + x
          layer_1_a = dense(layer_0_b, 8, relu)
          layer_1_b = dense(layer_1_a, 8) + layer_0_b
          output y = dense(layer_1_b, 2)
        }
        """;
    NetworkPictures.Drawing d = NetworkPictures.render(spec, "stack.nn", Optional.empty(), NetworkPictures.Format.SVG,
        false);
    assertThat(d.text()).contains("<g class=\"netc-cluster\">", ">layer_0</text>", ">layer_1</text>");
    String dot = NetworkPictures.render(spec, "stack.nn", Optional.empty(), NetworkPictures.Format.DOT, false).text();
    assertThat(dot).contains("subgraph cluster_c0 {", "label=\"layer_0\"");
  }

  @Test
  @DisplayName("a six-layer encoder of a hundred statements is six labelled blocks, top down, not a hairball")
  void sixLayers() {
    StringBuilder spec = new StringBuilder("""
        network Stack {
          weights "stack.safetensors"
          dim d = 64
          input x: f32[N, T, d]
          input mask: f32[T, T]
        """);
    String previous = "x";
    for (int layer = 0; layer < 6; layer++) {
      String p = "layer_" + layer + "_";
      spec.append("""
            param %1$sg1: f32[d]
            param %1$sb1: f32[d]
            param %1$sg2: f32[d]
            param %1$sb2: f32[d]
            %1$sq = reshape(dense(%2$s, d), [N, T, 4, 16])
            %1$sk = reshape(dense(%2$s, d), [N, T, 4, 16])
            %1$sv = reshape(dense(%2$s, d), [N, T, 4, 16])
            %1$sqh = transpose(%1$sq, [0, 2, 1, 3])
            %1$skh = transpose(%1$sk, [0, 2, 1, 3])
            %1$svh = transpose(%1$sv, [0, 2, 1, 3])
            %1$sattn = scaled_dot_product_attention(%1$sqh, %1$skh, %1$svh, mask)
            %1$smerged = reshape(transpose(%1$sattn, [0, 2, 1, 3]), [N, T, d])
            %1$sout = dense(%1$smerged, d)
            %1$snorm1 = layernorm(%2$s + %1$sout, %1$sg1, %1$sb1)
            %1$sff = dense(%1$snorm1, 256, gelu)
            %1$sff2 = dense(%1$sff, d)
            %1$snorm2 = layernorm(%1$snorm1 + %1$sff2, %1$sg2, %1$sb2)
          """.formatted(p, previous));
      previous = p + "norm2";
    }
    spec.append("  output y = ").append(previous).append("\n}\n");
    Source source = Source.text("stack.nn", spec.toString(), null);
    CheckResult check = Compiler.check(source);
    assertThat(check.hasErrors()).as("%s", check.diagnostics()).isFalse();
    Picture picture = NetworkPictures.picture(source, check, Optional.empty(), false);
    assertThat(picture.boxes()).hasSize(2 + 6 * 13 + 1);
    assertThat(picture.clusters()).extracting(Picture.Cluster::label)
        .containsExactly("layer_0", "layer_1", "layer_2", "layer_3", "layer_4", "layer_5");
    assertThat(picture.boxes()).filteredOn(b -> b.cluster().isPresent()).extracting(b -> b.lines().get(0))
        .contains("q", "attn", "norm2").doesNotContain("layer_3_q");
    String svg = SvgRenderer.render(picture);
    double width = Double.parseDouble(svg.substring(svg.indexOf("width=\"") + 7, svg.indexOf("\" height")));
    double height = Double.parseDouble(svg.substring(svg.indexOf("height=\"") + 8, svg.indexOf("\" viewBox")));
    // Top down: the blocks stack, so the picture is far taller than wide, about as wide as a block's three heads.
    assertThat(width).isLessThan(1800);
    assertThat(height).isGreaterThan(4 * width);
    assertThat(picture.boxes()).anySatisfy(b -> assertThat(b.lines()).contains("transpose(q, [0, 2, 1, 3])"));
  }

  @Test
  @DisplayName("DOT and Mermaid escape what their syntax reads")
  void escaping() {
    assertThat(DotRenderer.quote("a \"b\" \\ c\nd")).isEqualTo("\"a \\\"b\\\" \\\\ c\\nd\"");
    assertThat(MermaidRenderer.text("x<\"y\"> & #1")).isEqualTo("x#lt;#quot;y#quot;#gt; #amp; #35;1");
  }

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static Element box(Document svg, String id) {
    NodeList groups = svg.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (id.equals(g.getAttribute("id"))) {
        return g;
      }
    }
    throw new AssertionError("no box " + id);
  }
}
