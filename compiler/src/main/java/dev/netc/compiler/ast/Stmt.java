package dev.netc.compiler.ast;

import dev.netc.compiler.source.Span;
import java.util.List;
import java.util.Optional;

/** A statement of a network block. */
public sealed interface Stmt {
  Span span();

  /** {@code dim d_model = 256}: a named, fixed size. */
  record DimDecl(Ident name, Expr value, Span span) implements Stmt {}

  /** {@code weights "model.safetensors"}: where parameters without inline values come from. */
  record WeightsDecl(String path, Span pathSpan, Span span) implements Stmt {}

  /** {@code input x: f32[N, 784]}. */
  record InputDecl(Ident name, TypeExpr type, Span span) implements Stmt {}

  /**
   * {@code param W: f32[784, 128]}, bound by name from the weights file; with
   * {@code = [...]} inline values, or {@code from "fc1.weight"} a tensor of the file
   * under another name.
   */
  record ParamDecl(Ident name, TypeExpr type, Optional<Expr> inline, Optional<Expr.Str> fileKey, Span span)
      implements Stmt {}

  /**
   * {@code h = expr} or, with {@code output}, {@code output y = expr}; an output may declare the
   * type it must have, {@code output y: f32[N, 10] = expr}.
   */
  record Assign(Ident name, Expr value, boolean output, Optional<TypeExpr> declared, Span span) implements Stmt {
    public Assign(Ident name, Expr value, boolean output, Span span) {
      this(name, value, output, Optional.empty(), span);
    }
  }

  /** {@code output h}, or {@code output h: f32[N, 10]}: makes an existing node an output. */
  record OutputRef(Ident name, Optional<TypeExpr> declared, Span span) implements Stmt {
    public OutputRef(Ident name, Span span) {
      this(name, Optional.empty(), span);
    }
  }

  /**
   * A statement the parser could not make sense of. Its diagnostics are
   * already reported; the name it would have defined, if any, is known so that
   * later uses of it stay quiet instead of cascading into "unknown name".
   */
  record Broken(Optional<Ident> name, Span span) implements Stmt {}

  /** The names a list of statements defines, in order. */
  static List<Ident> definedNames(List<Stmt> statements) {
    return statements.stream()
        .map(
            s ->
                switch (s) {
                  case DimDecl d -> Optional.of(d.name());
                  case InputDecl i -> Optional.of(i.name());
                  case ParamDecl p -> Optional.of(p.name());
                  case Assign a -> Optional.of(a.name());
                  case Broken b -> b.name();
                  case WeightsDecl w -> Optional.<Ident>empty();
                  case OutputRef o -> Optional.<Ident>empty();
                })
        .flatMap(Optional::stream)
        .toList();
  }
}
