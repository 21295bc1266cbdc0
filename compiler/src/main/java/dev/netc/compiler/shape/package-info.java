/**
 * Types, shapes and their rules. {@link dev.netc.compiler.shape.Dim} and
 * {@link dev.netc.compiler.shape.Shape} model sizes, fixed or run-time, and
 * {@link dev.netc.compiler.shape.TensorType} pairs a shape with its element type. Each
 * operation's shape rule lives in one class here ({@code MatmulRule} for {@code @},
 * {@code BroadcastRule} for {@code + - * /}, ...): a pure function from its operands to a
 * {@link dev.netc.compiler.shape.RuleResult}, the shape with any warnings or the diagnostic that
 * names the sizes involved and where they came from. The checker reports what the rules return.
 */
package dev.netc.compiler.shape;
