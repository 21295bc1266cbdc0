package dev.netc.compiler.check;

import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Edit;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.shape.BroadcastRule;
import dev.netc.compiler.shape.Describe;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import dev.netc.compiler.source.Span;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Traces a mismatch between what a network computes and what it is compared with (a loss's
 * target, an output's declared type) back to where the sizes came from, and proposes the change
 * there: the units of the layer that made the size, or a {@code flatten} before a {@code dense}
 * that kept the axes of a rank-3 or rank-4 input (it maps only the last one, as Keras' Dense does,
 * so a forgotten flatten surfaces later as one axis too many). It never proposes reshaping the
 * target to fit a wrong output.
 */
final class SizeTrace {
  /** A {@code dense} applied to an input of rank 3 or more, by the span of its units. */
  private record KeptAxes(String layer, Span call, Span input, Shape inputShape) {}

  private final Map<Span, KeptAxes> keptAxes = new HashMap<>();

  /** Notes a {@code dense} layer whose input has more than two axes: it keeps all but the last. */
  void denseKeptAxes(String layer, Span units, Span call, Span input, Shape inputShape) {
    if (inputShape.rank() >= 3) {
      keptAxes.put(units, new KeptAxes(layer, call, input, inputShape));
    }
  }

  /**
   * Adds to {@code d} where the differing sizes of {@code got} (computed) and {@code want} (the
   * target or declaration) came from, and the fix at their origin when there is one.
   */
  void explain(Diagnostic.Builder d, Shape got, Shape want) {
    if (got == null || want == null || got.rank() < 1) {
      return;
    }
    Dim last = got.dim(-1);
    KeptAxes kept = keptAxes.get(Describe.originSpan(last));
    // Back to the first dense that kept the axes: where the flatten was forgotten.
    for (int hops = 0; kept != null && hops < 64; hops++) {
      KeptAxes before = keptAxes.get(Describe.originSpan(kept.inputShape().dim(-1)));
      if (before == null) {
        break;
      }
      kept = before;
    }
    if (got.rank() > want.rank() && kept != null) {
      String input = kept.input().text().strip();
      d.related(kept.call(), "`dense` layer `" + kept.layer() + "` kept the axes of its input " + kept.inputShape()
          + ": it maps only the last one");
      d.fix(new Fix("flatten the input of `" + kept.layer() + "`: `flatten(" + input + ")`",
          "Flatten " + input + " before " + kept.layer(), List.of(new Edit(kept.input(), "flatten(" + input + ")"))));
      return;
    }
    if (got.rank() != want.rank()) {
      return;
    }
    for (int axis = 0; axis < got.rank(); axis++) {
      Dim a = got.dim(axis);
      Dim b = want.dim(axis);
      if (a.equals(b)) {
        continue;
      }
      BroadcastRule.addOrigin(d, a);
      BroadcastRule.addOrigin(d, b);
      Span made = Describe.originSpan(a);
      if (axis == got.rank() - 1 && b.isFixed() && made != null && a.isFixed()
          && made.text().strip().equals(Long.toString(a.value()))) {
        String what = a.origin().orElseThrow().what();
        d.fix(new Fix("make " + what + " " + b.value() + ", the size compared with", "Change " + what + " to "
            + b.value(), List.of(new Edit(made, Long.toString(b.value())))));
      }
    }
  }
}
