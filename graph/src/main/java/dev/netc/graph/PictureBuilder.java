package dev.netc.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects a picture's boxes, arrows and clusters, giving each an id from its position: the same
 * spec always gives the same ids, whatever its names hold.
 */
final class PictureBuilder {
  private final List<Picture.Box> boxes = new ArrayList<>();
  private final List<Picture.Arrow> arrows = new ArrayList<>();
  private final List<Picture.Cluster> clusters = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, String> clusterIds = new HashMap<>();
  private final Map<String, Integer> boxIndex = new LinkedHashMap<>();

  /** A box for the node {@code name} of the network {@code scope}; returns its id. */
  String box(String scope, String name, Picture.Kind kind, List<String> lines, String tooltip,
      Optional<String> cluster) {
    String id = "n" + boxes.size();
    boxIndex.put(scope + "\u0000" + name, boxes.size());
    boxes.add(new Picture.Box(id, kind, lines, tooltip, cluster));
    return id;
  }

  /** The id of the box of {@code name} in {@code scope}, if there is one. */
  Optional<String> idOf(String scope, String name) {
    Integer i = boxIndex.get(scope + "\u0000" + name);
    return i == null ? Optional.empty() : Optional.of(boxes.get(i).id());
  }

  /** Replaces the box of {@code name} (to mark it failed once its diagnostic is known). */
  void replace(String scope, String name, Picture.Kind kind, List<String> lines, String tooltip) {
    int i = boxIndex.get(scope + "\u0000" + name);
    Picture.Box old = boxes.get(i);
    boxes.set(i, new Picture.Box(old.id(), kind, lines, tooltip, old.cluster()));
  }

  Optional<Picture.Box> boxOf(String scope, String name) {
    Integer i = boxIndex.get(scope + "\u0000" + name);
    return i == null ? Optional.empty() : Optional.of(boxes.get(i));
  }

  void arrow(String from, String to, String label) {
    arrows.add(new Picture.Arrow(from, to, label));
  }

  /** The cluster with this key, made on first use; returns its id. */
  String cluster(String key, String label, Optional<String> parent) {
    return clusterIds.computeIfAbsent(key, k -> {
      String id = "c" + clusters.size();
      clusters.add(new Picture.Cluster(id, label, parent));
      return id;
    });
  }

  void note(String note) {
    notes.add(note);
  }

  Picture build(String caption) {
    return new Picture(caption, boxes, arrows, clusters, notes);
  }
}
