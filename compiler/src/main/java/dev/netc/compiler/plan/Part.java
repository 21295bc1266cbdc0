package dev.netc.compiler.plan;

import java.util.List;

/**
 * A method of {@code forward}'s body: a long network's steps are split over several, so each
 * stays far below HotSpot's 8,000-byte limit for JIT compilation.
 *
 * @param method its name; the only part of a short network is {@code forward} itself
 * @param lines its steps in order, each with the scratch buffers it is the first of this method
 *     to touch, which the method fetches just before it
 */
public record Part(String method, List<Line> lines) {
  public Part {
    lines = List.copyOf(lines);
  }

  public record Line(List<Buffer> fetch, Step step) {
    public Line {
      fetch = List.copyOf(fetch);
    }
  }
}
