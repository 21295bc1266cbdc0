/**
 * JMH benchmarks of the language server; docs/editors.md tells how to run them.
 */
package dev.netc.lsp.bench;
