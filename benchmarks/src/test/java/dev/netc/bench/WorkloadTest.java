package dev.netc.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The FLOP and weight counts the report divides by, checked against hand counts and netc's own. */
class WorkloadTest {
  @Test
  void denseFlopsAreTwiceTheMultiplyAddsOfEveryLayer() {
    assertThat(Workload.of("mlp_s/32").flops()).isEqualTo(2L * 32 * (784 * 128 + 128 * 64 + 64 * 10));
    assertThat(Workload.of("gemm_2048/2048").flops()).isEqualTo(2L * 2048 * 2048 * 2048);
    assertThat(Workload.of("mlp_l/1").flops()).isEqualTo(2L * (1024 * 4096 + 4096 * 4096 + 4096 * 1024));
  }

  @Test
  void encoderFlopsCountProjectionsFeedForwardAndBothAttentionProducts() {
    // netc check gives 1,044*T*T + 1,579,264*T FLOPs per sequence, element-wise work included;
    // its products alone are 4*T*T*d_model + (8*d*d + 4*d*d_ff)*T.
    long t = EncoderShape.SEQ;
    long expected = 4 * t * t * 256 + (8L * 256 * 256 + 4L * 256 * 1024) * t;
    assertThat(Workload.of("encoder/8").flops()).isEqualTo(8 * expected);
    assertThat(Workload.of("encoder/1").flops()).isLessThan(1_044 * t * t + 1_579_264 * t);
  }

  @Test
  void miniLmFlopsCountSixLayersOfProjectionsFeedForwardAndAttention() {
    long t = MiniLmShape.SEQ;
    long perLayer = 4 * t * t * 384 + (8L * 384 * 384 + 4L * 384 * 1536) * t;
    assertThat(Workload.of("minilm/8").flops()).isEqualTo(8 * 6 * perLayer);
    assertThat(Workload.of("minilm/1").rows()).isEqualTo(128);
  }

  @Test
  void weightBytesMatchTheParameterCounts() {
    assertThat(Network.MLP_L.weightBytes()).isEqualTo(4L * (1024 * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 * 1024 + 1024));
    assertThat(Network.ENCODER.weightBytes()).isEqualTo(4L * 789_760); // netc check's total
    assertThat(Network.GEMM_512.weightBytes()).isEqualTo(4L * 512 * 512);
  }

  @Test
  void idsRoundTrip() {
    for (Workload w : Workload.ALL) {
      assertThat(Workload.of(w.id())).isEqualTo(w);
    }
    assertThatThrownBy(() -> Workload.of("mlp_s")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Workload.of("mlp_xl/1")).isInstanceOf(IllegalArgumentException.class);
  }
}
