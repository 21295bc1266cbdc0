package dev.netc.onnx.importer;

import dev.netc.compiler.check.Operations;
import dev.netc.onnx.OnnxNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The names an imported spec uses: taken from the ONNX graph where it has meaningful ones
 * ({@code /encoder/layer.0/attention/self/MatMul} becomes {@code encoder_layer_0_attention_self_matmul}),
 * sanitized to {@code .nn} names, never a keyword, an operation or a Java keyword, and unique.
 */
final class Names {
  private static final Set<String> RESERVED = Set.of("network", "dim", "weights", "input", "param", "output", "from",
      "N", "T", "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
      "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
      "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
      "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
      "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "var", "record",
      "yield", "sealed", "permits");

  private final Set<String> taken = new HashSet<>();
  private final Map<String, String> outputs = new HashMap<>();

  void reserve(String name) {
    taken.add(name);
  }

  /** Whether an ONNX name says something ({@code fc1.weight}), unlike the exporters' {@code onnx::MatMul_110}. */
  static boolean meaningful(String onnxName) {
    return onnxName != null && !onnxName.isEmpty() && !onnxName.startsWith("onnx::") && !onnxName.matches("\\d+")
        && !onnxName.startsWith("/");
  }

  /** {@code layer.0/attention} to {@code layer_0_attention}: only letters, digits and single underscores. */
  static String sanitize(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_');
      if (ok) {
        sb.append(c);
      } else if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '_') {
        sb.append('_');
      }
    }
    while (!sb.isEmpty() && sb.charAt(sb.length() - 1) == '_') {
      sb.setLength(sb.length() - 1);
    }
    if (sb.isEmpty() || Character.isDigit(sb.charAt(0))) {
      sb.insert(0, 'v');
    }
    return sb.toString();
  }

  private String unique(String base) {
    String name = base;
    if (RESERVED.contains(name) || Operations.exists(name)) {
      name = name + "_";
    }
    String candidate = name;
    for (int i = 2; taken.contains(candidate); i++) {
      candidate = name + "_" + i;
    }
    taken.add(candidate);
    return candidate;
  }

  String inputName(String onnxName) {
    return unique(sanitize(onnxName));
  }

  /** The name a graph output gets, the same every time it is asked for. */
  String outputName(String onnxName) {
    return outputs.computeIfAbsent(onnxName, n -> unique(sanitize(n)));
  }

  String param(String base) {
    return unique(sanitize(base));
  }

  /** A statement's name, from the node's scope and operator: {@code /norm1/Add_1} to {@code norm1_add_1}. */
  String fresh(OnnxNode node) {
    return unique(stem(node));
  }

  /**
   * A statement's name for a group of nodes: the first node's scope and what the group is
   * ({@code /norm1/ReduceMean} and {@code layernorm} to {@code norm1}; {@code /self_attn/Div_2} and
   * {@code attention} to {@code self_attn_attention}).
   */
  String fresh(OnnxNode first, String what, boolean scopeSuffices) {
    String n = first.name();
    String scope = n.startsWith("/") && n.lastIndexOf('/') > 0 ? n.substring(1, n.lastIndexOf('/')) : "";
    if (scope.isEmpty()) {
      return unique(what);
    }
    String s = sanitize(scope).toLowerCase(Locale.ROOT);
    return unique(scopeSuffices ? s : s + "_" + what);
  }

  /** A dense layer's statement: the layer's name ({@code encoder.layer.0.output.dense} to {@code encoder_layer_0_output_dense}). */
  String freshLayer(String layer) {
    String s = sanitize(layer);
    return unique(Character.isDigit(layer.charAt(0)) ? "layer" + s.substring(1) : s);
  }

  /** A hint for a parameter a node uses: the node's name and the operand's role. */
  String hint(OnnxNode node, String role) {
    return stem(node) + "_" + role;
  }

  private static String stem(OnnxNode node) {
    String n = node.name();
    String s = sanitize(n.startsWith("/") ? n.substring(1) : n).toLowerCase(Locale.ROOT);
    return s;
  }

  /**
   * A layer's name for {@code dense(name=...)}: the ONNX prefix of its bias or weight
   * ({@code encoder.layer.0.attention.self.query.bias} to {@code encoder.layer.0.attention.self.query}),
   * else the node's scope.
   */
  String layer(String biasName, String weightName, OnnxNode first) {
    for (String n : new String[] {biasName, weightName}) {
      if (meaningful(n)) {
        int dot = n.lastIndexOf('.');
        String prefix = dot > 0 && (n.endsWith(".bias") || n.endsWith(".weight")) ? n.substring(0, dot)
            : n.endsWith("_bias") || n.endsWith("_weight") ? n.substring(0, n.lastIndexOf('_')) : n;
        if (taken.add("layer:" + prefix)) {
          return prefix;
        }
      }
    }
    String n = first.name();
    String scope = n.startsWith("/") && n.lastIndexOf('/') > 0 ? n.substring(1, n.lastIndexOf('/')) : n;
    String base = sanitize(scope).toLowerCase(Locale.ROOT);
    String candidate = base;
    for (int i = 2; !taken.add("layer:" + candidate); i++) {
      candidate = base + "_" + i;
    }
    return candidate;
  }
}
