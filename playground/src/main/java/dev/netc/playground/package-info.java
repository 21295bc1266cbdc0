/**
 * {@code netc playground}: a local web page, served by the JDK's own HTTP server, that shows what
 * the compiler makes of a spec as it is typed: the diagnostics of {@code netc check} with their
 * fixes, the shape of every statement, the summary, the graph, the generated Java, and the output
 * of the generated class on an input.
 *
 * <p>It is an adapter like the others: every answer comes from {@code dev.netc.compiler.Compiler}.
 * It compiles text it is sent, so it opens no file a spec names ({@code
 * CompileRequest.inlineOnly}), refuses large requests, and bounds the time each one takes.
 */
package dev.netc.playground;
