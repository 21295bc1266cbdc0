package dev.netc.compiler.passes;

import static dev.netc.compiler.passes.PassFixtures.applyChecked;
import static dev.netc.compiler.passes.PassFixtures.ir;
import static dev.netc.compiler.passes.PassFixtures.ofKind;
import static dev.netc.compiler.passes.PassFixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netc.compiler.interp.Interpreter;
import dev.netc.compiler.interp.Tensor;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.compiler.ir.IrNode;
import dev.netc.compiler.ir.IrPrinter;
import dev.netc.compiler.ir.Op;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadsInPlaceTest {
  private static final HeadsInPlace PASS = new HeadsInPlace();

  private static Op.Attention attention(IrGraph g) {
    return (Op.Attention) ofKind(g, Op.Attention.class).get(0).op();
  }

  @Test
  void theEncoderReadsAndWritesEveryHeadInPlace() {
    IrGraph g = applyChecked(PASS, Passes.optimize(sample("transformer_encoder.nn"), new PassOptions(true)));
    assertThat(ofKind(g, Op.Transpose.class)).isEmpty();
    assertThat(attention(g).interleaved()).isEqualTo(new Op.Heads(true, true, true, true));
    assertThat(IrPrinter.print(g)).contains(
        "context   = attention(q_reshape, k_reshape, v_reshape, mask) scale=1 heads in place: q k v out",
        "f32[N, T, heads, d_k]");
  }

  private static final String SHARED = """
      network Shared {
        input x: f32[N, T, 8]
        h = transpose(reshape(x, [N, T, 2, 4]), [0, 2, 1, 3])
        a = scaled_dot_product_attention(h, h, h)
        output y = reshape(transpose(a, [0, 2, 1, 3]), [N, T, 8])
      }
      """;

  @Test
  void aTransposeReadAsSeveralOperandsStaysButTheMergeGoes() {
    IrGraph g = applyChecked(PASS, ir(SHARED));
    assertThat(ofKind(g, Op.Transpose.class)).singleElement()
        .satisfies(t -> assertThat(t.name()).isEqualTo("h"));
    assertThat(attention(g).interleaved()).isEqualTo(new Op.Heads(false, false, false, true));
  }

  @Test
  void aCausalAttentionStaysCausalWithItsHeadsInPlaceAndItsScaleFolded() {
    IrGraph before = ir("""
        network CausalShared {
          input x: f32[N, T, 8]
          param Wq: f32[8, 8] = [1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, \
        0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]
          q = transpose(reshape(x @ Wq, [N, T, 2, 4]), [0, 2, 1, 3])
          h = transpose(reshape(x, [N, T, 2, 4]), [0, 2, 1, 3])
          a = scaled_dot_product_attention(q, h, h, causal=true)
          output y = reshape(transpose(a, [0, 2, 1, 3]), [N, T, 8])
        }
        """);
    IrGraph g = applyChecked(PASS, Passes.optimize(before, new PassOptions(true)));
    assertThat(attention(g).causal()).isTrue();
    assertThat(attention(g).interleaved().result()).isTrue();
    assertThat(IrPrinter.print(g)).contains("causal");
    Random random = new Random(4);
    double[] data = new double[2 * 5 * 8];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextGaussian();
    }
    Map<String, Tensor> in = Map.of("x", new Tensor(new long[] {2, 5, 8}, data));
    assertThat(Interpreter.run(g, in).get("y").data())
        .containsExactly(Interpreter.run(before, in).get("y").data(), org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void anAttentionThatIsAnOutputKeepsItsLayout() {
    IrGraph g = applyChecked(PASS, ir("""
        network Out {
          input q: f32[N, T, 2, 4]
          input k: f32[N, T, 2, 4]
          input v: f32[N, T, 2, 4]
          output a = scaled_dot_product_attention(transpose(q, [0, 2, 1, 3]), transpose(k, [0, 2, 1, 3]),
              transpose(v, [0, 2, 1, 3]))
          output merged = transpose(a, [0, 2, 1, 3])
        }
        """));
    assertThat(attention(g).interleaved()).isEqualTo(new Op.Heads(true, true, true, false));
    IrNode a = ofKind(g, Op.Attention.class).get(0);
    assertThat(a.shape().valueText()).isEqualTo("[N, 2, T, 4]");
  }

  @Test
  void theInterpreterGivesTheSameValuesBeforeAndAfter() {
    IrGraph before = ir(SHARED);
    IrGraph after = applyChecked(PASS, before);
    Random random = new Random(5);
    double[] x = new double[3 * 5 * 8];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
    }
    Map<String, Tensor> in = Map.of("x", Tensor.of(new long[] {3, 5, 8}, x));
    assertThat(Interpreter.run(after, in).get("y").data()).containsExactly(Interpreter.run(before, in).get("y").data());
  }
}
