package dev.netc.graph;

import dev.netc.compiler.shape.TensorType;
import dev.netc.runtime.DType;
import java.util.Locale;

/** How pictures write shapes, counts and statements: the same way in every format. */
final class Texts {
  /** Longest line a box holds; longer statements are cut, whole in the tooltip. */
  static final int MAX_LINE = 44;

  private Texts() {}

  /**
   * A type as a box shows it: fixed sizes as numbers and run-time dimensions by name,
   * {@code [N, T, 64]}; the element type only when it is not f32, the type nearly all are.
   */
  static String shape(TensorType type) {
    if (type.isUnknown()) {
      return "?";
    }
    String shape = type.shape().valueText();
    return type.dtype() == DType.F32 ? shape : type.dtype().spelling() + shape;
  }

  /** {@code 100,480 params}. */
  static String params(long count) {
    return String.format(Locale.ROOT, "%,d", count) + (count == 1 ? " param" : " params");
  }

  static String count(long count) {
    return String.format(Locale.ROOT, "%,d", count);
  }

  /** Source text on one line, runs of blanks as one space. */
  static String oneLine(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  /** {@code text}, cut to {@code max} characters with an ellipsis. */
  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
  }
}
