package dev.netc.runtime.ops;

/** Element-wise arithmetic: {@code + - * /}. */
public enum ArithOp {
  ADD("+"),
  SUB("-"),
  MUL("*"),
  DIV("/");

  private final String symbol;

  ArithOp(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as a spec writes it: {@code +}. */
  public String symbol() {
    return symbol;
  }

  /** The reference definition, in double precision. */
  public double apply(double a, double b) {
    return switch (this) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
    };
  }

  /** The same in single precision, as kernels compute it. */
  public float apply(float a, float b) {
    return switch (this) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
    };
  }
}
