package dev.netc.compiler.plan;

import java.util.List;

/**
 * A kernel of the network's kernels class: its plan, the method name it is called by, and the
 * layers that call it, for its Javadoc.
 */
public record Kernel(String name, KernelPlan plan, List<Use> uses) {
  public Kernel {
    uses = List.copyOf(uses);
  }

  /** A layer computed by the kernel: its node, and what it computes ({@code relu(x @ W1 + b1)}). */
  public record Use(String node, String expression) {}
}
