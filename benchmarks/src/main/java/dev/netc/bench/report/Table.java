package dev.netc.bench.report;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table built row by row. */
final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();
  private final boolean[] rightAligned;

  /** A table whose first column is left-aligned and every other right-aligned. */
  Table(List<String> header) {
    this.header = List.copyOf(header);
    rightAligned = new boolean[header.size()];
    for (int i = 1; i < rightAligned.length; i++) {
      rightAligned[i] = true;
    }
  }

  void row(List<String> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException(cells.size() + " cells for " + header.size() + " columns");
    }
    rows.add(List.copyOf(cells));
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    line(out, header);
    out.append('|');
    for (boolean right : rightAligned) {
      out.append(right ? " ---: |" : " --- |");
    }
    out.append('\n');
    rows.forEach(r -> line(out, r));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells) {
    out.append('|');
    cells.forEach(c -> out.append(' ').append(c).append(" |"));
    out.append('\n');
  }
}
