/**
 * Kernels shared by all generated networks, written for the Vector API:
 * activations, softmax and layer normalization, broadcasting arithmetic,
 * layout moves and the products of two computed operands. What depends on a
 * network's shapes (the weight matmuls) is generated per network instead.
 */
package dev.netc.runtime.kernels;
