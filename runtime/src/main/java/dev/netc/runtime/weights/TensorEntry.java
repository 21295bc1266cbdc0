package dev.netc.runtime.weights;

/**
 * Where a validated tensor's data lives.
 *
 * @param info what the file declares about the tensor
 * @param dataOffset for a plain file, the absolute offset of the first data byte; inside an npz,
 *     the offset within the uncompressed entry, that is the length of its .npy header
 * @param zipEntry the npz entry holding the tensor, or null for a plain file
 */
record TensorEntry(TensorInfo info, long dataOffset, String zipEntry) {}
