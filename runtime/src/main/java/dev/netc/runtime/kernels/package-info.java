/**
 * Kernels shared by all generated networks, written for the Vector API:
 * activations, softmax and layer normalization, broadcasting arithmetic,
 * layout moves and the products of two computed operands. What depends on a
 * network's shapes (the weight matmuls) is generated per network instead.
 *
 * <p>Every array a kernel reads or writes during a forward pass is followed by
 * the {@code int} offset at which its data starts, so that a caller can pass a
 * batch kept inside a larger buffer without copying it out.
 */
package dev.netc.runtime.kernels;
