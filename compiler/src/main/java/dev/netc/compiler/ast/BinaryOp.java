package dev.netc.compiler.ast;

/** The infix operators, with their spelling. */
public enum BinaryOp {
  MATMUL("@"),
  MUL("*"),
  DIV("/"),
  ADD("+"),
  SUB("-");

  private final String symbol;

  BinaryOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public static BinaryOp of(String symbol) {
    for (BinaryOp op : values()) {
      if (op.symbol.equals(symbol)) {
        return op;
      }
    }
    throw new IllegalArgumentException(symbol);
  }
}
