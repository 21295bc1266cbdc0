package dev.netc.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reference definitions against values from Python's math module (which uses the C library's erf). */
class ActivationKindTest {
  @ParameterizedTest(name = "erf({0}) = {1}")
  @CsvSource({
      "0, 0",
      "0.001, 0.0011283787909692365",
      "0.5, 0.5204998778130465",
      "1, 0.8427007929497149",
      "-1.5, -0.9661051464753108",
      "2, 0.9953222650189527",
      "2.9, 0.9999589021219005",
      "3, 0.9999779095030014",
      "3.5, 0.9999992569016276",
      "5, 0.9999999999984626",
      "6, 1.0",
      "40, 1.0",
  })
  void erfToAFewUlps(double x, double expected) {
    assertThat(ActivationKind.erf(x)).isCloseTo(expected, within(2e-16 + 1e-15 * Math.abs(expected)));
  }

  @Test
  @DisplayName("erf is odd and tends to +-1 without NaN")
  void erfIsOdd() {
    for (double x = -8; x <= 8; x += 0.37) {
      assertThat(ActivationKind.erf(-x)).isEqualTo(-ActivationKind.erf(x));
    }
    assertThat(ActivationKind.erf(Double.POSITIVE_INFINITY)).isEqualTo(1);
    assertThat(ActivationKind.erf(Double.NEGATIVE_INFINITY)).isEqualTo(-1);
  }

  @ParameterizedTest(name = "{0}({1}) = {2}")
  @CsvSource({
      "GELU, 1, 0.8413447460685429",
      "GELU, -1, -0.15865525393145707",
      "GELU, 0.5, 0.34573123063700656",
      "GELU, 3, 2.99595030590511",
      "GELU_TANH, 1, 0.8411919906082768",
      "GELU_TANH, -1, -0.15880800939172324",
      "GELU_TANH, 0.5, 0.34571400982514394",
      "GELU_TANH, 3, 2.996362607918227",
      "SIGMOID, 0, 0.5",
      "SIGMOID, 2, 0.8807970779778823",
      "SIGMOID, -2, 0.11920292202211755",
      "TANH, 0.5, 0.46211715726000974",
      "RELU, -3, 0",
      "RELU, 2.5, 2.5",
      "IDENTITY, -7.25, -7.25",
  })
  void activations(ActivationKind kind, double x, double expected) {
    assertThat(kind.apply(x, 0)).isCloseTo(expected, within(1e-15));
  }

  @Test
  @DisplayName("leaky_relu scales negatives by alpha and keeps the rest")
  void leakyRelu() {
    assertThat(ActivationKind.LEAKY_RELU.apply(-2, 0.1)).isCloseTo(-0.2, within(1e-16));
    assertThat(ActivationKind.LEAKY_RELU.apply(3, 0.1)).isEqualTo(3);
  }

  @Test
  @DisplayName("sigmoid saturates without overflow: sigmoid(897) = 1, sigmoid(-531) ~ 0, never NaN")
  void sigmoidSaturates() {
    assertThat(ActivationKind.SIGMOID.apply(897, 0)).isEqualTo(1);
    assertThat(ActivationKind.SIGMOID.apply(-531, 0)).isBetween(0.0, 1e-200);
    assertThat(ActivationKind.SIGMOID.apply(-1e308, 0)).isEqualTo(0);
    assertThat(ActivationKind.SIGMOID.apply(Double.MAX_VALUE, 0)).isEqualTo(1);
    assertThat(ActivationKind.GELU.apply(-1e300, 0)).isEqualTo(-0.0);
    assertThat(ActivationKind.GELU_TANH.apply(1e300, 0)).isEqualTo(1e300); // x^3 overflows, tanh(inf) = 1: still x
  }
}
