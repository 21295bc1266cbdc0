package dev.netc.compiler.shape;

import dev.netc.compiler.diag.Diagnostic;
import java.util.List;
import java.util.function.Function;

/**
 * What a shape rule concludes: the value it computes (a shape, an axis, a slice) with any
 * warnings about it, or the error that says why there is none. Rules report nothing themselves;
 * the checker reports what they return, so a rule is a pure function of its operands.
 */
public sealed interface RuleResult<T> {
  /** The rule's value, and warnings such as an accidental outer product. */
  record Ok<T>(T value, List<Diagnostic> warnings) implements RuleResult<T> {
    public Ok {
      warnings = List.copyOf(warnings);
    }
  }

  /** Why the rule has no value. */
  record Failed<T>(Diagnostic error) implements RuleResult<T> {}

  static <T> RuleResult<T> ok(T value) {
    return new Ok<>(value, List.of());
  }

  static <T> RuleResult<T> failed(Diagnostic.Builder error) {
    return new Failed<>(error.build());
  }

  /** This result with its value transformed; a failure stays the same failure. */
  default <U> RuleResult<U> map(Function<T, U> f) {
    return switch (this) {
      case Ok<T> ok -> new Ok<>(f.apply(ok.value()), ok.warnings());
      case Failed<T> failed -> new Failed<>(failed.error());
    };
  }

  /** The next rule, applied to this one's value; warnings of both are kept. */
  default <U> RuleResult<U> then(Function<T, RuleResult<U>> next) {
    return switch (this) {
      case Ok<T> ok -> switch (next.apply(ok.value())) {
        case Ok<U> after -> new Ok<>(after.value(),
            java.util.stream.Stream.concat(ok.warnings().stream(), after.warnings().stream()).toList());
        case Failed<U> failed -> failed;
      };
      case Failed<T> failed -> new Failed<>(failed.error());
    };
  }
}
