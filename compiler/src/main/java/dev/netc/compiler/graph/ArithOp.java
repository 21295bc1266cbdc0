package dev.netc.compiler.graph;

/** Element-wise arithmetic. */
public enum ArithOp {
  ADD("+"),
  SUB("-"),
  MUL("*"),
  DIV("/");

  private final String symbol;

  ArithOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public double apply(double a, double b) {
    return switch (this) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
    };
  }
}
