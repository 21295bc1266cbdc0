package dev.netc.compiler.graph;

import java.util.Optional;

/** Element-wise activations, by the name a spec uses for them. */
public enum ActivationKind {
  IDENTITY("identity"),
  RELU("relu"),
  LEAKY_RELU("leaky_relu"),
  SIGMOID("sigmoid"),
  TANH("tanh"),
  /** The exact form, {@code x * Phi(x)} with the normal CDF via erf. */
  GELU("gelu"),
  /** The tanh approximation, {@code 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3)))}. */
  GELU_TANH("gelu_tanh");

  private final String spelling;

  ActivationKind(String spelling) {
    this.spelling = spelling;
  }

  public String spelling() {
    return spelling;
  }

  public static Optional<ActivationKind> parse(String name) {
    for (ActivationKind k : values()) {
      if (k.spelling.equals(name)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
