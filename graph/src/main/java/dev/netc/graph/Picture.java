package dev.netc.graph;

import java.util.List;
import java.util.Optional;

/**
 * What a picture of a network shows, before any layout: boxes, arrows between them and the
 * clusters that group them. Every renderer draws this one model, so SVG, DOT and Mermaid show
 * the same boxes with the same words.
 *
 * @param caption what the picture is of ({@code network Mlp: 109,386 parameters})
 * @param boxes in the order the spec writes them: a renderer keeps that order, which is what makes
 *     the layout deterministic
 * @param arrows each from the box whose value flows to another, in the order of their targets
 * @param clusters the groups of boxes, parents before their children
 * @param notes what the picture cannot attach to a box (an error in a parameter's declaration)
 */
public record Picture(String caption, List<Box> boxes, List<Arrow> arrows, List<Cluster> clusters,
    List<String> notes) {
  public Picture {
    boxes = List.copyOf(boxes);
    arrows = List.copyOf(arrows);
    clusters = List.copyOf(clusters);
    notes = List.copyOf(notes);
  }

  /** Whether some box failed checking. */
  public boolean hasErrors() {
    return boxes.stream().anyMatch(b -> b.kind() == Kind.FAILED) || !notes.isEmpty();
  }

  /** What a box stands for, which decides its colour. */
  public enum Kind {
    INPUT("input"),
    /** A computed node. */
    NODE("op"),
    OUTPUT("output"),
    /** A matmul kernel with its fused epilogue, after the passes. */
    KERNEL("kernel"),
    /** A statement with an error of its own: drawn red, its diagnostic as the tooltip. */
    FAILED("failed"),
    /** A statement that could not be checked because something it reads failed. */
    UNCHECKED("unchecked");

    private final String cssClass;

    Kind(String cssClass) {
      this.cssClass = cssClass;
    }

    /** Its class in SVG and Mermaid, and its style name in DOT. */
    public String cssClass() {
      return cssClass;
    }
  }

  /**
   * One node of the network.
   *
   * @param id unique in the picture, a legal identifier in DOT, Mermaid and XML
   * @param lines the name first, then what it computes, its shape and its parameters
   * @param tooltip the statement as written, or the diagnostic of a failed one
   * @param cluster the id of the innermost cluster holding it
   */
  public record Box(String id, Kind kind, List<String> lines, String tooltip, Optional<String> cluster) {
    public Box {
      lines = List.copyOf(lines);
    }
  }

  /** A value flowing from one box to another, labelled with its shape. */
  public record Arrow(String from, String to, String label) {}

  /** A group of boxes: a network when a picture holds several, or one block of a repeated stack. */
  public record Cluster(String id, String label, Optional<String> parent) {}
}
