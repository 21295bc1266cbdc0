/**
 * Turns JMH's JSON results ({@code -rf json}) into the Markdown tables of
 * {@code benchmarks/README.md}: time per forward pass, GFLOP/s, and how many times faster netc is
 * than each peer. The entry point is {@link dev.netc.bench.report.Report}.
 */
package dev.netc.bench.report;
