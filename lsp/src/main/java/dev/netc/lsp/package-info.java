/**
 * The netc language server, on Eclipse LSP4J: diagnostics as you type, hover
 * with shapes, parameter counts and FLOPs, inlay hints of inferred shapes, go to
 * definition, references, document symbols, completion, semantic tokens and the
 * compiler's fixes as quick fixes.
 *
 * <p>{@link dev.netc.lsp.NetcLanguageServer} speaks the protocol;
 * {@link dev.netc.lsp.Workspace} keeps the open documents and runs their checks
 * off the protocol thread; {@link dev.netc.lsp.Analysis} is one checked version
 * of a document, from which each feature's small class answers, worded for
 * what the editor declared it can show ({@link dev.netc.lsp.ClientFeatures}:
 * related information, hover format, versioned edits). The checking is
 * the compiler's: {@code dev.netc.compiler.Frontend} and the
 * {@link dev.netc.compiler.check.SemanticIndex} it builds.
 */
package dev.netc.lsp;
