package dev.netc.compiler.plan;

import dev.netc.compiler.shape.Dim;
import java.util.List;

/**
 * A small {@code int[]} a runtime kernel takes (a shape, strides), in the form that costs
 * nothing per call: a shared constant when every entry is fixed, else the workspace's array of
 * its slot, filled on each call.
 */
public sealed interface IntList {
  /** A {@code static final int[]} of the facade class. */
  record Constant(String field, List<Long> values) implements IntList {
    public Constant {
      values = List.copyOf(values);
    }
  }

  /** The workspace's array of {@code slot}, filled with {@code entries} ({@code Workspace.dims} takes up to {@link #MAX}). */
  record Dynamic(int slot, List<Dim> entries) implements IntList {
    public static final int MAX = 6;

    public Dynamic {
      entries = List.copyOf(entries);
      if (entries.size() > MAX) {
        throw new IllegalArgumentException(entries.size() + " entries; the workspace fills at most " + MAX);
      }
    }
  }

  /**
   * A new array on each call: for more than {@link Dynamic#MAX} run-time entries (a tensor of
   * rank 7 or more with a run-time size), the one case where a forward pass allocates.
   */
  record Fresh(List<Dim> entries) implements IntList {
    public Fresh {
      entries = List.copyOf(entries);
    }
  }
}
