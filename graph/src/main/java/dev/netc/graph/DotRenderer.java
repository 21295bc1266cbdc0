package dev.netc.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A picture as Graphviz DOT, for people who lay out with their own {@code dot}: top-down, one cluster per group. */
final class DotRenderer {
  private DotRenderer() {}

  static String render(Picture picture) {
    StringBuilder out = new StringBuilder();
    out.append("digraph netc {\n");
    out.append("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, labelloc=t, label=")
        .append(quote(picture.caption() + notes(picture))).append("];\n");
    out.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11, "
        + "fillcolor=\"#eef3fb\", color=\"#4a6a9b\"];\n");
    out.append("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n");
    Map<Optional<String>, List<Picture.Box>> byCluster = new LinkedHashMap<>();
    for (Picture.Box b : picture.boxes()) {
      byCluster.computeIfAbsent(b.cluster(), c -> new ArrayList<>()).add(b);
    }
    writeCluster(out, picture, Optional.empty(), byCluster, "  ");
    for (Picture.Arrow a : picture.arrows()) {
      out.append("  ").append(a.from()).append(" -> ").append(a.to());
      if (!a.label().isEmpty()) {
        out.append(" [label=").append(quote(a.label())).append(']');
      }
      out.append(";\n");
    }
    out.append("}\n");
    return out.toString();
  }

  private static void writeCluster(StringBuilder out, Picture picture, Optional<String> cluster,
      Map<Optional<String>, List<Picture.Box>> byCluster, String indent) {
    for (Picture.Box b : byCluster.getOrDefault(cluster, List.of())) {
      out.append(indent).append(b.id()).append(" [label=").append(quote(String.join("\n", b.lines())))
          .append(", tooltip=").append(quote(b.tooltip())).append(style(b.kind())).append("];\n");
    }
    for (Picture.Cluster c : picture.clusters()) {
      if (c.parent().equals(cluster)) {
        out.append(indent).append("subgraph cluster_").append(c.id()).append(" {\n");
        out.append(indent).append("  label=").append(quote(c.label()))
            .append("; style=\"rounded,dashed\"; color=\"#8899aa\";\n");
        writeCluster(out, picture, Optional.of(c.id()), byCluster, indent + "  ");
        out.append(indent).append("}\n");
      }
    }
  }

  private static String style(Picture.Kind kind) {
    return switch (kind) {
      case INPUT -> ", fillcolor=\"#e6f4ea\", color=\"#3c7d4f\"";
      case NODE -> "";
      case OUTPUT -> ", fillcolor=\"#fff4d6\", color=\"#a07a14\", penwidth=2";
      case KERNEL -> ", fillcolor=\"#ece6f7\", color=\"#6a4c9c\"";
      case FAILED -> ", fillcolor=\"#fde2e1\", color=\"#c62828\", fontcolor=\"#8e1b1b\", penwidth=2";
      case UNCHECKED -> ", style=\"rounded,dashed\", fillcolor=\"#ffffff\", color=\"#999999\", fontcolor=\"#777777\"";
    };
  }

  private static String notes(Picture picture) {
    return picture.notes().isEmpty() ? "" : "\n" + String.join("\n", picture.notes());
  }

  /** A DOT string: quotes and backslashes escaped, line breaks as DOT's centred {@code \n}. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> { }
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
