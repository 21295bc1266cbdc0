package dev.netc.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.NodePlacementStrategy;
import org.eclipse.elk.alg.layered.options.OrderingStrategy;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * A picture as a standalone SVG, laid out by the Eclipse Layout Kernel's layered algorithm: top
 * down, inputs in the first layer, orthogonal edges, clusters as nested nodes laid out with their
 * contents.
 *
 * <p>Deterministic, so that a golden file can hold it: ELK gets the boxes in the picture's order
 * and a fixed random seed, text is measured by its character count at a fixed width (a monospace
 * font, so the estimate holds; font metrics differ from machine to machine), and every number is
 * written to one decimal with {@link Locale#ROOT}.
 */
final class SvgRenderer {
  /** Width of a character of the 12px monospace font the boxes use: 0.6 em. */
  private static final double CHAR = 7.2;
  private static final double LINE = 16;
  private static final double LABEL_CHAR = 6.0;
  private static final double LABEL_LINE = 13;
  private static final double PAD_X = 10;
  private static final double PAD_Y = 7;
  private static final double MARGIN = 16;
  private static final double CAPTION = 30;
  private static final double CLUSTER_TOP = 26;

  static {
    LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
  }

  private SvgRenderer() {}

  static String render(Picture picture) {
    ElkNode root = ElkGraphUtil.createGraph();
    root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
    root.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
    root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
    root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
    root.setProperty(CoreOptions.RANDOM_SEED, 1);
    root.setProperty(CoreOptions.PADDING, new ElkPadding(0));
    // The spec's order is the reader's order: ELK keeps it where crossings allow.
    root.setProperty(LayeredOptions.CONSIDER_MODEL_ORDER_STRATEGY, OrderingStrategy.NODES_AND_EDGES);
    // Network simplex places a chain of nodes on one vertical line: straight edges down a stack.
    root.setProperty(LayeredOptions.NODE_PLACEMENT_STRATEGY, NodePlacementStrategy.NETWORK_SIMPLEX);
    root.setProperty(LayeredOptions.SPACING_NODE_NODE, 24.0);
    root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 28.0);
    root.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 14.0);
    root.setProperty(LayeredOptions.SPACING_EDGE_LABEL, 4.0);

    Map<String, ElkNode> clusters = new HashMap<>();
    for (Picture.Cluster c : picture.clusters()) {
      ElkNode parent = c.parent().map(clusters::get).orElse(root);
      ElkNode node = ElkGraphUtil.createNode(parent);
      node.setIdentifier(c.id());
      node.setProperty(CoreOptions.PADDING, new ElkPadding(CLUSTER_TOP, 12, 12, 12));
      node.setProperty(CoreOptions.NODE_SIZE_MINIMUM, new org.eclipse.elk.core.math.KVector(
          c.label().length() * CHAR + 24, 40));
      node.setProperty(CoreOptions.NODE_SIZE_CONSTRAINTS, java.util.EnumSet.of(
          org.eclipse.elk.core.options.SizeConstraint.MINIMUM_SIZE));
      clusters.put(c.id(), node);
    }
    Map<String, ElkNode> boxes = new HashMap<>();
    for (Picture.Box b : picture.boxes()) {
      ElkNode node = ElkGraphUtil.createNode(b.cluster().map(clusters::get).orElse(root));
      node.setIdentifier(b.id());
      int chars = b.lines().stream().mapToInt(String::length).max().orElse(1);
      node.setDimensions(Math.max(80, chars * CHAR + 2 * PAD_X), b.lines().size() * LINE + 2 * PAD_Y);
      boxes.put(b.id(), node);
    }
    List<ElkEdge> edges = new ArrayList<>();
    for (Picture.Arrow a : picture.arrows()) {
      ElkEdge edge = ElkGraphUtil.createSimpleEdge(boxes.get(a.from()), boxes.get(a.to()));
      ElkGraphUtil.updateContainment(edge);
      if (!a.label().isEmpty()) {
        ElkLabel label = ElkGraphUtil.createLabel(a.label(), edge);
        label.setDimensions(a.label().length() * LABEL_CHAR + 4, LABEL_LINE);
        label.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
      }
      edges.add(edge);
    }
    new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());

    double width = Math.max(root.getWidth(), Math.max(picture.caption().length() * 8.4,
        picture.notes().stream().mapToInt(String::length).max().orElse(0) * CHAR)) + 2 * MARGIN;
    double top = MARGIN + CAPTION;
    double height = top + root.getHeight() + picture.notes().size() * LINE + MARGIN + (picture.notes().isEmpty() ? 0 : 8);
    StringBuilder out = new StringBuilder();
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(n(width)).append("\" height=\"")
        .append(n(height)).append("\" viewBox=\"0 0 ").append(n(width)).append(' ').append(n(height))
        .append("\" font-family=\"ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace\""
            + " font-size=\"12\">\n");
    out.append("<title>").append(xml(picture.caption())).append("</title>\n");
    out.append(STYLE);
    out.append("<rect class=\"netc-bg\" width=\"").append(n(width)).append("\" height=\"").append(n(height))
        .append("\"/>\n");
    out.append("<text class=\"netc-caption\" x=\"").append(n(MARGIN)).append("\" y=\"").append(n(MARGIN + 14))
        .append("\">").append(xml(picture.caption())).append("</text>\n");
    out.append("<g transform=\"translate(").append(n(MARGIN)).append(' ').append(n(top)).append(")\">\n");
    for (Picture.Cluster c : picture.clusters()) {
      ElkNode node = clusters.get(c.id());
      double[] at = absolute(node);
      out.append("<g class=\"netc-cluster\"><rect x=\"").append(n(at[0])).append("\" y=\"").append(n(at[1]))
          .append("\" width=\"").append(n(node.getWidth())).append("\" height=\"").append(n(node.getHeight()))
          .append("\" rx=\"8\"/><text x=\"").append(n(at[0] + 10)).append("\" y=\"").append(n(at[1] + 17))
          .append("\">").append(xml(c.label())).append("</text></g>\n");
    }
    for (int i = 0; i < edges.size(); i++) {
      edge(out, edges.get(i));
    }
    for (Picture.Box b : picture.boxes()) {
      box(out, b, boxes.get(b.id()));
    }
    out.append("</g>\n");
    double y = top + root.getHeight() + 8 + LINE;
    for (String note : picture.notes()) {
      out.append("<text class=\"netc-note\" x=\"").append(n(MARGIN)).append("\" y=\"").append(n(y)).append("\">")
          .append(xml(note)).append("</text>\n");
      y += LINE;
    }
    out.append("</svg>\n");
    return out.toString();
  }

  private static final String STYLE = """
      <style>
      .netc-bg { fill: #ffffff; }
      .netc-caption { font-size: 14px; font-weight: bold; fill: #1f2933; }
      .netc-note { fill: #c62828; }
      .netc-cluster rect { fill: #f7f9fc; stroke: #8899aa; stroke-dasharray: 5 3; }
      .netc-cluster text { fill: #52606d; font-weight: bold; }
      .netc-box rect { fill: #eef3fb; stroke: #4a6a9b; stroke-width: 1.2; }
      .netc-box text { fill: #1f2933; }
      .netc-box .netc-name { font-weight: bold; }
      .netc-box.input rect { fill: #e6f4ea; stroke: #3c7d4f; }
      .netc-box.output rect { fill: #fff4d6; stroke: #a07a14; stroke-width: 2; }
      .netc-box.kernel rect { fill: #ece6f7; stroke: #6a4c9c; }
      .netc-box.failed rect { fill: #fde2e1; stroke: #c62828; stroke-width: 2; }
      .netc-box.failed text { fill: #8e1b1b; }
      .netc-box.unchecked rect { fill: #ffffff; stroke: #999999; stroke-dasharray: 4 3; }
      .netc-box.unchecked text { fill: #777777; }
      .netc-edge path { fill: none; stroke: #555555; stroke-width: 1.2; }
      .netc-edge text { font-size: 10px; fill: #52606d; }
      .netc-arrow { fill: #555555; }
      </style>
      <defs><marker id="netc-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" \
      orient="auto"><path class="netc-arrow" d="M0,0 L10,5 L0,10 z"/></marker></defs>
      """;

  private static void box(StringBuilder out, Picture.Box b, ElkNode node) {
    double[] at = absolute(node);
    out.append("<g class=\"netc-box ").append(b.kind().cssClass()).append("\" id=\"").append(b.id()).append("\">");
    out.append("<title>").append(xml(b.tooltip())).append("</title>");
    out.append("<rect x=\"").append(n(at[0])).append("\" y=\"").append(n(at[1])).append("\" width=\"")
        .append(n(node.getWidth())).append("\" height=\"").append(n(node.getHeight())).append("\" rx=\"6\"/>");
    double cx = at[0] + node.getWidth() / 2;
    for (int i = 0; i < b.lines().size(); i++) {
      out.append("<text").append(i == 0 ? " class=\"netc-name\"" : "").append(" x=\"").append(n(cx))
          .append("\" y=\"").append(n(at[1] + PAD_Y + LINE * i + 12)).append("\" text-anchor=\"middle\">")
          .append(xml(b.lines().get(i))).append("</text>");
    }
    out.append("</g>\n");
  }

  private static void edge(StringBuilder out, ElkEdge edge) {
    double[] origin = absolute(edge.getContainingNode());
    out.append("<g class=\"netc-edge\"><path d=\"");
    for (ElkEdgeSection s : edge.getSections()) {
      out.append('M').append(n(origin[0] + s.getStartX())).append(',').append(n(origin[1] + s.getStartY()));
      for (ElkBendPoint p : s.getBendPoints()) {
        out.append(" L").append(n(origin[0] + p.getX())).append(',').append(n(origin[1] + p.getY()));
      }
      out.append(" L").append(n(origin[0] + s.getEndX())).append(',').append(n(origin[1] + s.getEndY()));
    }
    out.append("\" marker-end=\"url(#netc-arrow)\"/>");
    for (ElkLabel label : edge.getLabels()) {
      out.append("<text x=\"").append(n(origin[0] + label.getX() + 2)).append("\" y=\"")
          .append(n(origin[1] + label.getY() + 10)).append("\">").append(xml(label.getText())).append("</text>");
    }
    out.append("</g>\n");
  }

  /** The position of {@code node} in the root's coordinates (the root's own is the origin). */
  private static double[] absolute(ElkNode node) {
    double x = 0;
    double y = 0;
    for (ElkNode n = node; n != null && n.getParent() != null; n = n.getParent()) {
      x += n.getX();
      y += n.getY();
    }
    return new double[] {x, y};
  }

  /** A coordinate to one decimal, without a trailing {@code .0}: the same text on every machine. */
  static String n(double v) {
    long tenths = Math.round(v * 10);
    return tenths % 10 == 0 ? Long.toString(tenths / 10) : String.format(Locale.ROOT, "%.1f", tenths / 10.0);
  }

  /** Text as XML character data or an attribute value: markup characters escaped, control characters dropped. */
  static String xml(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\n', '\t' -> out.append(c);
        default -> {
          if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
