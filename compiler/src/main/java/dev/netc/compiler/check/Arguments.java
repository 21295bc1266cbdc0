package dev.netc.compiler.check;

import dev.netc.compiler.ast.Expr;
import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Diagnostics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a call's arguments to an operation's parameters, Python style:
 * positional first, then by keyword; reports too many, unknown, repeated and
 * missing arguments, each at its own span.
 */
final class Arguments {
  /** A parameter of an operation; {@code required} ones have no default. */
  record Param(String name, boolean required) {}

  static Param required(String name) {
    return new Param(name, true);
  }

  static Param optional(String name) {
    return new Param(name, false);
  }

  /** Names other libraries use for a parameter netc names otherwise. */
  private static final Map<String, String> ALIASES = Map.of(
      "dim", "axis", "perm", "axes", "epsilon", "eps", "negative_slope", "alpha", "out_features", "units",
      "input", "x", "start_dim", "start", "attn_mask", "mask", "query", "q", "key", "k");

  private final Map<String, Expr> bound;

  private Arguments(Map<String, Expr> bound) {
    this.bound = bound;
  }

  Expr get(String name) {
    return bound.get(name);
  }

  boolean has(String name) {
    return bound.containsKey(name);
  }

  /** The bound arguments, or null after reporting why the call does not fit. */
  static Arguments bind(Expr.Call call, List<Param> params, Diagnostics out) {
    String op = call.callee().text();
    Map<String, Expr> bound = new LinkedHashMap<>();
    boolean ok = true;
    int positional = 0;
    boolean sawKeyword = false;
    for (Expr.Arg arg : call.args()) {
      if (arg.key() == null) {
        if (sawKeyword) {
          out.report(Diagnostic.of(Code.POSITIONAL_AFTER_NAMED, arg.span())
              .label("name this argument too, or move it before the named ones"));
          ok = false;
          continue;
        }
        if (positional >= params.size()) {
          out.report(Diagnostic.of(Code.TOO_MANY_ARGUMENTS, arg.span(), op, params.size(),
                  params.size() == 1 ? "" : "s", call.args().size())
              .label("this one is extra")
              .note(signature(op, params)));
          ok = false;
          continue;
        }
        bound.put(params.get(positional++).name(), arg.value());
      } else {
        sawKeyword = true;
        String key = arg.key().text();
        if (params.stream().noneMatch(p -> p.name().equals(key))) {
          Diagnostic.Builder d = Diagnostic.of(Code.UNKNOWN_ARGUMENT, arg.key().span(), op, key)
              .note(signature(op, params));
          String alias = ALIASES.get(key);
          if (alias != null && params.stream().anyMatch(p -> p.name().equals(alias))) {
            d.fix(NameHints.replace(arg.key().span(), alias, "netc calls it `" + alias + "`: write `" + alias + "=`"));
          } else {
            NameHints.closest(key, params.stream().map(Param::name).toList())
                .ifPresent(k -> d.fix(NameHints.didYouMean(arg.key().span(), k)));
          }
          out.report(d);
          ok = false;
          continue;
        }
        if (bound.containsKey(key)) {
          out.report(Diagnostic.of(Code.DUPLICATE_ARGUMENT, arg.key().span(), key)
              .label("given again here"));
          ok = false;
          continue;
        }
        bound.put(key, arg.value());
      }
    }
    List<String> missing = new ArrayList<>();
    for (Param p : params) {
      if (p.required() && !bound.containsKey(p.name())) {
        missing.add("`" + p.name() + "`");
      }
    }
    if (!missing.isEmpty()) {
      out.report(Diagnostic.of(Code.MISSING_ARGUMENT, call.span(), op, String.join(", ", missing))
          .note(signature(op, params)));
      ok = false;
    }
    return ok ? new Arguments(bound) : null;
  }

  static String signature(String op, List<Param> params) {
    return "usage: " + call(op, params);
  }

  /** {@code softmax(x, axis=...)}: the call with every parameter, optional ones marked {@code =...}. */
  static String call(String op, List<Param> params) {
    List<String> parts = new ArrayList<>();
    for (Param p : params) {
      parts.add(p.required() ? p.name() : p.name() + "=...");
    }
    return op + "(" + String.join(", ", parts) + ")";
  }
}
