package dev.netc.compiler.shape;

import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.graph.Node;
import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shape rule of {@code scaled_dot_product_attention(q, k, v, mask)}:
 * {@code q [..., Tq, d]}, {@code k [..., Tk, d]}, {@code v [..., Tk, dv]} give
 * {@code [..., Tq, dv]}; the leading axes broadcast; an additive mask must
 * broadcast to the scores' shape {@code [..., Tq, Tk]}.
 */
public final class AttentionRule {
  private AttentionRule() {}

  /** The shape of the attention's result, or why there is none; {@code mask} is empty when there is none. */
  public static RuleResult<Shape> apply(Node q, Node k, Node v, Optional<Node> mask, Span site) {
    List<Node> operands = new ArrayList<>(List.of(q, k, v));
    mask.ifPresent(operands::add);
    for (Node n : operands) {
      if (n.type().rank() < 2) {
        return RuleResult.failed(Diagnostic.of(Code.RANK, n.span(), "attention",
            "operands of rank 2 or more ([..., T, d])", n.type().shape()));
      }
    }
    Shape qs = q.type().shape();
    Shape ks = k.type().shape();
    Shape vs = v.type().shape();
    if (!qs.dim(-1).equals(ks.dim(-1))) {
      return RuleResult.failed(Diagnostic.of(Code.ATTENTION, k.span(), "query and key sizes differ: " + qs + " and " + ks)
          .label("keys have " + ks.dim(-1).valueText() + " features, queries " + qs.dim(-1).valueText())
          .note("scores are q @ k.T, so the last axes of q and k must match")
          .note(Describe.bindings(qs, ks)));
    }
    if (!ks.dim(-2).equals(vs.dim(-2))) {
      return RuleResult.failed(Diagnostic.of(Code.ATTENTION, v.span(), "keys and values differ in length: " + ks
              + " and " + vs)
          .label("there are " + vs.dim(-2).valueText() + " values but " + ks.dim(-2).valueText() + " keys")
          .note("each key needs its value: the second-to-last axes of k and v must match"));
    }
    BroadcastRule.Broadcast batch = BroadcastRule.broadcastDims(lead(qs), lead(ks));
    if (batch instanceof BroadcastRule.Fits qk) {
      batch = BroadcastRule.broadcastDims(qk.dims(), lead(vs));
    }
    if (!(batch instanceof BroadcastRule.Fits fits)) {
      BroadcastRule.Conflict c = (BroadcastRule.Conflict) batch;
      return RuleResult.failed(Diagnostic.of(Code.ATTENTION, site, "batch axes differ: " + qs + ", " + ks + ", " + vs)
          .label(c.left().valueText() + " and " + c.right().valueText() + " differ, and neither is 1"));
    }
    List<Dim> result = new ArrayList<>(fits.dims());
    if (mask.isPresent()) {
      List<Dim> scores = new ArrayList<>(result);
      scores.add(qs.dim(-2));
      scores.add(ks.dim(-2));
      Shape maskShape = mask.get().type().shape();
      boolean fitsScores = BroadcastRule.broadcastDims(maskShape.dims(), scores) instanceof BroadcastRule.Fits f
          && new Shape(f.dims()).equals(new Shape(scores));
      if (!fitsScores) {
        return RuleResult.failed(Diagnostic.of(Code.ATTENTION, mask.get().span(), "mask " + maskShape
                + " does not broadcast to the scores' shape " + new Shape(scores))
            .label("the scores are [..., queries, keys]"));
      }
    }
    result.add(qs.dim(-2));
    result.add(vs.dim(-1));
    return RuleResult.ok(new Shape(result));
  }

  private static List<Dim> lead(Shape s) {
    return s.dims().subList(0, s.rank() - 2);
  }
}
