package dev.netc.graph;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the blocks of a repeated stack by their names, {@code layer_0_attn}, {@code layer_0_ff},
 * {@code layer_1_attn}, ...: the names an imported encoder's nodes have. Each block becomes one
 * labelled cluster, so a six-layer encoder reads as six boxes of boxes rather than a hairball of a
 * hundred.
 *
 * <p>A block is the nodes whose names start with the same stem and number ({@code layer_3_}),
 * when that stem is numbered at least twice and each number names at least two nodes: one
 * {@code conv_1} among other names is no stack.
 */
final class Blocks {
  private Blocks() {}

  /**
   * {@code name} as a box inside its block shows it: without the block's prefix, which the
   * cluster's label says once ({@code attention_self_query} in {@code encoder_layer_0}).
   */
  static String shortName(String name, Map<String, String> blocks) {
    String block = blocks.get(name);
    return block == null ? name : name.substring(block.length() + 1);
  }

  /** {@code text} with the names of {@code name}'s block written as its boxes show them, without the prefix. */
  static String shortNames(String text, String name, Map<String, String> blocks) {
    String block = blocks.get(name);
    return block == null ? text : text.replaceAll("\\b" + java.util.regex.Pattern.quote(block + "_"), "");
  }

  /** The block of each name that belongs to one ({@code layer_3}), by name. */
  static Map<String, String> of(List<String> names) {
    Map<String, String> prefixOf = new LinkedHashMap<>();
    Map<String, Set<String>> numbersOfStem = new HashMap<>();
    Map<String, Integer> sizeOfPrefix = new HashMap<>();
    for (String name : names) {
      String[] parts = name.split("_", -1);
      for (int i = 1; i < parts.length - 1; i++) {
        if (!parts[i].isEmpty() && parts[i].chars().allMatch(c -> c >= '0' && c <= '9')) {
          String stem = String.join("_", List.of(parts).subList(0, i));
          String prefix = stem + "_" + parts[i];
          prefixOf.put(name, prefix);
          numbersOfStem.computeIfAbsent(stem, s -> new TreeSet<>()).add(parts[i]);
          sizeOfPrefix.merge(prefix, 1, Integer::sum);
          break;
        }
      }
    }
    Map<String, String> blocks = new LinkedHashMap<>();
    prefixOf.forEach((name, prefix) -> {
      String stem = prefix.substring(0, prefix.lastIndexOf('_'));
      if (numbersOfStem.get(stem).size() >= 2 && sizeOfPrefix.get(prefix) >= 2) {
        blocks.put(name, prefix);
      }
    });
    return blocks;
  }
}
