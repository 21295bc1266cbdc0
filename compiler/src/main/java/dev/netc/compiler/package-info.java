/**
 * netc's compiler. {@link dev.netc.compiler.Frontend} is the entry point of the
 * front end: parse ({@code syntax}), check ({@code check}, with the shape rules
 * of {@code shape}), report ({@code diag}), and hand a typed
 * {@code graph} on.
 */
package dev.netc.compiler;
