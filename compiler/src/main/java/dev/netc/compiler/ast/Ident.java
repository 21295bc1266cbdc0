package dev.netc.compiler.ast;

import dev.netc.compiler.source.Span;

/** A name as written, with where it was written. */
public record Ident(String text, Span span) {}
