package dev.netc.compiler.plan;

import dev.netc.runtime.DType;

/**
 * Scratch memory of a forward pass: a workspace slot of one element type, fetched into a local
 * variable by each method that reads or writes it.
 *
 * @param slot the workspace slot, unique among buffers of {@code dtype}
 * @param variable the local variable holding it
 * @param size its elements, in terms of the run-time dimensions
 * @param what what it holds, for the size check's message ({@code h}, {@code attention scratch})
 */
public record Buffer(int slot, String variable, DType dtype, Sum size, String what) {}
