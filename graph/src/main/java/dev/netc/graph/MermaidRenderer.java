package dev.netc.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A picture as a Mermaid {@code flowchart TD}, which GitHub, GitLab and many wikis draw from a
 * fenced block. Mermaid has no tooltips without scripts, so a failed node says its error in its
 * box, and the notes go into the title.
 */
final class MermaidRenderer {
  private MermaidRenderer() {}

  static String render(Picture picture) {
    StringBuilder out = new StringBuilder();
    out.append("---\ntitle: ").append(text(picture.caption())).append("\n---\n");
    out.append("flowchart TD\n");
    Map<Optional<String>, List<Picture.Box>> byCluster = new LinkedHashMap<>();
    for (Picture.Box b : picture.boxes()) {
      byCluster.computeIfAbsent(b.cluster(), c -> new ArrayList<>()).add(b);
    }
    writeCluster(out, picture, Optional.empty(), byCluster, "  ");
    for (Picture.Arrow a : picture.arrows()) {
      out.append("  ").append(a.from()).append(a.label().isEmpty() ? " --> " : " -->|\"" + text(a.label()) + "\"| ")
          .append(a.to()).append('\n');
    }
    for (String note : picture.notes()) {
      out.append("  %% ").append(note.replace('\n', ' ')).append('\n');
    }
    out.append("  classDef input fill:#e6f4ea,stroke:#3c7d4f\n");
    out.append("  classDef op fill:#eef3fb,stroke:#4a6a9b\n");
    out.append("  classDef output fill:#fff4d6,stroke:#a07a14,stroke-width:2px\n");
    out.append("  classDef kernel fill:#ece6f7,stroke:#6a4c9c\n");
    out.append("  classDef failed fill:#fde2e1,stroke:#c62828,stroke-width:2px,color:#8e1b1b\n");
    out.append("  classDef unchecked fill:#ffffff,stroke:#999999,stroke-dasharray:4 3,color:#777777\n");
    for (Picture.Kind kind : Picture.Kind.values()) {
      List<String> ids = picture.boxes().stream().filter(b -> b.kind() == kind).map(Picture.Box::id).toList();
      if (!ids.isEmpty()) {
        out.append("  class ").append(String.join(",", ids)).append(' ').append(kind.cssClass()).append('\n');
      }
    }
    return out.toString();
  }

  private static void writeCluster(StringBuilder out, Picture picture, Optional<String> cluster,
      Map<Optional<String>, List<Picture.Box>> byCluster, String indent) {
    for (Picture.Box b : byCluster.getOrDefault(cluster, List.of())) {
      List<String> lines = b.lines().stream().map(MermaidRenderer::text).toList();
      out.append(indent).append(b.id()).append("[\"").append(String.join("<br/>", lines)).append("\"]\n");
    }
    for (Picture.Cluster c : picture.clusters()) {
      if (c.parent().equals(cluster)) {
        out.append(indent).append("subgraph ").append(c.id()).append(" [\"").append(text(c.label())).append("\"]\n");
        writeCluster(out, picture, Optional.of(c.id()), byCluster, indent + "  ");
        out.append(indent).append("end\n");
      }
    }
  }

  /**
   * Text inside a quoted Mermaid label: Mermaid reads HTML entities there, so quotes, angle
   * brackets and ampersands are written as entities, and {@code #} (which starts one) too.
   */
  static String text(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("#quot;");
        case '<' -> out.append("#lt;");
        case '>' -> out.append("#gt;");
        case '&' -> out.append("#amp;");
        case '#' -> out.append("#35;");
        case '\n', '\r' -> out.append(' ');
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
