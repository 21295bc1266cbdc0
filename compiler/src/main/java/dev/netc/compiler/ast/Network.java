package dev.netc.compiler.ast;

import dev.netc.compiler.source.Span;
import java.util.List;

/**
 * A {@code network} block.
 *
 * @param doc the text of the {@code /** ... *}{@code /} comment before it, without the comment
 *     markers, or empty
 */
public record Network(Ident name, String doc, List<Stmt> statements, Span span) {
  public Network {
    statements = List.copyOf(statements);
  }
}
