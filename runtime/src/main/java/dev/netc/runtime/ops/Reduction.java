package dev.netc.runtime.ops;

/**
 * The reductions along axes, by the name a spec calls them: {@code sum}, {@code mean},
 * {@code max}, each with its reference definition in double precision.
 */
public enum Reduction {
  SUM("sum"),
  MEAN("mean"),
  MAX("max");

  private final String spelling;

  Reduction(String spelling) {
    this.spelling = spelling;
  }

  /** The name a spec calls it by. */
  public String spelling() {
    return spelling;
  }

  /** The reference definition over {@code count} values, {@code at(i)} for {@code i < count}. */
  public double apply(int count, java.util.function.IntToDoubleFunction at) {
    double acc = this == MAX ? Double.NEGATIVE_INFINITY : 0;
    for (int i = 0; i < count; i++) {
      acc = this == MAX ? Math.max(acc, at.applyAsDouble(i)) : acc + at.applyAsDouble(i);
    }
    return this == MEAN ? acc / count : acc;
  }
}
