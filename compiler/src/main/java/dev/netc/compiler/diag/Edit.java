package dev.netc.compiler.diag;

import dev.netc.compiler.source.Span;

/** Replace the text of {@code span} with {@code replacement}; an empty span inserts. */
public record Edit(Span span, String replacement) {}
