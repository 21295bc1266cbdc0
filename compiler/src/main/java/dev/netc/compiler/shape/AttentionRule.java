package dev.netc.compiler.shape;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Diagnostics;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape rule of {@code scaled_dot_product_attention(q, k, v, mask)}:
 * {@code q [..., Tq, d]}, {@code k [..., Tk, d]}, {@code v [..., Tk, dv]} give
 * {@code [..., Tq, dv]}; the leading axes broadcast; an additive mask must
 * broadcast to the scores' shape {@code [..., Tq, Tk]}.
 */
public final class AttentionRule {
  private AttentionRule() {}

  public static Shape apply(Node q, Node k, Node v, Node mask, Span site, Diagnostics out) {
    for (Node n : mask == null ? List.of(q, k, v) : List.of(q, k, v, mask)) {
      if (n.type().rank() < 2) {
        out.report(Diagnostic.of(Code.RANK, n.span(), "attention", "operands of rank 2 or more ([..., T, d])",
                n.type().shape()));
        return null;
      }
    }
    Shape qs = q.type().shape();
    Shape ks = k.type().shape();
    Shape vs = v.type().shape();
    if (!qs.dim(-1).equals(ks.dim(-1))) {
      out.report(Diagnostic.of(Code.ATTENTION, k.span(), "query and key sizes differ: " + qs + " and " + ks)
          .label("keys have " + ks.dim(-1).valueText() + " features, queries " + qs.dim(-1).valueText())
          .note("scores are q @ k.T, so the last axes of q and k must match")
          .note(Describe.bindings(qs, ks)));
      return null;
    }
    if (!ks.dim(-2).equals(vs.dim(-2))) {
      out.report(Diagnostic.of(Code.ATTENTION, v.span(), "keys and values differ in length: " + ks + " and " + vs)
          .label("there are " + vs.dim(-2).valueText() + " values but " + ks.dim(-2).valueText() + " keys")
          .note("each key needs its value: the second-to-last axes of k and v must match"));
      return null;
    }
    Object batch = BroadcastRule.broadcastDims(lead(qs), lead(ks));
    if (!(batch instanceof BroadcastRule.Conflict)) {
      @SuppressWarnings("unchecked")
      List<Dim> qk = (List<Dim>) batch;
      batch = BroadcastRule.broadcastDims(qk, lead(vs));
    }
    if (batch instanceof BroadcastRule.Conflict c) {
      out.report(Diagnostic.of(Code.ATTENTION, site, "batch axes differ: " + qs + ", " + ks + ", " + vs)
          .label(c.left().valueText() + " and " + c.right().valueText() + " differ, and neither is 1"));
      return null;
    }
    @SuppressWarnings("unchecked")
    List<Dim> result = new ArrayList<>((List<Dim>) batch);
    if (mask != null) {
      List<Dim> scores = new ArrayList<>(result);
      scores.add(qs.dim(-2));
      scores.add(ks.dim(-2));
      Object fitted = BroadcastRule.broadcastDims(mask.type().shape().dims(), scores);
      if (fitted instanceof BroadcastRule.Conflict || !new Shape(castDims(fitted)).equals(new Shape(scores))) {
        out.report(Diagnostic.of(Code.ATTENTION, mask.span(), "mask " + mask.type().shape()
                + " does not broadcast to the scores' shape " + new Shape(scores))
            .label("the scores are [..., queries, keys]"));
        return null;
      }
    }
    result.add(qs.dim(-2));
    result.add(vs.dim(-1));
    return new Shape(result);
  }

  @SuppressWarnings("unchecked")
  private static List<Dim> castDims(Object o) {
    return (List<Dim>) o;
  }

  private static List<Dim> lead(Shape s) {
    return s.dims().subList(0, s.rank() - 2);
  }
}
