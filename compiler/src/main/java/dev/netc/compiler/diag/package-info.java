/**
 * Diagnostics: the catalogue of codes ({@link dev.netc.compiler.diag.Code}), the
 * one diagnostic model every phase reports in, and its renderers (human,
 * one-line, JSON). Adapters (CLI, build plugin, language server) render the
 * same {@link dev.netc.compiler.diag.Diagnostic} records.
 */
package dev.netc.compiler.diag;
