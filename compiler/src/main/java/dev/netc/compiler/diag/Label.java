package dev.netc.compiler.diag;

import dev.netc.compiler.source.Span;

/** A secondary place a diagnostic points to, with what it says there. */
public record Label(Span span, String message) {}
