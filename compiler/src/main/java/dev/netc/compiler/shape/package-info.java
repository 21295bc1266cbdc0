/**
 * Shapes and their rules. {@link dev.netc.compiler.shape.Dim} and
 * {@link dev.netc.compiler.shape.Shape} model sizes, fixed or run-time; each
 * operation's shape rule lives in one class here ({@code MatmulRule} for
 * {@code @}, {@code BroadcastRule} for {@code + - * /}, ...), and reports its
 * own diagnostics with the sizes involved and where they came from.
 */
package dev.netc.compiler.shape;
